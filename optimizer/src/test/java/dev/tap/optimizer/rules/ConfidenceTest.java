package dev.tap.optimizer.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import dev.tap.optimizer.family.dax.DaxFamily;
class ConfidenceTest {
  static final Resource R = MetricsFixture.resource("r", DaxFamily.DAX, Map.of());

  @Test
  void fullCoverageAndSteadyPeaksIsFullConfidence() {
    Observed o = new Observed(MetricsFixture.of(R, 30).hourly("cpu", "Maximum", MetricsFixture.diurnal(5, 40)).build());
    Confidence c = Confidence.of(o, List.of("cpu:Maximum"));
    assertThat(c.coverage()).isEqualTo(1.0);
    assertThat(c.variability()).isCloseTo(0, within(1e-9));
    assertThat(c.value()).isCloseTo(1, within(1e-9));
  }

  @Test
  void missingHoursLowerCoverage() {
    Observed o = new Observed(MetricsFixture.of(R, 30).hourly("cpu", "Maximum", h -> h < 360 ? 20 : Double.NaN).build());
    assertThat(Confidence.of(o, List.of("cpu:Maximum")).value()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void wanderingDailyPeaksLowerConfidence() {
    // daily peaks alternate 20 % and 60 %: mean 40, sd ~20.3 -> cv ~0.51
    Observed o = new Observed(MetricsFixture.of(R, 30).hourly("cpu", "Maximum", h -> (h / 24) % 2 == 0 ? 20 : 60).build());
    Confidence c = Confidence.of(o, List.of("cpu:Maximum"));
    assertThat(c.variability()).isCloseTo(0.508, within(0.01));
    assertThat(c.value()).isCloseTo(1 / 1.508, within(0.01));
  }

  @Test
  void configurationOnlyIsCertainAndWindowOnlyIsUnknownCoverage() {
    Observed o = new Observed(MetricsFixture.of(R, 30).window("mem", "Maximum", 20).build());
    assertThat(Confidence.of(o, List.of()).value()).isEqualTo(1.0);
    assertThat(Confidence.of(o, List.of("mem:Maximum")).coverage()).isEqualTo(Confidence.UNKNOWN_COVERAGE);
  }
}
