package dev.tap.optimizer.model;

/**
 * The lookback replayed under the new configuration: predicted SLO values and how many hours would
 * have breached. {@code passed} is false when any predicted hour breaches an O7/O3 threshold.
 */
public record Backtest(
    int days, double baselineP95Ms, double predictedP95Ms, double baselineP99Ms, double predictedP99Ms,
    double baselineErrorRatePct, double predictedErrorRatePct, double predictedPeakUtilisationPct,
    int breachHours, boolean passed, String model) {}
