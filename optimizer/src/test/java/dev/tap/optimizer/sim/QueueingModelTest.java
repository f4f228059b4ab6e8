package dev.tap.optimizer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueingModelTest {

  static final QueueingModel TRADING = new QueueingModel(2.0, 1.0, 0.05, 40);

  @ParameterizedTest(name = "rho {0}, q {1}: {2} ms")
  @CsvSource({
    "0.0, 0.50, 2.693", // d + s ln 2
    "0.3, 0.95, 6.280", // 2 + 2.996 / 0.7
    "0.5, 0.99, 11.210", // 2 + 4.605 / 0.5
    "0.78, 0.95, 15.617", // the T8 alarm (p95 > 15 ms) is crossed near rho 0.78
    "0.98, 0.95, 151.79", // the queueing term is capped at rho 0.98
    "1.2, 0.95, 182.15", // overload multiplies by the demand ratio
  })
  void latencyQuantiles(double rho, double q, double expected) {
    assertThat(TRADING.latencyMs(rho, q)).isCloseTo(expected, within(0.01));
  }

  @Test
  void meanLatencyIsOverheadPlusServiceOverIdle() {
    assertThat(TRADING.latencyMs(0.5, Double.NaN)).isCloseTo(4.0, within(1e-12));
  }

  @ParameterizedTest(name = "rho {0}: error rate {1} %")
  @CsvSource({"0.5, 0.05", "0.85, 0.05", "0.9, 0.55", "0.95, 2.05", "1.0, 4.55", "2.0, 100"})
  void errorRateGrowsPastEightyFivePercent(double rho, double expected) {
    assertThat(TRADING.errorPct(rho)).isCloseTo(expected, within(1e-9));
  }

  @ParameterizedTest(name = "rho {0}: queue depth {1}")
  @CsvSource({"0.0, 0", "0.5, 20", "0.96, 921.6", "0.97, 1254.53", "1.1, 11524.8"})
  void queueDepthFollowsLittlesLaw(double rho, double expected) {
    assertThat(TRADING.queueDepth(rho)).isCloseTo(expected, within(0.1));
  }

  @ParameterizedTest(name = "{0} asks for quantile {1}")
  @CsvSource({"p50, 0.5", "p95, 0.95", "p99, 0.99", "p99.9, 0.999", "Maximum, 0.999"})
  void statisticsMapToQuantiles(String stat, double q) {
    assertThat(QueueingModel.quantileOf(stat)).isCloseTo(q, within(1e-12));
  }

  @Test
  void averageAsksForTheMean() {
    assertThat(QueueingModel.quantileOf("Average")).isNaN();
  }

  @Test
  void theVirtualClockOnlyMovesForward() {
    VirtualClock c = new VirtualClock();
    assertThat(c.instant()).isEqualTo(VirtualClock.DEFAULT_START);
    c.advance(Duration.ofHours(48));
    assertThat(c.instant()).isEqualTo(Instant.parse("2026-11-18T00:00:00Z"));
    c.advanceTo(Instant.parse("2026-11-19T00:00:00Z"));
    assertThat(c.millis()).isEqualTo(Instant.parse("2026-11-19T00:00:00Z").toEpochMilli());
    assertThatThrownBy(() -> c.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.advanceTo(VirtualClock.DEFAULT_START)).isInstanceOf(IllegalArgumentException.class);
  }
}
