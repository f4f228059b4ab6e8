package dev.tap.optimizer.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;

/** Cost Explorer adapter: results loaded into moto, and the unavailable paths against served errors. */
class CostExplorerActualSpendTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T08:30:00Z"), ZoneOffset.UTC);
  private static MotoServer moto;

  @BeforeAll
  static void startMoto() throws Exception {
    var exe = MotoServer.executable();
    if (exe.isPresent()) {
      moto = MotoServer.start(exe.get());
    }
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  private static SpendReport spend(URI endpoint, AwsCredentialsProvider credentials) {
    try (CostExplorerClient ce = PricingClients.costExplorer(
        new AwsClientSettings(Region.US_EAST_1, null, endpoint, credentials))) {
      return new CostExplorerActualSpend(ce, CLOCK).lastDays(ActualSpend.DEFAULT_DAYS);
    }
  }

  private static String period(String start, String end, boolean estimated, String... serviceAmounts) {
    StringBuilder groups = new StringBuilder();
    for (int i = 0; i < serviceAmounts.length; i += 2) {
      if (i > 0) {
        groups.append(',');
      }
      groups.append("{\"Keys\":[\"").append(serviceAmounts[i]).append("\"],\"Metrics\":{\"UnblendedCost\":")
          .append("{\"Amount\":\"").append(serviceAmounts[i + 1]).append("\",\"Unit\":\"USD\"}}}");
    }
    return "{\"TimePeriod\":{\"Start\":\"" + start + "\",\"End\":\"" + end + "\"},\"Total\":{},\"Groups\":["
        + groups + "],\"Estimated\":" + estimated + "}";
  }

  @Test
  void readsMonthlySpendPerServiceAcrossPagesFromMoto() throws Exception {
    assumeTrue(moto != null, "skipped: moto_server is not on PATH (pip install 'moto[server]' to run this test)");
    moto.post("/moto-api/reset", "{}");
    String page1 = "{\"NextPageToken\":\"page-2\",\"GroupDefinitions\":[{\"Type\":\"DIMENSION\",\"Key\":\"SERVICE\"}],"
        + "\"ResultsByTime\":[" + period("2026-09-23", "2026-10-01", false,
            "Amazon Elastic Compute Cloud - Compute", "8123.4567891234", "Amazon ElastiCache", "16398.72")
        + "," + period("2026-10-01", "2026-11-01", false, "Amazon Elastic Compute Cloud - Compute", "31476.30") + "]}";
    String page2 = "{\"GroupDefinitions\":[{\"Type\":\"DIMENSION\",\"Key\":\"SERVICE\"}],\"ResultsByTime\":["
        + period("2026-10-01", "2026-11-01", false, "Amazon ElastiCache", "63544.80")
        + "," + period("2026-11-01", "2026-11-22", true, "Amazon Elastic Compute Cloud - Compute", "21323.10",
            "Amazon ElastiCache", "43049.16") + "]}";
    moto.post("/moto-api/static/ce/cost-and-usage-results", "{\"results\":[" + page1 + "," + page2 + "]}");

    SpendReport report = spend(moto.endpoint(), ServedAwsJson.TEST_CREDENTIALS);

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

  @Test
  void requestsSixtyDaysMonthlyUnblendedCostByService() throws Exception {
    try (ServedAwsJson served = new ServedAwsJson((t, b) -> new ServedAwsJson.Reply(200, "{\"ResultsByTime\":[]}"))) {
      SpendReport report = spend(served.endpoint(), ServedAwsJson.TEST_CREDENTIALS);
      assertThat(report).isEqualTo(new SpendReport.Available(LocalDate.of(2026, 9, 23), LocalDate.of(2026, 11, 22), List.of()));
      var body = served.requests.get(0);
      assertThat(body.path("TimePeriod").path("Start").asText()).isEqualTo("2026-09-23");
      assertThat(body.path("TimePeriod").path("End").asText()).isEqualTo("2026-11-22");
      assertThat(body.path("Granularity").asText()).isEqualTo("MONTHLY");
      assertThat(body.path("Metrics").toString()).isEqualTo("[\"UnblendedCost\"]");
      assertThat(body.path("GroupBy").toString()).isEqualTo("[{\"Type\":\"DIMENSION\",\"Key\":\"SERVICE\"}]");
    }
  }

  @Test
  void accessDeniedIsUnavailableNamingThePermission() throws Exception {
    try (ServedAwsJson served = new ServedAwsJson((t, b) -> ServedAwsJson.error(400, "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ce:GetCostAndUsage"))) {
      SpendReport report = spend(served.endpoint(), ServedAwsJson.TEST_CREDENTIALS);
      assertThat(report).isInstanceOf(SpendReport.Unavailable.class);
      assertThat(((SpendReport.Unavailable) report).message()).startsWith("actual spend unavailable: access denied")
          .contains("ce:GetCostAndUsage");
    }
  }

  @Test
  void costExplorerNotEnabledIsUnavailable() throws Exception {
    try (ServedAwsJson served = new ServedAwsJson((t, b) ->
        ServedAwsJson.error(400, "DataUnavailableException", "Data is not available."))) {
      assertThat(((SpendReport.Unavailable) spend(served.endpoint(), ServedAwsJson.TEST_CREDENTIALS)).reason())
          .contains("no data for this account yet");
    }
  }

  @Test
  void unreachableIsUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    SpendReport report = spend(URI.create("http://127.0.0.1:" + closedPort), ServedAwsJson.TEST_CREDENTIALS);
    assertThat(((SpendReport.Unavailable) report).message()).startsWith("actual spend unavailable: Cost Explorer is unreachable");
  }

  @Test
  void noCredentialsIsUnavailable() throws Exception {
    AwsCredentialsProvider none = () -> {
      throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
    };
    try (ServedAwsJson served = new ServedAwsJson((t, b) -> new ServedAwsJson.Reply(200, "{}"))) {
      SpendReport report = spend(served.endpoint(), none);
      assertThat(((SpendReport.Unavailable) report).message())
          .startsWith("actual spend unavailable: no AWS credentials found for Cost Explorer");
      assertThat(served.requests).isEmpty();
    }
  }
}
