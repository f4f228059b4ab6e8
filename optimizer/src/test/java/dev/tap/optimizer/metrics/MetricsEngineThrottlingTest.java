package dev.tap.optimizer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.sim.SimAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine against a simulated CloudWatch that enforces a TPS quota below the engine's budget: it
 * is throttled, slows down, and still hands on every datapoint exactly once, in the same order as
 * an unthrottled fetch. Time is a fake ticker shared by the quota and the budget, so nothing waits.
 */
class MetricsEngineThrottlingTest {

  static final int RESOURCES = 120;

  /** Every hourly value and window statistic by resource, key and statistic, in the order handed on. */
  static Map<String, Object> fetchAll(SimAccount fleet, MetricsRate rate, FetchStats[] stats) {
    Instant end = fleet.clock().instant();
    Instant start = end.minus(Duration.ofDays(90));
    MetricsEngine engine = new MetricsEngine(region -> fleet.cloudWatch(), SimAccount.fleetCatalog(), fleet.clock(), new CallPlanner(), rate);
    Map<String, Object> out = new LinkedHashMap<>();
    stats[0] = engine.stream(fleet.snapshot(), start, end, null, r -> {
      r.hourly().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
        out.put(r.resource().id() + "/" + e.getKey() + "/times", List.of(java.util.Arrays.stream(e.getValue().times()).boxed().toArray()));
        out.put(r.resource().id() + "/" + e.getKey() + "/values", List.of(java.util.Arrays.stream(e.getValue().values()).boxed().toArray()));
      });
      r.window().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.put(r.resource().id() + "/" + e.getKey(), e.getValue().value()));
    });
    return out;
  }

  static final Map<String, Object> UNTHROTTLED;
  static final FetchStats UNTHROTTLED_STATS;

  static {
    FetchStats[] s = new FetchStats[1];
    UNTHROTTLED = fetchAll(SimAccount.fleet(RESOURCES), MetricsRate.of(1_000).withConcurrency(1), s);
    UNTHROTTLED_STATS = s[0];
  }

  @Test
  void aThrottledFetchKeepsEveryDatapointInOrder() {
    FakeTicker ticker = new FakeTicker();
    SimAccount fleet = SimAccount.fleet(RESOURCES);
    fleet.limitGetMetricDataTps(2, ticker);
    FetchStats[] stats = new FetchStats[1];

    Map<String, Object> got = fetchAll(fleet, MetricsRate.of(50).withConcurrency(1).withTicker(ticker, () -> 0.5), stats);

    assertThat(UNTHROTTLED_STATS.throttled()).isZero();
    assertThat(stats[0].throttled()).as("a 50 TPS budget against a 2 TPS quota is throttled").isPositive();
    assertThat(got.keySet()).containsExactlyElementsOf(UNTHROTTLED.keySet());
    assertThat(got).isEqualTo(UNTHROTTLED);
    assertThat(stats[0].calls()).as("throttled calls are retried, not counted as calls").isEqualTo(UNTHROTTLED_STATS.calls());
    assertThat(stats[0].datapoints()).isEqualTo(UNTHROTTLED_STATS.datapoints());
    assertThat(fleet.cloudWatch().calls()).isEqualTo(stats[0].calls());
    assertThat(fleet.cloudWatch().throttled()).isEqualTo(stats[0].throttled());
    FetchStats.Region home = stats[0].byRegion().get("us-east-1");
    assertThat(home.calls()).isEqualTo(stats[0].calls());
    assertThat(home.throttled()).isEqualTo(stats[0].throttled());
    assertThat(home.minimumCalls()).isEqualTo(stats[0].minimumCalls());
  }

  @Test
  void concurrentCallsUnderThrottlingStillHandOnEveryDatapointOnceInOrder() {
    FakeTicker ticker = new FakeTicker();
    SimAccount fleet = SimAccount.fleet(RESOURCES);
    fleet.limitGetMetricDataTps(5, ticker);
    FetchStats[] stats = new FetchStats[1];

    Map<String, Object> got = fetchAll(fleet, MetricsRate.of(50).withConcurrency(8).withTicker(ticker, () -> 0.5), stats);

    assertThat(stats[0].throttled()).isPositive();
    assertThat(got.keySet()).containsExactlyElementsOf(UNTHROTTLED.keySet());
    assertThat(got).isEqualTo(UNTHROTTLED);
    assertThat(stats[0].calls()).isEqualTo(UNTHROTTLED_STATS.calls());
  }

  @Test
  void concurrentCallsWithoutAQuotaAreNeverThrottledAndMatchAOneByOneFetch() {
    SimAccount fleet = SimAccount.fleet(RESOURCES);
    FetchStats[] stats = new FetchStats[1];

    Map<String, Object> got = fetchAll(fleet, MetricsRate.of(1_000).withConcurrency(6), stats);

    assertThat(stats[0].throttled()).isZero();
    assertThat(got).isEqualTo(UNTHROTTLED);
    assertThat(stats[0].calls()).isEqualTo(UNTHROTTLED_STATS.calls());
  }

  @Test
  void throttlingThatNeverEndsIsAUserErrorNamingTheQuota() {
    Ticker frozen = new Ticker() {
      @Override
      public long nanos() {
        return 42;
      }

      @Override
      public void sleep(long nanos) {}
    };
    SimAccount fleet = SimAccount.fleet(10);
    fleet.limitGetMetricDataTps(1, frozen); // one call, then the bucket never refills
    FetchStats[] stats = new FetchStats[1];

    assertThatThrownBy(() -> fetchAll(fleet, MetricsRate.of(50).withTicker(frozen, () -> 0.5), stats))
        .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AWS_ACCESS))
        .hasMessageContaining("kept throttling GetMetricData in us-east-1 through " + RateBudget.MAX_ATTEMPTS + " attempts")
        .hasMessageContaining("Throttling: Rate exceeded")
        .hasMessageContaining("metrics.getMetricDataTps");
    assertThat(fleet.cloudWatch().throttled()).isEqualTo(RateBudget.MAX_ATTEMPTS);
  }

  @Test
  void aSourceForOwnCallsRetriesThrottledCallsToo() {
    FakeTicker ticker = new FakeTicker();
    SimAccount fleet = SimAccount.fleet(10);
    fleet.limitGetMetricDataTps(1, ticker); // one call a second: back-to-back calls are throttled
    MetricDataSource retrying = MetricsEngine.retryingThrottles(fleet.cloudWatch(), MetricsRate.of(50).withTicker(ticker, () -> 0.5));
    Instant end = fleet.clock().instant();
    MetricDataSource.MetricDataRequest r = new MetricDataSource.MetricDataRequest(List.of(new MetricQuery("q", "AWS/EC2", "CPUUtilization",
        Map.of("AutoScalingGroupName", fleet.snapshot().resources().get(0).id()), "Average", 3600)), end.minus(Duration.ofDays(1)), end, null);

    for (int i = 0; i < 3; i++) assertThat(retrying.getMetricData(r).results().get(0).size()).isEqualTo(24);
    assertThat(fleet.cloudWatch().calls()).isEqualTo(3);
    assertThat(fleet.cloudWatch().throttled()).isPositive();
  }
}
