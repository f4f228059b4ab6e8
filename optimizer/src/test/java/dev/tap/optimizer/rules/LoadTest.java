package dev.tap.optimizer.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A count against a limit: what the change does to the count (demand) kept apart from the new limit, through later changes. */
class LoadTest {

  // reserved 100, then a memory cut (duration x3) against the same limit, then reserved cut to 50: the count is predicted x3 / 50,
  // and a count measured after both changes (which already contains the x3) is compared with 50 alone
  @ParameterizedTest(name = "demand x{0}, limit 100 -> {1}: predicted scale {2}, measured scale {3}")
  @CsvSource({"1, 50, 2, 2", "3, 50, 6, 2", "3, 100, 3, 1"})
  void demandAndLimitComposeAndStayApart(double demand, double limitAfter, double predictedScale, double measuredScale) {
    Load memoryCut = Load.againstLimit("c", "concurrency", 100, 100, demand);
    Load limitCut = Load.againstLimit("c", "concurrency", 100, limitAfter);
    Load both = memoryCut.then(limitCut);
    assertThat(both.baselineScale()).isCloseTo(1, within(1e-12));
    assertThat(both.predictedScale()).isCloseTo(predictedScale, within(1e-12));
    assertThat(both.limitScale()).isCloseTo(measuredScale, within(1e-12));
    assertThat(both.demandFactor()).isCloseTo(demand, within(1e-12));
  }

  @ParameterizedTest(name = "capacity factor {0} then {1} -> {2}")
  @CsvSource({"1.5, 2, 3", "2, 0.5, 1"})
  void capacityFactorsMultiply(double first, double second, double total) {
    Load both = Load.percent("cpu", "CPU", first).then(Load.percent("cpu", "CPU", second));
    assertThat(both.factor()).isCloseTo(total, within(1e-12));
    assertThat(both.limitScale()).isCloseTo(total, within(1e-12)); // a percentage metric: no demand factor
  }
}
