package dev.tap.optimizer.pricing;

/**
 * Spot savings over on-demand for the instance under a SageMaker training type, and how often
 * such instances are interrupted ("&lt;5%", ..., "&gt;20%" per month), from the Spot Advisor.
 */
public record SpotSavings(
    String type, String region, int savingsPercent, String interruptionBand, String source) {

  /** The effective hourly price of managed spot training given the on-demand price. */
  public double spotHourly(double onDemandHourly) {
    return onDemandHourly * (100 - savingsPercent) / 100.0;
  }
}
