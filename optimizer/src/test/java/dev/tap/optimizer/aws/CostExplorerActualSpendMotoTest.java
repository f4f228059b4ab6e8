package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.tap.optimizer.pricing.ActualSpend;
import dev.tap.optimizer.pricing.SpendReport;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cost Explorer adapter against results loaded into moto, read across pages. */
@ExtendWith(MotoServer.Extension.class)
class CostExplorerActualSpendMotoTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T08:30:00Z"), ZoneOffset.UTC);

  /** One ResultsByTime entry of GetCostAndUsage, grouped by service. */
  static String period(String start, String end, boolean estimated, String... serviceAmounts) {
    StringBuilder groups = new StringBuilder();
    for (int i = 0; i < serviceAmounts.length; i += 2) {
      if (i > 0) groups.append(',');
      groups.append("{\"Keys\":[\"").append(serviceAmounts[i]).append("\"],\"Metrics\":{\"UnblendedCost\":")
          .append("{\"Amount\":\"").append(serviceAmounts[i + 1]).append("\",\"Unit\":\"USD\"}}}");
    }
    return "{\"TimePeriod\":{\"Start\":\"" + start + "\",\"End\":\"" + end + "\"},\"Total\":{},\"Groups\":["
        + groups + "],\"Estimated\":" + estimated + "}";
  }

  /** Two pages of the last 60 days before {@link #CLOCK}: EC2 and ElastiCache over three months. */
  static void loadTwoPages(MotoServer moto) {
    String page1 = "{\"NextPageToken\":\"page-2\",\"GroupDefinitions\":[{\"Type\":\"DIMENSION\",\"Key\":\"SERVICE\"}],"
        + "\"ResultsByTime\":[" + period("2026-09-23", "2026-10-01", false,
            "Amazon Elastic Compute Cloud - Compute", "8123.4567891234", "Amazon ElastiCache", "16398.72")
        + "," + period("2026-10-01", "2026-11-01", false, "Amazon Elastic Compute Cloud - Compute", "31476.30") + "]}";
    String page2 = "{\"GroupDefinitions\":[{\"Type\":\"DIMENSION\",\"Key\":\"SERVICE\"}],\"ResultsByTime\":["
        + period("2026-10-01", "2026-11-01", false, "Amazon ElastiCache", "63544.80")
        + "," + period("2026-11-01", "2026-11-22", true, "Amazon Elastic Compute Cloud - Compute", "21323.10",
            "Amazon ElastiCache", "43049.16") + "]}";
    moto.post("/moto-api/static/ce/cost-and-usage-results", "{\"results\":[" + page1 + "," + page2 + "]}");
  }

  @Test
  void readsMonthlySpendPerServiceAcrossPages(MotoServer moto) {
    loadTwoPages(moto);

    SpendReport report;
    try (AwsClients aws = moto.clients(null)) {
      report = new CostExplorerActualSpend(aws, CLOCK).lastDays(ActualSpend.DEFAULT_DAYS);
    }

    assertThat(report).isInstanceOf(SpendReport.Available.class);
    SpendReport.Available a = (SpendReport.Available) report;
    assertThat(a.start()).isEqualTo(LocalDate.of(2026, 9, 23));  // 60 days before 2026-11-22
    assertThat(a.end()).isEqualTo(LocalDate.of(2026, 11, 22));
    assertThat(a.rows()).hasSize(6);
    assertThat(a.rows().get(0)).isEqualTo(new SpendReport.ServiceMonthSpend(LocalDate.of(2026, 9, 23),
        LocalDate.of(2026, 10, 1), "Amazon Elastic Compute Cloud - Compute", 8123.4567891234, "USD", false));
    assertThat(a.rows()).filteredOn(SpendReport.ServiceMonthSpend::estimated).hasSize(2);
    Map<LocalDate, Double> byPeriod = a.totalByPeriod();
    assertThat(byPeriod.get(LocalDate.of(2026, 10, 1))).isCloseTo(95021.10, offset(1e-6));
    assertThat(a.totalByService().get("Amazon ElastiCache")).isCloseTo(122992.68, offset(1e-6));
  }
}
