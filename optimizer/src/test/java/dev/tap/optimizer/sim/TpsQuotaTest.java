package dev.tap.optimizer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.metrics.FakeTicker;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataRequest;
import dev.tap.optimizer.metrics.MetricDataThrottledException;
import dev.tap.optimizer.metrics.MetricQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulated CloudWatch's GetMetricData quota: AWS's token bucket per account-region, in wall time (here a fake ticker). */
class TpsQuotaTest {

  @ParameterizedTest(name = "{0} TPS: {1} requests at once, then {2} ms later: {3} accepted in all")
  @CsvSource({
      "50, 50, 0, 50",
      "50, 51, 0, 50",     // the 51st in the same instant is refused
      "50, 80, 19, 50",    // 19 ms refill less than one token
      "50, 80, 20, 51",    // 20 ms: one token
      "50, 80, 200, 60",
      "50, 200, 5000, 100", // the bucket holds one second's worth, however long it was idle
      "10, 12, 100, 11",
  })
  void aBucketOfOneSecondRefilledAtTheRate(double tps, int requests, long laterMs, int accepted) {
    FakeTicker t = new FakeTicker();
    TpsQuota q = new TpsQuota(tps, t);
    int ok = 0;
    for (int i = 0; i < requests; i++) if (q.tryAcquire()) ok++;
    t.advanceMillis(laterMs);
    for (int i = 0; i < requests; i++) if (q.tryAcquire()) ok++;
    assertThat(ok).isEqualTo(accepted);
  }

  @Test
  void aRefusedRequestTakesNoToken() {
    FakeTicker t = new FakeTicker();
    TpsQuota q = new TpsQuota(1, t);
    assertThat(q.tryAcquire()).isTrue();
    for (int i = 0; i < 100; i++) assertThat(q.tryAcquire()).isFalse();
    t.advanceMillis(1000);
    assertThat(q.tryAcquire()).isTrue();
  }

  @Test
  void theSimulatedCloudWatchRefusesCallsBeyondItsQuotaAsAwsDoes() {
    FakeTicker t = new FakeTicker();
    SimAccount account = SimAccount.of(SimBlueprint.TRADING);
    SimCloudWatch cw = account.cloudWatch();
    cw.resetCounters();
    account.limitGetMetricDataTps(3, t);
    Instant now = account.clock().instant();
    MetricDataRequest r = new MetricDataRequest(List.of(new MetricQuery("q", "AWS/EC2", "CPUUtilization", Map.of("AutoScalingGroupName", "tap-dev-trading-asg"),
        "Average", 300)), now.minus(Duration.ofHours(1)), now, null);

    for (int i = 0; i < 3; i++) assertThat(cw.getMetricData(r).results().get(0).size()).isEqualTo(12);
    assertThatThrownBy(() -> cw.getMetricData(r))
        .isInstanceOfSatisfying(MetricDataThrottledException.class, e -> assertThat(e.code()).isEqualTo("Throttling"))
        .hasMessage("Throttling: Rate exceeded");
    assertThat(cw.calls()).isEqualTo(3);
    assertThat(cw.throttled()).isEqualTo(1);

    t.advanceMillis(334);
    assertThat(cw.getMetricData(r).results()).hasSize(1);
    account.limitGetMetricDataTps(0, t); // off again
    for (int i = 0; i < 10; i++) cw.getMetricData(r);
    assertThat(cw.throttled()).isEqualTo(1);
  }
}
