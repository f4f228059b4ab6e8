package dev.tap.optimizer.family.lambda;

import static dev.tap.optimizer.model.ConfigKeys.MEMORY_MB;
import static dev.tap.optimizer.model.ConfigKeys.RESERVED_CONCURRENCY;
import static dev.tap.optimizer.rules.MetricsFixture.constant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.rules.MetricsFixture;
import dev.tap.optimizer.rules.RuleResult;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lambda duration after a memory cut, concurrency against reserved, throttling today. */
class LambdaRulesTest {
  static final Policy STAGING = PolicyLoader.profile("staging"); // backtest ceiling 85 %

  static Resource fn() {
    return MetricsFixture.resource("tap-dev-fn", LambdaFamily.LAMBDA, Map.of(MEMORY_MB, "3008", RESERVED_CONCURRENCY, "100"));
  }

  // 10 % of 3008 MB used -> 448 MB by memory; with no memory history a cut is taken as wholly CPU-bound and fully parallel, so
  // duration x3008/448 = x6.71 at 448 MB and peak concurrency x(3008 / target) against 85 % of 100 reserved: target >= 3008 x peak / 85.
  @ParameterizedTest(name = "peak concurrency {0} -> memory {1} MB")
  @CsvSource({"10, 448", "12.6, 448", "12.7, 512", "50, 1792", "84, 3008", "86, 3008"})
  void memoryCutKeepsPredictedConcurrencyUnderReserved(double peak, int expectedMb) {
    var m = MetricsFixture.of(fn(), 45).window(LambdaMetrics.MEMORY_UTILISATION, "Maximum", 10)
        .window(LambdaMetrics.CONCURRENT, "Maximum", peak).hourly(LambdaMetrics.CONCURRENT, "Maximum", constant(peak)).build();
    RuleResult res = new LambdaRules().evaluate(fn(), m, STAGING);
    int mb = res.proposals().stream().filter(p -> p.kind() == LambdaFamily.LAMBDA_MEMORY)
        .map(p -> Integer.parseInt(p.after().get(MEMORY_MB))).findFirst().orElse(3008);
    assertThat(mb).isEqualTo(expectedMb);
    assertThat(res.findings().stream().anyMatch(f -> f.title().equals("memory cut held back"))).isEqualTo(expectedMb == 3008);
    res.proposals().stream().filter(p -> p.kind() == LambdaFamily.LAMBDA_MEMORY).forEach(p ->
        assertThat(p.loads()).anySatisfy(l -> assertThat(l.factor()).isCloseTo(LambdaDuration.ratio(3008, expectedMb), within(1e-9))));
  }

  // peak 10 concurrent: without a memory cut, provisioned and reserved go to ceil(10 x 1.5) = 15; with the cut to 448 MB the
  // duration after it (x6.71) is a prediction nothing has measured, so the concurrency cut waits for the next analysis
  @ParameterizedTest(name = "memory cut {0} -> provisioned {1}")
  @CsvSource({"false, 15", "true, 50"})
  void concurrencyCutWaitsForAMemoryCut(boolean memoryCut, int provisioned) {
    Resource r = MetricsFixture.resource("tap-dev-fn", LambdaFamily.LAMBDA,
        Map.of(MEMORY_MB, "3008", RESERVED_CONCURRENCY, "100", dev.tap.optimizer.model.ConfigKeys.PROVISIONED_CONCURRENCY, "50"));
    var f = MetricsFixture.of(r, 45).window(LambdaMetrics.CONCURRENT, "Maximum", 10).window(LambdaMetrics.PROVISIONED_UTILISATION, "Maximum", 0.2)
        .hourly(LambdaMetrics.CONCURRENT, "Maximum", constant(10));
    if (memoryCut) f.window(LambdaMetrics.MEMORY_UTILISATION, "Maximum", 10);
    RuleResult res = new LambdaRules().evaluate(r, f.build(), STAGING);
    int after = res.proposals().stream().filter(p -> p.kind() == LambdaFamily.LAMBDA_CONCURRENCY)
        .map(p -> Integer.parseInt(p.after().get(dev.tap.optimizer.model.ConfigKeys.PROVISIONED_CONCURRENCY))).findFirst().orElse(50);
    assertThat(after).isEqualTo(provisioned);
    assertThat(res.findings().stream().anyMatch(x -> x.title().equals("concurrency cut waits for the memory cut"))).isEqualTo(memoryCut);
  }

