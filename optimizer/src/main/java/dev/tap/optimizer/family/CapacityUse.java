package dev.tap.optimizer.family;

/**
 * A metric read against a capacity in the configuration, in percent.
 *
 * @param perSecondSum the metric is a Sum per period, turned into a rate per second first
 * @param stat the statistic read when the metric is not a Sum ({@code Maximum}: the peak against a
 *     reservation; {@code Average}: a utilisation that is already a mean, such as GPUUtilization)
 */
public record CapacityUse(String metric, String capacityKey, boolean perSecondSum, String stat) {

  /** Read as {@code Sum} per second, or else as {@code Maximum}. */
  public CapacityUse(String metric, String capacityKey, boolean perSecondSum) {
    this(metric, capacityKey, perSecondSum, perSecondSum ? "Sum" : "Maximum");
  }
}
