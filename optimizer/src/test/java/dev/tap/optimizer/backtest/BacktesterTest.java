package dev.tap.optimizer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.rules.Load;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BacktesterTest {
  static final Policy TRADING = PolicyLoader.profile("trading"); // max utilisation 80 %, latency p95 15 ms, p99 rise 20 %

  /** 10 days; utilisation cycles 10..40 %; latency follows an M/M/1 curve a + b u/(1-u) exactly. */
  static double[] util() {
    double[] u = new double[240];
    for (int h = 0; h < u.length; h++) u[h] = 10 + 30 * (0.5 - 0.5 * Math.cos(2 * Math.PI * (h % 24) / 24.0));
    return u;
  }

  static double[] latency(double[] u, double a, double b) {
    double[] l = new double[u.length];
    for (int h = 0; h < u.length; h++) l[h] = a + b * LatencyCurve.x(u[h]);
    return l;
  }

  static BacktestInput in(int days, List<Load> loads, List<double[]> series, double[] p95, double[] p99) {
    return new BacktestInput(days, loads, series, null, p95, p99, null, "the test service", null, Double.NaN);
  }

  @Test
  void curveIsRecoveredFromItsOwnHistory() {
    double[] u = util();
    LatencyCurve c = LatencyCurve.fit(u, latency(u, 4, 2));
    assertThat(c.a()).isCloseTo(4, within(1e-9));
    assertThat(c.b()).isCloseTo(2, within(1e-9));
    assertThat(c.r2()).isCloseTo(1, within(1e-9));
    assertThat(c.at(50)).isCloseTo(6, within(1e-9));
  }

  @Test
  void unrelatedLatencyGivesAFlatCurve() {
    double[] u = util();
    double[] l = new double[u.length];
    for (int h = 0; h < l.length; h++) l[h] = 10 - u[h] / 10; // falls as load rises: not this resource's queue
    assertThat(LatencyCurve.fit(u, l).b()).isZero();
  }

  @ParameterizedTest(name = "capacity ratio {0}: peak {1} %, new breach hours > 0: {2}")
  @CsvSource({"1.5, 60, false", "2.0, 80, false", "2.1, 84, true", "3.0, 120, true"})
  void utilisationCeilingDecides(double factor, double peak, boolean breaches) {
    double[] u = util();
    Backtest b = Backtester.run(in(10, List.of(Load.percent("cpu", "CPU", factor)), List.of(u), null, null), TRADING);
    assertThat(b.predictedPeakUtilisationPct()).isCloseTo(peak, within(0.01));
    assertThat(b.breachHours() > 0).isEqualTo(breaches);
    assertThat(b.passed()).isEqualTo(!breaches);
    assertThat(b.model()).contains("utilisation only");
  }

  @Test
  void latencySloBreachBlocksEvenBelowTheUtilisationCeiling() {
    double[] u = util();
    double[] l = latency(u, 5, 8); // 40 % -> 10.3 ms today; at 2x (80 %) -> 37 ms > 15 ms
    Backtest b = Backtester.run(in(10, List.of(Load.percent("cpu", "CPU", 1.9)), List.of(u), l, null), TRADING);
    assertThat(b.baselineP95Ms()).isLessThan(15);
    assertThat(b.predictedP95Ms()).isGreaterThan(15);
    assertThat(b.breachHours()).isPositive();
    assertThat(b.passed()).isFalse();
    assertThat(b.model()).contains("L = ").contains("fitted");
  }

  @Test
  void p99RiseAboveTheRollbackThresholdBlocksWithoutBreachHours() {
    double[] u = util();
    double[] p95 = latency(u, 2, 0.5);
    double[] p99 = latency(u, 3, 1.5);
    // 1.5x: peak 60 %: p99 from 3+1.5*0.667=4.0 to 3+1.5*1.5=5.25 (+31 %) but p95 stays far below 15 ms
    Backtest b = Backtester.run(in(10, List.of(Load.percent("cpu", "CPU", 1.5)), List.of(u), p95, p99), TRADING);
    assertThat(b.breachHours()).isZero();
    assertThat(b.predictedP99Ms() / b.baselineP99Ms()).isGreaterThan(1.2);
    assertThat(b.passed()).isFalse();
    assertThat(b.model()).contains("rollback threshold");
  }

  @Test
  void hoursAlreadyAboveTheCeilingThatTheChangeMakesWorseAreCharged() {
    double[] u = util();
    u[5] = 95; // one hour over the ceiling before any change: 1.1x makes it 104.5 %
    Backtest b = Backtester.run(in(10, List.of(Load.percent("cpu", "CPU", 1.1)), List.of(u), null, null), TRADING);
    assertThat(b.breachHours()).isEqualTo(1);
    assertThat(b.passed()).isFalse();
    // 95 % at the hour's peak (no p95 series given, so the peak drives the queue): 104.5 % saturates
    assertThat(b.model()).startsWith("CPU saturates for 1 hours");
  }

  @Test
  void anHourAlreadySaturatedThatTheChangeLoadsMoreIsCharged() {
    double[] u = util();
    u[5] = 105; // demand already beyond capacity in one hour
    Backtest b = Backtester.run(in(10, List.of(Load.percent("cpu", "CPU", 1.1)), List.of(u), null, null), TRADING);
    assertThat(b.breachHours()).isEqualTo(1);
    assertThat(b.passed()).isFalse();
    assertThat(b.model()).startsWith("CPU saturates for 1 hours").contains("1 of them already saturated and made worse");
  }

  @Test
  void hoursAlreadyAboveTheCeilingThatTheChangeRelievesAreNot() {
    double[] u = util();
    u[5] = 95;
    Backtest b = Backtester.run(in(10, List.of(Load.percent("cpu", "CPU", 0.9)), List.of(u), null, null), TRADING);
    assertThat(b.breachHours()).isZero();
    assertThat(b.passed()).isTrue();
    assertThat(b.model()).startsWith("no hour newly or further above");
  }

  @Test
  void saturationIsAVerdictNotAPercentageFromACap() {
    double[] u = util();
    double[] p95 = latency(u, 2, 0.5);
    double[] p99 = latency(u, 3, 1.5);
    // 3x: the 40 % peaks become 120 %: the queue has no steady state in those hours
    Backtest b = Backtester.run(in(10, List.of(Load.percent("cpu", "CPU", 3.0)), List.of(u), p95, p99), TRADING);
    assertThat(b.passed()).isFalse();
    assertThat(b.model()).startsWith("the test service's latency saturates for ").doesNotContain("rises").doesNotContain("rollback threshold");
    int saturating = 0;
    for (double v : u) if (v * 3 >= 100) saturating++;
    assertThat(b.model()).startsWith("the test service's latency saturates for " + saturating + " hours");
    assertThat(Double.isFinite(b.predictedP99Ms())).isTrue();
  }

  @Test
  void latencyHoursAreToldApartFromUtilisationOnlyHours() {
    double[] u = util();
    double[] p95 = latency(u, 2, 1); // 40 % -> 2.67 ms; 2.3x: 92 % -> 13.5 ms, still within 15 ms
    Backtest b = Backtester.run(in(10, List.of(Load.percent("cpu", "CPU", 2.3)), List.of(u), p95, null), TRADING);
    int over = 0;
    for (double v : u) if (v * 2.3 > 80) over++;
    assertThat(b.breachHours()).isEqualTo(over);
    assertThat(b.model()).contains(over + " hours above the 80 % utilisation ceiling with latency within the SLO").doesNotContain("SLO in");

    double[] steep = latency(u, 2, 3); // 2.3x: 92 % -> 36.5 ms: the same hours are latency hours now
    Backtest c = Backtester.run(in(10, List.of(Load.percent("cpu", "CPU", 2.3)), List.of(u), steep, null), TRADING);
    assertThat(c.model()).startsWith("latency p95 above the 15 ms SLO in ");
    assertThat(c.breachHours()).isGreaterThanOrEqualTo(over);
  }

  @Test
  void latencyHoursAlreadyAboveTheSloThatTheChangeRaisesAreCounted() {
    double[] u = util();
    double[] p95 = latency(u, 14, 3); // 40 % -> 16 ms: the peak hours already breach 15 ms
    Backtest b = Backtester.run(in(10, List.of(Load.percent("cpu", "CPU", 1.2)), List.of(u), p95, null), TRADING);
    assertThat(b.model()).contains("already above it, made worse");
    assertThat(b.passed()).isFalse();
  }

  @Test
  void latencyIsFittedAtTheResolutionOfTheLatencySeries() {
    double[] p95Util = util();
    double[] peakUtil = new double[p95Util.length];
    for (int h = 0; h < peakUtil.length; h++) peakUtil[h] = p95Util[h] * 1.6; // the hour's peak minute: a burst above its p95
    double[] p95 = latency(p95Util, 2, 1);
    Backtest b = Backtester.run(new BacktestInput(10, List.of(Load.percent("cpu", "CPU", 1.5)), List.of(peakUtil), p95Util, p95, null, null,
        "the test service", null, Double.NaN), TRADING);
    // fitted against the p95 series, the curve is recovered exactly (r2 1.00, b = 1)
    assertThat(b.model()).contains("L = 2.00 + 1.00*u/(1-u)").contains("(r2 1.00)");
    assertThat(b.predictedPeakUtilisationPct()).isCloseTo(40 * 1.6 * 1.5, within(1e-9));
  }

  @Test
  void baselineP95IsTheOneTheSloCheckStates() {
    double[] u = util();
    double[] p95 = latency(u, 2, 1);
    Backtest b = Backtester.run(new BacktestInput(10, List.of(Load.percent("cpu", "CPU", 1.2)), List.of(u), null, p95, null, null,
        "the test service", null, 2.5), TRADING);
    assertThat(b.baselineP95Ms()).isEqualTo(2.5);
    assertThat(b.predictedP95Ms()).isGreaterThan(2.5);
    assertThat(b.model()).contains("latency p95 2.5 ms today");
  }

  @Test
  void noLoadMeansNoReplay() {
    Backtest b = Backtester.run(in(60, List.of(), List.of(), null, null), TRADING);
    assertThat(b.passed()).isTrue();
    assertThat(b.breachHours()).isZero();
    assertThat(b.model()).contains("no capacity change");
  }
}
