package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.pricing.ActualSpend;
import dev.tap.optimizer.pricing.SpendReport;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/** Cost Explorer adapter: the request it makes, and every unavailable path, against served answers. */
class CostExplorerActualSpendServedTest {

  private static SpendReport spend(URI endpoint, AwsCredentialsProvider credentials) {
    try (AwsClients aws = new AwsClients(new AwsOptions(null, null, endpoint.toString()), credentials, 2, BackoffStrategy.retryImmediately())) {
      return new CostExplorerActualSpend(aws, CostExplorerActualSpendMotoTest.CLOCK).lastDays(ActualSpend.DEFAULT_DAYS);
    }
  }

  @Test
  void requestsSixtyDaysMonthlyUnblendedCostByServiceInUsEast1() throws Exception {
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
      assertThat(((SpendReport.Unavailable) report).message()).startsWith("actual spend unavailable: AWS denied ce:GetCostAndUsage in us-east-1")
          .contains("Grant the IAM permission 'ce:GetCostAndUsage'");
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
    assertThat(((SpendReport.Unavailable) report).message())
        .startsWith("actual spend unavailable: Cannot reach http://127.0.0.1:" + closedPort + " (--endpoint-url) for ce:GetCostAndUsage");
  }

  @Test
  void noCredentialsIsUnavailable() throws Exception {
    AwsCredentialsProvider none = () -> {
      throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
    };
    try (ServedAwsJson served = new ServedAwsJson((t, b) -> new ServedAwsJson.Reply(200, "{}"))) {
      SpendReport report = spend(served.endpoint(), none);
      assertThat(((SpendReport.Unavailable) report).message())
          .startsWith("actual spend unavailable: No valid AWS credentials for ce:GetCostAndUsage in us-east-1").contains("--aws-profile");
      assertThat(served.requests).isEmpty();
    }
  }
}
