package dev.tap.optimizer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.metrics.MetricDataSource.MetricDataPage;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataRequest;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimCloudWatchTest {

  static final SimAccount ACCOUNT = SimAccount.of(SimBlueprint.TRADING);
  static final Instant NOW = ACCOUNT.clock().instant();
  static final Map<String, String> DIMS = Map.of("AutoScalingGroupName", "tap-dev-trading-asg");

  static MetricQuery cpu(String id, String stat, int period) {
    return new MetricQuery(id, "AWS/EC2", "CPUUtilization", DIMS, stat, period);
  }

  static MetricDataPage call(Instant start, Instant end, String token, MetricQuery... qs) {
    return ACCOUNT.cloudWatch().getMetricData(new MetricDataRequest(List.of(qs), start, end, token));
  }

  @ParameterizedTest(name = "start {0} days ago, period {1} s: data {2}")
  @CsvSource({
    "1, 60, true",
    "14, 60, true",
    "20, 60, false", // 1-minute points are gone after 15 days
    "20, 300, true",
    "70, 300, false", // 5-minute points are gone after 63 days
    "70, 3600, true",
    "89, 3600, true",
    "120, 3600, false", // before the simulated history began
  })
  void retentionTiersDecideWhatComesBack(int daysAgo, int period, boolean data) {
    Instant start = NOW.minus(Duration.ofDays(daysAgo));
    MetricSeries s = call(start, start.plus(Duration.ofHours(2)), null, cpu("q", "Average", period)).results().get(0);
    assertThat(s.isEmpty()).isEqualTo(!data);
  }

  @Test
  void binsStartAtTheRequestStartAndNothingComesFromTheFuture() {
    Instant start = NOW.minus(Duration.ofMinutes(90)).plusSeconds(17);
    MetricSeries s = call(start, NOW.plus(Duration.ofHours(3)), null, cpu("q", "Maximum", 600)).results().get(0);
    assertThat(s.times()[0]).isEqualTo(start.getEpochSecond());
    assertThat(s.times()[s.size() - 1]).isLessThan(NOW.getEpochSecond());
    assertThat(s.size()).isEqualTo(9);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "period 90 s | 90 | Average | multiple of 60",
    "unknown statistic | 60 | Median | is not valid",
  })
  void invalidQueriesAreRefusedLikeAws(String name, int period, String stat, String message) {
    assertThatThrownBy(() -> call(NOW.minus(Duration.ofHours(1)), NOW, null, cpu("q", stat, period))).isInstanceOf(SimApiException.class).hasMessageContaining(message);
  }

  @Test
  void duplicateIdsEmptyRangesAndForeignTokensAreRefused() {
    assertThatThrownBy(() -> call(NOW.minus(Duration.ofHours(1)), NOW, null, cpu("q", "Average", 60), cpu("q", "Maximum", 60)))
        .hasMessageContaining("not unique");
    assertThatThrownBy(() -> call(NOW, NOW, null, cpu("q", "Average", 60))).hasMessageContaining("StartTime");
    assertThatThrownBy(() -> call(NOW.minus(Duration.ofHours(1)), NOW, "bogus:0:0", cpu("q", "Average", 60))).isInstanceOf(SimApiException.class)
        .hasMessageContaining("NextToken");
  }

  @Test
  void aCallReturnsAtMost100800DatapointsAndPagesTheRest() {
    // 8 days of 1-minute points for 10 queries: 115,200 bins
    Instant start = NOW.minus(Duration.ofDays(8));
    List<MetricQuery> qs = new ArrayList<>();
    for (int i = 0; i < 10; i++) qs.add(cpu("q" + i, i % 2 == 0 ? "Average" : "Maximum", 60));
    ACCOUNT.cloudWatch().resetCounters();
    MetricDataPage first = ACCOUNT.cloudWatch().getMetricData(new MetricDataRequest(qs, start, NOW, null));
    long firstPoints = first.results().stream().mapToLong(MetricSeries::size).sum();
    assertThat(firstPoints).isEqualTo(100_800);
    assertThat(first.nextToken()).isNotNull();
    MetricDataPage second = ACCOUNT.cloudWatch().getMetricData(new MetricDataRequest(qs, start, NOW, first.nextToken()));
    assertThat(second.nextToken()).isNull();
    assertThat(second.results().stream().mapToLong(MetricSeries::size).sum()).isEqualTo(115_200 - 100_800);
    // the query split across pages continues where it stopped
    MetricSeries head = first.results().get(first.results().size() - 1);
    MetricSeries tail = second.results().get(0);
    assertThat(tail.query()).isEqualTo(head.query());
    assertThat(tail.times()[0]).isEqualTo(head.times()[head.size() - 1] + 60);
    assertThat(ACCOUNT.cloudWatch().calls()).isEqualTo(2);
    assertThat(ACCOUNT.cloudWatch().queries()).isEqualTo(10);
    assertThat(ACCOUNT.cloudWatch().datapoints()).isEqualTo(115_200);
  }

  @Test
  void percentilesAreOrderedAndBoundedByMinimumAndMaximum() {
    Instant start = NOW.minus(Duration.ofDays(30));
    int period = (int) Duration.ofDays(30).getSeconds();
    MetricDataPage p = call(start, NOW, null, cpu("mn", "Minimum", period), cpu("a", "p50", period), cpu("b", "p95", period), cpu("c", "p99", period),
        cpu("mx", "Maximum", period));
    double[] v = p.results().stream().mapToDouble(s -> s.values()[0]).toArray();
    assertThat(v).isSorted();
    assertThat(v[0]).isLessThan(v[4]);
  }
}
