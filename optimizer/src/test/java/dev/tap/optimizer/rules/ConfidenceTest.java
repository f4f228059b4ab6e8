package dev.tap.optimizer.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfidenceTest {
  static final Resource R = MetricsFixture.resource("r", DaxFamily.DAX, Map.of());
  static final List<Evidence> FAR = List.of(new Evidence("cpu", "p95", 30, 10, "<", 40, " %")); // 75 % margin: factor 1

  static Confidence diurnal(int days, List<Evidence> ev) {
    Observed o = new Observed(MetricsFixture.of(R, days).hourly("cpu", "Maximum", MetricsFixture.diurnal(5, 40)).build());
    return Confidence.of(o, List.of("cpu:Maximum"), ev);
  }

  @ParameterizedTest(name = "{0} days of a steady cycle -> {1}")
  @CsvSource({"1, 0.0357", "2, 0.0714", "7, 0.25", "14, 0.5", "27, 0.9643", "28, 1", "90, 1"})
  void growsWithDaysOfData(int days, double expected) {
    Confidence c = diurnal(days, FAR);
    assertThat(c.value()).isCloseTo(expected, within(1e-3));
    if (days == 1) assertThat(c.value()).isLessThanOrEqualTo(0.3);
  }

  @ParameterizedTest(name = "value {0} against < 40 -> margin factor {1}")
  @CsvSource({"39.9, 0.5025", "30, 0.75", "20.1, 0.9975", "20, 1", "5, 1"})
  void growsWithMarginToTheThreshold(double value, double expected) {
    Confidence c = diurnal(30, List.of(new Evidence("cpu", "p95", 30, value, "<", 40, " %")));
    assertThat(c.value()).isCloseTo(expected, within(1e-3));
  }

  @Test
  void missingHoursLowerCoverage() {
    Observed o = new Observed(MetricsFixture.of(R, 30).hourly("cpu", "Maximum", h -> h < 360 ? (h % 24) : Double.NaN).build());
    Confidence c = Confidence.of(o, List.of("cpu:Maximum"), FAR);
    assertThat(c.coverage()).isCloseTo(0.5, within(1e-9));
    assertThat(c.value()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void wanderingDailyPeaksLowerConfidence() {
    // peaks 20 on even days, 60 on odd days: over 30 days this is not a weekday pattern; cv ~0.51
    Observed o = new Observed(MetricsFixture.of(R, 30).hourly("cpu", "Maximum", h -> ((h / 24) % 2 == 0 ? 20 : 60) - (h % 24) * 0.1).build());
    Confidence c = Confidence.of(o, List.of("cpu:Maximum"), FAR);
    assertThat(c.variability()).isGreaterThan(0.4);
    assertThat(c.value()).isLessThan(0.72);
  }

  @Test
  void aRegularWeekdayCycleIsNotPenalised() {
    // weekends (days 5 and 6 of each week) peak at a third of the weekdays
    Observed o = new Observed(MetricsFixture.of(R, 35).hourly("cpu", "Maximum", h -> ((h / 24) % 7 >= 5 ? 10 : 30) * (1 + Math.sin(h * Math.PI / 12)) / 2).build());
    Confidence c = Confidence.of(o, List.of("cpu:Maximum"), FAR);
    assertThat(c.variability()).isCloseTo(0, within(1e-6));
    assertThat(c.value()).isCloseTo(1, within(1e-6));
  }

  @ParameterizedTest(name = "constant {0} -> flagged {1}")
  @CsvSource({"true, true", "false, false"})
  void constantSeriesAreFlaggedAndCapped(boolean flat, boolean flagged) {
    Observed o = new Observed(MetricsFixture.of(R, 30).hourly("cpu", "Maximum", flat ? h -> 20 : h -> 20 + (h % 24) * 0.01).build());
    Confidence c = Confidence.of(o, List.of("cpu:Maximum"), FAR);
    assertThat(c.constant()).isEqualTo(flagged);
    assertThat(c.value()).isCloseTo(flagged ? Confidence.CONSTANT_CAP : 1, within(1e-3));
  }

  @Test
  void configurationOnlyIsCertainAndWindowOnlyIsUnknownCoverage() {
    Observed o = new Observed(MetricsFixture.of(R, 30).window("mem", "Maximum", 20).build());
    assertThat(Confidence.of(o, List.of(), FAR).value()).isEqualTo(1.0);
    assertThat(Confidence.of(o, List.of("mem:Maximum"), FAR).coverage()).isEqualTo(Confidence.UNKNOWN_COVERAGE);
  }

  @ParameterizedTest(name = "{0} days of per-minute traffic -> at most {1}")
  @CsvSource({"1, 0.3", "28, 1"})
  void perMinuteSeriesScoreTheSameWay(int days, double atMost) {
    double[] rate = new double[days * 1440];
    for (int i = 0; i < rate.length; i++) rate[i] = 1000 + 200 * Math.sin(i * 2 * Math.PI / 1440);
    Confidence c = Confidence.ofMinutes(rate, rate, days, FAR);
    assertThat(c.value()).isLessThanOrEqualTo(atMost);
    assertThat(c.value()).isCloseTo(days / 28.0, within(1e-3));
  }
}
