package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.model.Recommendation;
import dev.tap.optimizer.sim.SimBlueprint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The prediction check on the three simulated accounts (docs/analysis.md, "Prediction check"): the
 * backtest's predicted peak utilisation against the simulation's, each change made for the
 * lookback's last 14 days. The two share no model code, so this fails when either drifts.
 */
class PredictionCheckTest {

  // the kinds each account must check with a load: capacity factors, Redis replicas (the primaries' load unchanged), Lambda
  // memory (concurrency x duration against reserved, memory used) and concurrency, a class change
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "trading, REDIS_SHARDS DAX_NODES DB_INSTANCE_CLASS",
      "saas, REDIS_NODE_TYPE",
      "staging, REDIS_REPLICAS REDIS_SHARDS LAMBDA_MEMORY LAMBDA_CONCURRENCY RDS_INSTANCE_CLASS_BLUE_GREEN"})
  void backtestPredictsTheSimulatedPeakAndEveryBreach(String account, String kinds) {
    List<PredictionCheck.Row> rows = PredictionCheck.run(SimBlueprint.parse(account));
    List<PredictionCheck.Row> loaded = rows.stream().filter(PredictionCheck.Row::hasPeak).toList();
    assertThat(loaded).extracting(PredictionCheck.Row::kind).contains(kinds.split(" "));
    assertThat(loaded).allSatisfy(r -> assertThat(r.peakAgrees()).as("%s %s: predicted %.1f %% vs simulated %.1f %%", r.resourceId(), r.kind(),
        r.predictedPeakPct(), r.simulatedPeakPct()).isTrue());
    // No action breaches (or throttles more) in the simulation where the backtest predicted none.
    assertThat(rows).noneMatch(PredictionCheck.Row::missedBreach);
    // Blocked changes breach in the simulation too: the backtest's blocks are not false alarms.
    assertThat(rows.stream().filter(r -> r.status() == Recommendation.Status.BLOCKED_BY_BACKTEST))
        .allSatisfy(r -> assertThat(r.simulatedBreachHours()).as(r.resourceId()).isPositive());
  }

  // issue 15, "Done when": the staging plan made in the simulator for 7 days creates no SLO hour and no throttling the backtest did
  // not predict (every planned action was predicted none)
  @Test
  void theStagingPlanMadeForSevenDaysBreachesNothingUnpredicted() {
    PredictionCheck.PlanCheck c = PredictionCheck.wholePlan(SimBlueprint.STAGING, 7);
    assertThat(c.actions()).isPositive();
    assertThat(c.clean()).as(PredictionCheck.format(c)).isTrue();
  }

  @Test
  void planVerdicts() {
    assertThat(new PredictionCheck.PlanCheck("s", 7, 3, 0, 0, 5, 5, List.of()).clean()).isTrue();
    assertThat(new PredictionCheck.PlanCheck("s", 7, 3, 1, 0, 0, 0, List.of()).clean()).isFalse();
    assertThat(new PredictionCheck.PlanCheck("s", 7, 3, 0, 2, 0, 0, List.of()).clean()).isFalse();
    PredictionCheck.PlanCheck throttling = new PredictionCheck.PlanCheck("s", 7, 3, 0, 0, 0, 1448, List.of("fn-1 0 -> 1448"));
    assertThat(throttling.clean()).isFalse();
    assertThat(PredictionCheck.format(throttling)).contains("rising on fn-1 0 -> 1448").contains("NOT predicted by the backtest");
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
    return new PredictionCheck.Row("trading", "r", "K", "{}", Recommendation.Status.PLANNED, predicted, simulated,
        predicted >= 100, 7, 7, 7, breachesPredicted, breachesSimulated, thrBefore, thrAfter, 1, 1);
  }
}
