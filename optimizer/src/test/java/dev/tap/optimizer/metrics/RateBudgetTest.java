package dev.tap.optimizer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The token bucket, AIMD and back-off arithmetic of the GetMetricData budget, on a fake ticker (no waiting). */
class RateBudgetTest {

  static final long MS = 1_000_000L;

  /** A call start: with a fake ticker the wait passes at once. */
  static long start(RateBudget b) {
    try {
      return b.acquire();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "{0} TPS, {1} calls at once: the last waits {2} ms")
  @CsvSource({
      // a full bucket holds one second's worth: those start at once, the rest queue 1/tps apart
      "50, 1, 0",
      "50, 50, 0",
      "50, 51, 20",
      "50, 52, 40",
      "50, 100, 1000",
      "10, 10, 0",
      "10, 11, 100",
      "1, 2, 1000",
  })
  void callsBeyondTheBurstQueueAtTheRate(double tps, int calls, long lastWaitMs) {
    FakeTicker t = new FakeTicker();
    RateBudget b = new RateBudget(tps, t, () -> 0.5);
    long wait = -1;
    for (int i = 0; i < calls; i++) wait = b.reserve(t.nanos());
    assertThat(wait).isBetween(lastWaitMs * MS, lastWaitMs * MS + 1);
  }

  @ParameterizedTest(name = "empty bucket of {0} TPS refills {1} ms: next call waits {2} ms")
  @CsvSource({
      "50, 0, 20",
      "50, 10, 10",
      "50, 20, 0",
      "50, 5000, 0",
  })
  void theBucketRefillsWithTime(double tps, long idleMs, long waitMs) {
    FakeTicker t = new FakeTicker();
    RateBudget b = new RateBudget(tps, t, () -> 0.5);
    for (int i = 0; i < tps; i++) assertThat(b.reserve(t.nanos())).isZero();
    t.advanceMillis(idleMs);
    assertThat(b.reserve(t.nanos())).isBetween(waitMs * MS, waitMs * MS + 1);
  }

  @Test
  void theRefillNeverExceedsOneSecondOfBurst() {
    FakeTicker t = new FakeTicker();
    RateBudget b = new RateBudget(50, t, () -> 0.5);
    t.advanceMillis(60_000);
    for (int i = 0; i < 50; i++) assertThat(b.reserve(t.nanos())).isZero();
    assertThat(b.reserve(t.nanos())).isPositive();
  }

  @ParameterizedTest(name = "budget {0}: {1} throttles in separate rounds leave {2} TPS")
  @CsvSource({
      "50, 1, 25",
      "50, 2, 12.5",
      "50, 5, 1.5625",
      "50, 6, 1",   // the floor
      "50, 20, 1",
      "8, 3, 1",
  })
  void eachRoundOfThrottlingHalvesTheRateDownToTheFloor(double budget, int throttles, double tps) {
    FakeTicker t = new FakeTicker();
    RateBudget b = new RateBudget(budget, t, () -> 0.5);
    for (int i = 0; i < throttles; i++) {
      t.advanceMillis(1);
      long ticket = start(b);
      b.onThrottle(ticket, 1);
    }
    assertThat(b.tps()).isEqualTo(tps);
    assertThat(b.throttles()).isEqualTo(throttles);
  }

  @Test
  void callsSentBeforeADecreaseDoNotHalveTheRateAgain() {
    FakeTicker t = new FakeTicker();
    RateBudget b = new RateBudget(50, t, () -> 0.5);
    long[] tickets = new long[10];
    for (int i = 0; i < 10; i++) tickets[i] = start(b); // ten calls in flight at 50 TPS
    t.advanceMillis(5);
    for (long ticket : tickets) b.onThrottle(ticket, 1); // all ten come back throttled
    assertThat(b.tps()).as("one round of throttles, one halving").isEqualTo(25);
    t.advanceMillis(5);
    b.onThrottle(start(b), 1); // a call sent after the decrease is throttled too
    assertThat(b.tps()).isEqualTo(12.5);
  }

  @Test
  void aThrottleEmptiesTheBurstSoTheNextCallsArePaced() {
    FakeTicker t = new FakeTicker();
    RateBudget b = new RateBudget(50, t, () -> 0.5);
    b.onThrottle(start(b), 1);
    assertThat(b.reserve(t.nanos())).as("at 25 TPS, one token is 40 ms away").isBetween(40 * MS, 40 * MS + 1);
  }

  @ParameterizedTest(name = "from {0} TPS, {1} successes: {2} TPS")
  @CsvSource({
      // +2.5/tps per success: about +2.5 TPS per second of calls
      "25, 0, 25",
      "25, 10, 26",
      "25, 100, 33.5",
      "25, 1000, 50",   // capped at the budget
  })
  void successesRaiseTheRateAdditivelyUpToTheBudget(double from, int successes, double expected) {
    FakeTicker t = new FakeTicker();
    RateBudget b = new RateBudget(50, t, () -> 0.5);
    b.onThrottle(start(b), 1);
    assertThat(b.tps()).isEqualTo(from);
    for (int i = 0; i < successes; i++) b.onSuccess();
    assertThat(b.tps()).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.1));
  }

  @ParameterizedTest(name = "attempt {0}, jitter {1}: back-off {2} ms")
  @CsvSource({
      "1, 0.0, 0",
      "1, 0.5, 50",
      "1, 0.999, 99",
      "2, 0.5, 100",
      "4, 0.5, 400",
      "8, 0.5, 6400",
      "9, 0.5, 10000",   // 25.6 s ceiling, capped at 20 s
      "10, 0.5, 10000",  // capped at 20 s
      "12, 0.5, 10000",
      "100, 0.5, 10000",
  })
  void backOffIsFullJitterUnderAnExponentialCeiling(int attempt, double jitter, long ms) {
    assertThat(RateBudget.backoffNanos(attempt, jitter) / MS).isEqualTo(ms);
  }

  @Test
  void aBudgetBelowOneCallASecondIsRefused() {
    assertThatThrownBy(() -> new RateBudget(0.5, new FakeTicker(), () -> 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
  }
}
