package dev.tap.optimizer.pricing;

/**
 * Spot savings over on-demand for the instance under a SageMaker training type, and how often
 * such instances are interrupted ("&lt;5%", ..., "&gt;20%" per month), from the Spot Advisor.
 */
public record SpotSavings(
    String type, String region, int savingsPercent, String interruptionBand, String source) {

  /** What an on-demand cost (hourly or monthly) becomes at these spot savings. */
  public double discounted(double onDemandCost) {
    return onDemandCost * (100 - savingsPercent) / 100.0;
  }
}
