package dev.tap.optimizer.family;

/**
 * A metric read against a capacity in the configuration, in percent.
 *
 * @param perSecondSum the metric is a Sum per period, turned into a rate per second first
 */
public record CapacityUse(String metric, String capacityKey, boolean perSecondSum) {}
