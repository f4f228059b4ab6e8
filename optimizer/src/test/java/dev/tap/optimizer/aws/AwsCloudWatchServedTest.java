package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.metrics.MetricDataThrottledException;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataPage;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataRequest;
import dev.tap.optimizer.metrics.MetricQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GetMetricData against served query-protocol responses: what moto cannot do. */
class AwsCloudWatchServedTest {

  static final Instant START = Instant.parse("2026-11-01T10:00:00Z");
  static final Instant END = Instant.parse("2026-11-01T10:05:00Z");
  static final MetricQuery LATENCY_P95 = new MetricQuery("latP95", "TAP/SLO", "Latency", Map.of("Blueprint", "trading", "Environment", "dev"), "p95", 60);
  static final MetricQuery CPU = new MetricQuery("cpu", "AWS/RDS", "CPUUtilization", Map.of("DBClusterIdentifier", "tap-dev-trading-aurora"), "Average", 60);

  final ServedAws served = new ServedAws();

  @AfterEach
  void stop() {
    served.close();
  }

  static String response(String nextToken, String... results) {
    return "<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">\n  <GetMetricDataResult>\n    <MetricDataResults>\n"
        + String.join("", results) + "    </MetricDataResults>\n"
        + (nextToken == null ? "" : "    <NextToken>" + nextToken + "</NextToken>\n")
        + "    <Messages/>\n  </GetMetricDataResult>\n"
        + "  <ResponseMetadata>\n    <RequestId>0b7d3a52-6c3e-4f0a-9a57-3f1d2e4c5b6a</RequestId>\n  </ResponseMetadata>\n</GetMetricDataResponse>\n";
  }

  static String result(String id, String status, String[] times, double[] values, String... messages) {
    StringBuilder b = new StringBuilder("      <member>\n        <Id>").append(id).append("</Id>\n        <Label>").append(id).append("</Label>\n        <Timestamps>\n");
    for (String t : times) b.append("          <member>").append(t).append("</member>\n");
    b.append("        </Timestamps>\n        <Values>\n");
    for (double v : values) b.append("          <member>").append(v).append("</member>\n");
    b.append("        </Values>\n        <StatusCode>").append(status).append("</StatusCode>\n");
    if (messages.length > 0) {
      b.append("        <Messages>\n");
      for (String m : messages) b.append("          <member><Code>").append(m.split(":")[0]).append("</Code><Value>").append(m.split(":")[1]).append("</Value></member>\n");
      b.append("        </Messages>\n");
    }
    return b.append("      </member>\n").toString();
  }

  AwsCloudWatch cloudWatch(int attempts) {
    return new AwsCloudWatch(served.clients("us-east-1", attempts), null);
  }

  static MetricDataRequest request(String token, MetricQuery... queries) {
    return new MetricDataRequest(List.of(queries), START, END, token);
  }

  @Test
  void percentileQueryIsSentAsMetricStatAndItsValuesComeBackOldestFirst() {
    served.answerXml(200, response(null,
        result("latP95", "Complete", new String[] {"2026-11-01T10:00:00Z", "2026-11-01T10:01:00Z", "2026-11-01T10:02:00Z"}, new double[] {11.5, 14.25, 16.0}),
        result("cpu", "Complete", new String[] {"2026-11-01T10:00:00Z"}, new double[] {37.5})));

    MetricDataPage page = cloudWatch(3).getMetricData(request(null, LATENCY_P95, CPU));

    Map<String, String> form = served.requests().get(0).form();
    assertThat(form).containsEntry("Action", "GetMetricData")
        .containsEntry("ScanBy", "TimestampAscending")
        .containsEntry("StartTime", "2026-11-01T10:00:00Z")
        .containsEntry("EndTime", "2026-11-01T10:05:00Z")
        .containsEntry("MetricDataQueries.member.1.Id", "latP95")
        .containsEntry("MetricDataQueries.member.1.MetricStat.Stat", "p95")
        .containsEntry("MetricDataQueries.member.1.MetricStat.Period", "60")
        .containsEntry("MetricDataQueries.member.1.MetricStat.Metric.Namespace", "TAP/SLO")
        .containsEntry("MetricDataQueries.member.1.MetricStat.Metric.MetricName", "Latency")
        .containsEntry("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name", "Blueprint")
        .containsEntry("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value", "trading")
        .containsEntry("MetricDataQueries.member.2.MetricStat.Stat", "Average")
        .doesNotContainKey("NextToken");
    assertThat(page.nextToken()).isNull();
    assertThat(page.results()).hasSize(2);
    assertThat(page.results().get(0).query()).isEqualTo(LATENCY_P95);
    assertThat(page.results().get(0).times()).containsExactly(START.getEpochSecond(), START.getEpochSecond() + 60, START.getEpochSecond() + 120);
    assertThat(page.results().get(0).values()).containsExactly(11.5, 14.25, 16.0);
    assertThat(page.results().get(1).values()).containsExactly(37.5);
  }

