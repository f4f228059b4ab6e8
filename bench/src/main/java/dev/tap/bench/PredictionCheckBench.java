package dev.tap.bench;

import dev.tap.optimizer.cli.PredictionCheck;
import dev.tap.optimizer.sim.SimBlueprint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The prediction check (issue 15, docs/analysis.md "Prediction check"): for each simulated account
 * (trading, saas, staging, or those named as arguments), every action the planner proposes is made
 * in the simulated account for the lookback's last 14 days, and the backtest's predictions are
 * printed beside what the simulation measured; then each account's whole plan is made at once for
 * the last 7 days and checked for SLO hours and throttling the backtest did not predict.
 */
public final class PredictionCheckBench {
  private PredictionCheckBench() {}

  public static void main(String[] args) {
    List<SimBlueprint> accounts = new ArrayList<>();
    for (String a : args) accounts.add(SimBlueprint.parse(a));
    if (accounts.isEmpty()) accounts.addAll(List.of(SimBlueprint.TRADING, SimBlueprint.SAAS, SimBlueprint.STAGING));
    long t0 = System.nanoTime();
    List<PredictionCheck.Row> rows = new ArrayList<>();
    for (SimBlueprint b : accounts) rows.addAll(PredictionCheck.run(b));
    System.out.println("Prediction check, " + Instant.now() + ": each action made in the simulated account for the lookback's last "
        + PredictionCheck.WINDOW.toDays() + " days");
    System.out.print(PredictionCheck.format(rows));
    for (SimBlueprint b : accounts) System.out.print(PredictionCheck.format(PredictionCheck.wholePlan(b, 7)));
    System.out.printf("(%.1f s)%n", (System.nanoTime() - t0) / 1e9);
  }
}
