package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.sim.SimBlueprint;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The prediction check on the trading account (docs/analysis.md, "Prediction check"): the
 * backtest's predicted peak utilisation against the simulation's, the change made for the
 * lookback's last 14 days. The two share no model code, so this fails when either drifts.
 */
class PredictionCheckTest {

  @Test
  void backtestPredictsTheSimulatedPeakAndEveryBreachOfCapacityChanges() {
    List<PredictionCheck.Row> rows = PredictionCheck.run(SimBlueprint.TRADING);
    // ASG type, DAX nodes and the Aurora class: capacity factors the sim applies the same way.
    List<PredictionCheck.Row> capacity = rows.stream().filter(r -> !r.kind().startsWith("REDIS_")).toList();
    assertThat(capacity).extracting(PredictionCheck.Row::kind).contains("ASG_INSTANCE_TYPE", "DAX_NODES", "DB_INSTANCE_CLASS");
    assertThat(capacity).allSatisfy(r -> assertThat(r.peakAgrees()).as("%s %s: predicted %.1f %% vs simulated %.1f %%", r.resourceId(), r.kind(),
        r.predictedPeakPct(), r.simulatedPeakPct()).isTrue());
    // No action breaches in the simulation where the backtest predicted none (Redis included).
    assertThat(rows).noneMatch(PredictionCheck.Row::missedBreach);
    // Blocked changes breach in the simulation too: the backtest's blocks are not false alarms.
    assertThat(rows.stream().filter(r -> r.kind().equals("DB_INSTANCE_CLASS")).findFirst().orElseThrow().simulatedBreachHours()).isPositive();
  }

  @Test
  void rowVerdicts() {
    PredictionCheck.Row within = row(60, 55, 0, 0, 0, 0);
    PredictionCheck.Row off = row(62.3, 41.5, 0, 0, 0, 0);
    PredictionCheck.Row bothSaturated = row(145, 100, 46, 46, 0, 0);
    PredictionCheck.Row missed = row(61.7, 159.9, 0, 34, 0, 3700);
    PredictionCheck.Row throttles = row(Double.NaN, Double.NaN, 0, 0, 9.5e6, 5.3e7);
    assertThat(within.peakAgrees()).isTrue();
    assertThat(off.peakAgrees()).isFalse();
    assertThat(bothSaturated.peakAgrees()).isTrue();
    assertThat(missed.missedBreach()).isTrue();
    assertThat(throttles.missedBreach()).isTrue();
    assertThat(within.missedBreach()).isFalse();
    assertThat(PredictionCheck.format(List.of(within, off))).contains("1 of 2 actions (50 %; target >= 90 %: NOT met)");
  }

  private static PredictionCheck.Row row(double predicted, double simulated, int breachesPredicted, int breachesSimulated, double thrBefore, double thrAfter) {
    return new PredictionCheck.Row("trading", "r", "K", "{}", dev.tap.optimizer.model.Recommendation.Status.PLANNED, predicted, simulated,
        predicted >= 100, 7, 7, 7, breachesPredicted, breachesSimulated, thrBefore, thrAfter, 1, 1);
  }
}