  // concurrency = invocations x duration, against reserved 100 and the 85 % ceiling: the memory cut's load predicts the peak x the
  // duration ratio (the demand factor, which a measurement after the change already contains) against the same limit, and memory
  // used x old/new size. 12.6 x 6.71 = 84.6 % fits at 448 MB; 13 x 6.71 = 87.3 % would not, so 512 MB (x5.875 = 76.4 %).
  @ParameterizedTest(name = "peak concurrency {0} -> {1} MB, predicted {2} % of reserved")
  @CsvSource({"5, 448, 33.57", "12.6, 448, 84.60", "13, 512, 76.38"})
  void memoryCutLoadsPredictConcurrencyAgainstReservedAndMemoryUsed(double peak, int mb, double predictedPct) {
    var m = MetricsFixture.of(fn(), 45).window(LambdaMetrics.MEMORY_UTILISATION, "Maximum", 10)
        .hourly(LambdaMetrics.MEMORY_UTILISATION, "Maximum", constant(10))
        .window(LambdaMetrics.CONCURRENT, "Maximum", peak).hourly(LambdaMetrics.CONCURRENT, "Maximum", constant(peak)).build();
    var p = new LambdaRules().evaluate(fn(), m, STAGING).proposals().stream().filter(x -> x.kind() == LambdaFamily.LAMBDA_MEMORY).findFirst().orElseThrow();
    var concurrency = p.loads().get(0);
    assertThat(concurrency.key()).isEqualTo(LambdaMetrics.CONCURRENT + ":Maximum");
    assertThat(peak * concurrency.predictedScale()).isCloseTo(predictedPct, within(0.01));
    assertThat(p.after()).isEqualTo(Map.of(MEMORY_MB, String.valueOf(mb)));
    assertThat(concurrency.demandFactor()).isCloseTo(LambdaDuration.ratio(3008, mb), within(1e-9));
    assertThat(concurrency.limitScale()).isCloseTo(1.0, within(1e-12)); // 100 / reserved 100
    assertThat(p.loads().get(1).label()).isEqualTo("memory used");
    assertThat(p.evidence()).anySatisfy(e -> assertThat(e.metric()).contains("(no memory history: wholly CPU-bound, fully parallel)"));
    assertThat(p.rationale()).contains("no hours at another memory size");
    assertThat(p.loads().get(1).factor()).isCloseTo(3008.0 / mb, within(1e-9));
  }

  @ParameterizedTest(name = "{0} throttles in {1} invocations -> finding {2}")
  @CsvSource({"0, 1000000, false", "1, 1000000, true", "23100000, 397000000, true"})
  void throttlingTodayIsAFindingAndNothingIsCut(double throttles, double invocations, boolean finding) {
    var m = MetricsFixture.of(fn(), 45).window(LambdaMetrics.MEMORY_UTILISATION, "Maximum", 10)
        .window(LambdaMetrics.THROTTLES, "Sum", throttles).window(LambdaMetrics.INVOCATIONS, "Sum", invocations)
        .window(LambdaMetrics.CONCURRENT, "Maximum", 5).build();
    RuleResult res = new LambdaRules().evaluate(fn(), m, STAGING);
    assertThat(res.findings().stream().anyMatch(f -> f.title().equals("throttles today"))).isEqualTo(finding);
    assertThat(res.proposals().isEmpty()).isEqualTo(finding);
  }
}
