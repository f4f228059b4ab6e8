package dev.tap.optimizer.pricing;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
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

/** {@link ActualSpend} from Cost Explorer GetCostAndUsage: MONTHLY, UnblendedCost, grouped by SERVICE. */
public final class CostExplorerActualSpend implements ActualSpend {
  static final String METRIC = "UnblendedCost";
  private final CostExplorerClient client;
  private final Clock clock;

  public CostExplorerActualSpend(CostExplorerClient client, Clock clock) {
    this.client = client;
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
    } catch (DataUnavailableException e) {
      return new SpendReport.Unavailable("Cost Explorer has no data for this account yet (DataUnavailableException);"
          + " enable Cost Explorer in the Billing console, data appears within 24 hours");
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
      if (AwsFailures.refusedAccess(e)) {
        return new SpendReport.Unavailable("access denied by Cost Explorer (" + code
            + "); the identity in use needs ce:GetCostAndUsage");
      }
      return new SpendReport.Unavailable("Cost Explorer error " + code + " (HTTP " + e.statusCode() + ")");
    } catch (SdkClientException e) {
      return new SpendReport.Unavailable(AwsFailures.clientProblem("Cost Explorer", e));
    }
  }

  private List<SpendReport.ServiceMonthSpend> read(LocalDate start, LocalDate end) {
    List<SpendReport.ServiceMonthSpend> rows = new ArrayList<>();
    String token = null;
    do {
      GetCostAndUsageResponse page = client.getCostAndUsage(GetCostAndUsageRequest.builder()
          .timePeriod(DateInterval.builder().start(start.toString()).end(end.toString()).build())
          .granularity(Granularity.MONTHLY)
          .metrics(METRIC)
          .groupBy(GroupDefinition.builder().type(GroupDefinitionType.DIMENSION).key("SERVICE").build())
          .nextPageToken(token)
          .build());
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
