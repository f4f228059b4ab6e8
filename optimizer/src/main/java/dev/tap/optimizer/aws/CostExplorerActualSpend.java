package dev.tap.optimizer.aws;

import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.pricing.ActualSpend;
import dev.tap.optimizer.pricing.SpendReport;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.costexplorer.model.DataUnavailableException;
import software.amazon.awssdk.services.costexplorer.model.DateInterval;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinition;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

/**
 * {@link ActualSpend} from Cost Explorer GetCostAndUsage: MONTHLY, UnblendedCost, grouped by
 * SERVICE. A failure never stops a report: it becomes {@link SpendReport.Unavailable} with the
 * paragraph {@link AwsClients#call} makes of it.
 */
public final class CostExplorerActualSpend implements ActualSpend {
  static final String METRIC = "UnblendedCost";
  private final AwsClients aws;
  private final Clock clock;

  public CostExplorerActualSpend(AwsClients aws, Clock clock) {
    this.aws = aws;
    this.clock = clock;
  }

  @Override
  public SpendReport lastDays(int days) {
    if (days < 1) {
      throw new IllegalArgumentException("days must be positive: " + days);
    }
    LocalDate end = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate start = end.minusDays(days);
    try {
      return new SpendReport.Available(start, end, read(start, end));
    } catch (UserError e) {
      if (e.getCause() instanceof DataUnavailableException) {
        return new SpendReport.Unavailable("Cost Explorer has no data for this account yet (DataUnavailableException);"
            + " enable Cost Explorer in the Billing console, data appears within 24 hours");
      }
      return new SpendReport.Unavailable(e.getMessage());
    }
  }

  private List<SpendReport.ServiceMonthSpend> read(LocalDate start, LocalDate end) {
    List<SpendReport.ServiceMonthSpend> rows = new ArrayList<>();
    String token = null;
    do {
      GetCostAndUsageRequest request = GetCostAndUsageRequest.builder()
          .timePeriod(DateInterval.builder().start(start.toString()).end(end.toString()).build())
          .granularity(Granularity.MONTHLY)
          .metrics(METRIC)
          .groupBy(GroupDefinition.builder().type(GroupDefinitionType.DIMENSION).key("SERVICE").build())
          .nextPageToken(token)
          .build();
      GetCostAndUsageResponse page = aws.call("ce:GetCostAndUsage", AwsClients.BILLING_REGION, () -> aws.costExplorer().getCostAndUsage(request));
      for (ResultByTime period : page.resultsByTime()) {
        LocalDate from = LocalDate.parse(period.timePeriod().start());
        LocalDate to = LocalDate.parse(period.timePeriod().end());
        boolean estimated = Boolean.TRUE.equals(period.estimated());
        for (Group g : period.groups()) {
          MetricValue v = g.metrics().get(METRIC);
          if (v != null && !g.keys().isEmpty()) {
            rows.add(new SpendReport.ServiceMonthSpend(
                from, to, g.keys().get(0), Double.parseDouble(v.amount()), v.unit(), estimated));
          }
        }
      }
      token = page.nextPageToken();
    } while (token != null && !token.isEmpty());
    return rows;
  }
}