  @Test
  void partialDataWithNextTokenIsOnePageAndTheTokenIsSentBack() {
    served.answerXml(200, response("tok-2", result("cpu", "PartialData", new String[] {"2026-11-01T10:00:00Z", "2026-11-01T10:01:00Z"}, new double[] {40, 41})))
        .answerXml(200, response(null, result("cpu", "Complete", new String[] {"2026-11-01T10:02:00Z"}, new double[] {42})));
    AwsCloudWatch cw = cloudWatch(3);

    MetricDataPage first = cw.getMetricData(request(null, CPU));
    MetricDataPage second = cw.getMetricData(request(first.nextToken(), CPU));

    assertThat(first.nextToken()).isEqualTo("tok-2");
    assertThat(first.results().get(0).values()).containsExactly(40, 41);
    assertThat(served.requests().get(1).form()).containsEntry("NextToken", "tok-2");
    assertThat(second.nextToken()).isNull();
    assertThat(second.results().get(0).times()).containsExactly(START.getEpochSecond() + 120);
  }

  @Test
  void throttlingGoesBackToTheEngineAtTheFirstRefusal() {
    served.answerXml(400, ServedAws.queryError("Sender", "Throttling", "Rate exceeded"));

    assertThatThrownBy(() -> cloudWatch(3).getMetricData(request(null, CPU)))
        .isInstanceOfSatisfying(MetricDataThrottledException.class, e -> assertThat(e.code()).isEqualTo("Throttling"))
        .hasMessageContaining("Rate exceeded")
        .hasMessageContaining("us-east-1");
    assertThat(served.requests()).as("the SDK must not retry a throttle: the engine's rate budget does").hasSize(1);
  }

  @Test
  void aServerErrorIsRetriedByTheSdkAndThenSucceeds() {
    served.answerXml(500, ServedAws.queryError("Receiver", "InternalFailure", "An internal error occurred"))
        .answerXml(200, response(null, result("cpu", "Complete", new String[] {"2026-11-01T10:00:00Z"}, new double[] {12})));

    MetricDataPage page = cloudWatch(3).getMetricData(request(null, CPU));

    assertThat(served.requests()).hasSize(2);
    assertThat(page.results().get(0).values()).containsExactly(12);
  }

  @Test
  void anAccessDeniedIsNotRetried() {
    served.answerXml(403, ServedAws.queryError("Sender", "AccessDenied", "not authorized to perform: cloudwatch:GetMetricData"));

    assertThatThrownBy(() -> cloudWatch(3).getMetricData(request(null, CPU))).isInstanceOf(UserError.class);
    assertThat(served.requests()).hasSize(1);
  }

  @Test
  void accessDeniedNamesThePermission() {
    served.answerXml(403, ServedAws.queryError("Sender", "AccessDenied",
        "User: arn:aws:iam::111122223333:user/sre is not authorized to perform: cloudwatch:GetMetricData because no identity-based policy allows the cloudwatch:GetMetricData action"));

    assertThatThrownBy(() -> cloudWatch(3).getMetricData(request(null, CPU)))
        .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AWS_ACCESS))
        .hasMessageContaining("AWS denied cloudwatch:GetMetricData in us-east-1")
        .hasMessageContaining("Grant the IAM permission 'cloudwatch:GetMetricData'")
        .hasMessageContaining("user/sre");
    assertThat(served.requests()).hasSize(1);
  }

  @Test
  void expiredTokenSaysHowToConfigureCredentials() {
    served.answerXml(403, ServedAws.queryError("Sender", "ExpiredToken", "The security token included in the request is expired"));

    assertThatThrownBy(() -> cloudWatch(3).getMetricData(request(null, CPU)))
        .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AWS_ACCESS))
        .hasMessageContaining("No valid AWS credentials for cloudwatch:GetMetricData")
        .hasMessageContaining("aws sso login")
        .hasMessageContaining("AWS_PROFILE");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "Forbidden, AWS_ACCESS, CloudWatch refused to return AWS/RDS CPUUtilization",
      "InternalError, FAILURE, CloudWatch could not return AWS/RDS CPUUtilization",
      "PartialData, FAILURE, no NextToken to fetch the rest",
  })
  void statusesThatLeaveTheSeriesIncompleteAreErrors(String status, ExitCode exit, String message) {
    served.answerXml(200, response(null, result("cpu", status, new String[] {"2026-11-01T10:00:00Z"}, new double[] {5}, "MaxDatapointsExceeded:Too many points")));

    assertThatThrownBy(() -> cloudWatch(3).getMetricData(request(null, CPU)))
        .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(exit))
        .hasMessageContaining(message)
        .hasMessageContaining("query cpu")
        .hasMessageContaining("Too many points");
  }

  @Test
  void aResultOutOfTimeOrderIsRejected() {
    served.answerXml(200, response(null, result("cpu", "Complete", new String[] {"2026-11-01T10:01:00Z", "2026-11-01T10:00:00Z"}, new double[] {1, 2})));

    assertThatThrownBy(() -> cloudWatch(3).getMetricData(request(null, CPU))).isInstanceOf(UserError.class).hasMessageContaining("out of time order");
  }
}
