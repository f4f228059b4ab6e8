package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.metrics.CallPlanner;
import dev.tap.optimizer.metrics.FetchStats;
import dev.tap.optimizer.metrics.MetricCatalog;
import dev.tap.optimizer.metrics.MetricsRate;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine through the AWS adapter against served GetMetricData pages: a window percentile and a paged hourly series. */
class MetricsEngineServedTest {

  static final Instant END = Instant.parse("2026-11-16T00:00:00Z");
  static final Instant START = END.minus(Duration.ofDays(2));

  final ServedAws served = new ServedAws();

  @AfterEach
  void stop() {
    served.close();
  }

  static String[] hours(int from, int to) {
    String[] t = new String[to - from];
    for (int i = from; i < to; i++) t[i - from] = START.plus(Duration.ofHours(i)).toString();
    return t;
  }

  static double[] values(int from, int to) {
    double[] v = new double[to - from];
    for (int i = from; i < to; i++) v[i - from] = 10 + i;
    return v;
  }

  @Test
  void windowPercentileAndPagedHourlySeriesComeBackWhole() {
    served.answerXml(200, AwsCloudWatchServedTest.response("page-2",
            AwsCloudWatchServedTest.result("q0", "Complete", new String[] {START.toString()}, new double[] {61.25}),
            AwsCloudWatchServedTest.result("q1", "PartialData", hours(0, 30), values(0, 30))))
        .answerXml(200, AwsCloudWatchServedTest.response(null, AwsCloudWatchServedTest.result("q1", "Complete", hours(30, 48), values(30, 48))));
    Resource asg = new Resource("tap-dev-trading-asg", AsgFamily.ASG, "us-east-1", null, Map.of(), Map.of());
    Snapshot snap = new Snapshot("test", "123456789012", null, END, List.of(asg), List.of());
    MetricCatalog catalog = (s, r) -> List.of(MetricSpec.of("CPUUtilization", "AWS/EC2", "CPUUtilization", Map.of("AutoScalingGroupName", r.id()),
        List.of("p95"), List.of("Average")));
    AwsCloudWatch cw = new AwsCloudWatch(served.clients("us-east-1", 3), null);

    List<ResourceMetrics> out = new MetricsEngine(cw, catalog, Clock.fixed(END, ZoneOffset.UTC)).fetch(snap, START, END, null);

    assertThat(served.requests()).hasSize(2);
    Map<String, String> first = served.requests().get(0).form();
    assertThat(first).containsEntry("MetricDataQueries.member.1.MetricStat.Stat", "p95")
        .containsEntry("MetricDataQueries.member.1.MetricStat.Period", "172800")
        .containsEntry("MetricDataQueries.member.2.MetricStat.Stat", "Average")
        .containsEntry("MetricDataQueries.member.2.MetricStat.Period", "3600")
        .doesNotContainKey("NextToken");
    assertThat(served.requests().get(1).form()).containsEntry("NextToken", "page-2");
    ResourceMetrics m = out.get(0);
    WindowValue p95 = m.window("CPUUtilization", "p95").orElseThrow();
    assertThat(p95.value()).isEqualTo(61.25);
    assertThat(p95.periodSeconds()).isEqualTo(172_800);
    assertThat(p95.samples()).isEqualTo(48);
    MetricSeries hourly = m.hourly("CPUUtilization", "Average").orElseThrow();
    assertThat(hourly.values()).containsExactly(values(0, 48));
    assertThat(hourly.times()[47]).isEqualTo(START.plus(Duration.ofHours(47)).getEpochSecond());
  }

  @Test
  void aThrottledCallIsMadeAgainAndNoDatapointIsLostOrDoubled() {
    served.answerXml(200, AwsCloudWatchServedTest.response("page-2",
            AwsCloudWatchServedTest.result("q0", "Complete", new String[] {START.toString()}, new double[] {61.25}),
            AwsCloudWatchServedTest.result("q1", "PartialData", hours(0, 30), values(0, 30))))
        .answerXml(400, ServedAws.queryError("Sender", "Throttling", "Rate exceeded"))
        .answerXml(200, AwsCloudWatchServedTest.response(null, AwsCloudWatchServedTest.result("q1", "Complete", hours(30, 48), values(30, 48))));
    Resource asg = new Resource("tap-dev-trading-asg", AsgFamily.ASG, "us-east-1", null, Map.of(), Map.of());
    Snapshot snap = new Snapshot("test", "123456789012", null, END, List.of(asg), List.of());
    MetricCatalog catalog = (s, r) -> List.of(MetricSpec.of("CPUUtilization", "AWS/EC2", "CPUUtilization", Map.of("AutoScalingGroupName", r.id()),
        List.of("p95"), List.of("Average")));
    AwsCloudWatch cw = new AwsCloudWatch(served.clients("us-east-1", 3), null);
    MetricsEngine engine = new MetricsEngine(region -> cw, catalog, Clock.fixed(END, ZoneOffset.UTC), new CallPlanner(), MetricsRate.of(50));

    FetchStats[] stats = new FetchStats[1];
    List<ResourceMetrics> out = new java.util.ArrayList<>();
    stats[0] = engine.stream(snap, START, END, null, out::add);

    assertThat(served.requests()).hasSize(3);
    assertThat(served.requests().get(1).form()).containsEntry("NextToken", "page-2");
    assertThat(served.requests().get(2).form()).as("the throttled page is asked for again").containsEntry("NextToken", "page-2");
    assertThat(out.get(0).hourly("CPUUtilization", "Average").orElseThrow().values()).containsExactly(values(0, 48));
    assertThat(stats[0].calls()).isEqualTo(2);
    assertThat(stats[0].throttled()).isEqualTo(1);
    assertThat(stats[0].byRegion().get("us-east-1").throttled()).isEqualTo(1);
    assertThat(engine.budget("us-east-1").tps()).as("the budget slowed down (and has begun to recover)").isLessThan(50);
  }
}
