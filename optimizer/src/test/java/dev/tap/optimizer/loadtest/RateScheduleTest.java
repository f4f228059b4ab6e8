package dev.tap.optimizer.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateScheduleTest {

  @Test
  void aSteadyRateSpacesOperationsEvenly() {
    RateSchedule s = new RateSchedule(200, Duration.ZERO, Duration.ofSeconds(3));
    assertThat(s.count()).isEqualTo(600);
    assertThat(s.offsetNanos(0)).isZero();
    assertThat(s.offsetNanos(1)).isEqualTo(5_000_000);
    assertThat(s.offsetNanos(599)).isEqualTo(2_995_000_000L);
  }

  @Test
  void aRampRisesLinearlyThenHolds() {
    // 100/s reached after 10 s: 500 operations during the ramp, then 100 per second
    RateSchedule s = new RateSchedule(100, Duration.ofSeconds(10), Duration.ofSeconds(20));
    assertThat(s.count()).isEqualTo(1500);
    assertThat(s.offsetNanos(500)).isEqualTo(10_000_000_000L);
    assertThat(s.offsetNanos(600)).isEqualTo(11_000_000_000L);
    // during the ramp N(t) = rate t^2 / (2 ramp): 125 operations by t = 5 s
    assertThat(s.offsetNanos(125) / 1e9).isCloseTo(5.0, within(1e-6));
    // the gaps shrink as the rate rises
    long early = s.offsetNanos(11) - s.offsetNanos(10);
    long late = s.offsetNanos(401) - s.offsetNanos(400);
    assertThat(early).isGreaterThan(late);
    for (long n = 1; n < s.count(); n++) assertThat(s.offsetNanos(n)).isGreaterThan(s.offsetNanos(n - 1));
  }

  @Test
  void fractionalRates() {
    RateSchedule s = new RateSchedule(0.5, Duration.ZERO, Duration.ofSeconds(10));
    assertThat(s.count()).isEqualTo(5);
    assertThat(s.offsetNanos(4)).isEqualTo(8_000_000_000L);
  }

  @Test
  void rejectsUnboundedOrInconsistentSettings() {
    assertThatThrownBy(() -> new RateSchedule(0, Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateSchedule(10, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateSchedule(10, Duration.ofSeconds(5), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
  }
}
