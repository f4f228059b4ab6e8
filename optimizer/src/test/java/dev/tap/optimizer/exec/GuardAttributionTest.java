package dev.tap.optimizer.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.metrics.HealthSignal.Direction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The limit in force and the breach decision, on both sides of each threshold (margin 10 %). */
class GuardAttributionTest {

  @ParameterizedTest(name = "{0}: {1} value {6} against own {2} base {4} control {5} -> limit {7}, breach {8}")
  @CsvSource(nullValues = "-", value = {
    // case,                          dir,   own, rise,  base, control, value, limit, breach
    "own limit decides,               ABOVE, 0.5, false, 0.2,  0.3,     0.51,  0.5,   true",
    "own limit decides,               ABOVE, 0.5, false, 0.2,  0.3,     0.49,  0.5,   false",
    "burst in the control week,       ABOVE, 0.5, false, 0.2,  7.6,     8.0,   8.36,  false",
    "beyond the control week,         ABOVE, 0.5, false, 0.2,  7.6,     8.4,   8.36,  true",
    "busy hour in the baseline,       ABOVE, 0.5, false, 1.0,  0.3,     1.05,  1.1,   false",
    "beyond the busy hour,            ABOVE, 0.5, false, 1.0,  0.3,     1.15,  1.1,   true",
    "p99 rise over the baseline,      ABOVE, 20,  true,  10,   9,       12.1,  12,    true",
    "p99 rise under the limit,        ABOVE, 20,  true,  10,   9,       11.9,  12,    false",
    "p99 rise with a higher control, ABOVE, 20,  true,  10,   11.5,    12.6,  12.65, false",
    "no references: own limit,        ABOVE, 0,   false, -,    -,       0.01,  0,     true",
    "no throttles anywhere,           ABOVE, 0,   false, 0,    0,       0,     0,     false",
    "hit rate under the minimum,      BELOW, 80,  false, 90,   85,      76,    76.5,  true",
    "hit rate above the limit,        BELOW, 80,  false, 90,   85,      77,    76.5,  false",
    "hit rate already low before,     BELOW, 80,  false, 90,   60,      55,    54,    false",
    "no data is no breach,            ABOVE, 0.5, false, 0.2,  0.3,     -,     0.5,   false",
  })
  void limitInForceAndBreach(String name, Direction d, double own, boolean rise, Double base, Double control, Double value, double limit,
      boolean breach) {
    double inForce = Guard.limitInForce(d, own, rise, base, control, 10);
    assertThat(inForce).as(name).isCloseTo(limit, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(Guard.breaches(d, value, inForce)).as(name).isEqualTo(breach);
  }
}
