package dev.tap.optimizer.family.sagemaker;

import java.time.Instant;

/**
 * One finished training job as DescribeTrainingJob reports it: instance type and count, when it
 * ran, TrainingTimeInSeconds, BillableTimeInSeconds, whether it used managed spot, and its limits.
 */
public record TrainingJob(
    String name, String region, String instanceType, int instanceCount, Instant start, long trainingSeconds,
    long billableSeconds, boolean managedSpot, long maxRuntimeSeconds, long maxWaitSeconds) {

  public TrainingJob {
    if (instanceCount < 1) throw new IllegalArgumentException("training job " + name + ": instance count must be at least 1");
    if (trainingSeconds < 0 || billableSeconds < 0) throw new IllegalArgumentException("training job " + name + ": negative duration");
  }

  /** Instance-hours billed (billable seconds are per instance in DescribeTrainingJob). */
  public double billableInstanceHours() {
    return billableSeconds * (double) instanceCount / 3600.0;
  }
}
