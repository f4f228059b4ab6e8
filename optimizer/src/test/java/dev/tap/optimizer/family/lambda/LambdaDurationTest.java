package dev.tap.optimizer.family.lambda;

import static dev.tap.optimizer.model.ConfigKeys.MEMORY_MB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tap.optimizer.rules.MetricsFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Duration after a memory change on both sides of one vCPU (1,769 MB), assumed and fitted from history. */
class LambdaDurationTest {

  // Unknown function: a cut grows duration in proportion to the memory lost (wholly CPU-bound, fully parallel), on both sides of
  // 1,769 MB; a raise gains nothing.
  @ParameterizedTest(name = "unknown: {0} MB -> {1} MB: duration x{2}")
  @CsvSource({
      "3008, 2112, 1.4242", "3008, 1792, 1.6786", "3008, 1769, 1.7004", "3008, 1728, 1.7407", "1024, 512, 2", "3008, 448, 6.7143",
      "512, 1024, 1", "1769, 3008, 1", "1728, 1792, 1", "3008, 3008, 1"})
  void unknownTakesTheSafeEnd(int from, int to, double ratio) {
    assertThat(LambdaDuration.ratio(from, to)).isCloseTo(ratio, within(1e-3));
  }

  // Histories made with the model itself at sensitivity k (b = min(k, 1), p = max(0, k - 1)), at two sizes: the fit recovers a range
  // holding k, and the cut 3008 -> 2112 MB (both above one vCPU) and the cut 3008 -> 1024 MB (across it) predict at or above the truth,
  // within 3 % where the history spans a wide range; two close sizes (1536 / 2048) bound k loosely, so the safe end is up to 9 % high.
  @ParameterizedTest(name = "true k {2}: history {0} / {1} MB, within {3}")
  @CsvSource({
      "1024, 3008, 1.0, 1.03",   // single-threaded CPU-bound: nothing gained above one vCPU
      "1024, 3008, 0.5, 1.03",   // half I/O
      "2112, 3008, 2.0, 1.03",   // fully parallel: both sizes above one vCPU
      "2112, 3008, 1.5, 1.03",   // half parallel
      "1536, 2048, 1.8, 1.09"})  // the sizes straddle one vCPU
  void fitRecoversTheSensitivity(int small, int large, double k, double within) {
    var s = LambdaDuration.fit(small, 100 * LambdaDuration.relative(k, small), large, 100 * LambdaDuration.relative(k, large)).orElseThrow();
    assertThat(s.fitted()).isTrue();
    assertThat(k).isBetween(s.low() - 1e-9, s.high() + 1e-9);
    for (int to : new int[] {2112, 1024}) {
      double truth = LambdaDuration.relative(k, to) / LambdaDuration.relative(k, 3008);
      assertThat(s.ratio(3008, to)).isGreaterThanOrEqualTo(truth * 0.999).isLessThan(truth * within);
    }
    double raiseTruth = LambdaDuration.relative(k, 4096) / LambdaDuration.relative(k, 3008);
    assertThat(s.ratio(3008, 4096)).isLessThan(1.0 + 1e-9).isGreaterThanOrEqualTo(raiseTruth * 0.999);
  }

  // Both sizes below one vCPU say nothing of parallelism: a cut from above it keeps the safe (fully parallel) end.
  @Test
  void historyBelowOneVcpuLeavesParallelismAtTheSafeEnd() {
    var s = LambdaDuration.fit(512, 200, 1024, 100).orElseThrow(); // wholly CPU-bound below one vCPU
    assertThat(s.high()).isEqualTo(2.0);
    assertThat(s.ratio(3008, 2112)).isCloseTo(3008.0 / 2112, within(1e-9));
  }

  @ParameterizedTest(name = "slowdown {0}: fitted {1}")
  @CsvSource({"0.9, false", "1.0, true", "5, true"})
  void historyThatAMemoryEffectCannotExplain(double slowdown, boolean fits) {
    var s = LambdaDuration.fit(1024, 100 * slowdown, 3008, 100);
    assertThat(s.isPresent()).isEqualTo(fits);
    if (slowdown > 3) assertThat(s.get().low()).isEqualTo(2.0); // slower than CPU explains: the safe end both ways
  }

  // 20 days at 3008 MB then 25 at 1024 MB (the function was cut earlier): Lambda Insights total_memory shows the sizes, Duration the
  // cost; a single-threaded function (x1.7275 below) is then not charged for parallelism on a further cut.
  @ParameterizedTest(name = "hours at 3008 MB: {0} -> fitted {1}")
  @CsvSource({"480, true", "23, false", "0, false"})
  void learntFromTheHourlyConfiguredMemory(int hoursAt3008, boolean fitted) {
    var r = MetricsFixture.resource("tap-dev-fn", LambdaFamily.LAMBDA, Map.of(MEMORY_MB, "1024"));
    var m = MetricsFixture.of(r, 45)
        .hourly(LambdaMetrics.TOTAL_MEMORY, "Maximum", h -> h < hoursAt3008 ? 3008 : 1024)
        .hourly(LambdaMetrics.DURATION, "Average", h -> h < hoursAt3008 ? 100 : 100 * 1769.0 / 1024)
        .hourly(LambdaMetrics.INVOCATIONS, "Sum", h -> 1000).build();
    var s = LambdaDuration.of(m, 1024);
    assertThat(s.fitted()).isEqualTo(fitted);
    assertThat(s.basis()).contains(fitted ? "fitted from history" : "no hours at another memory size");
    // a raise back to 3008 MB: fitted, the measured speed-up (at least most of it); unknown, none
    assertThat(s.ratio(1024, 3008)).isCloseTo(fitted ? 1024 / 1769.0 : 1, within(fitted ? 0.02 : 1e-9));
  }
}
