package dev.tap.optimizer.family.sagemaker;

/**
 * Managed spot training settings. {@code checkpointWriteSeconds}: time to write one checkpoint to
 * the local path (uploaded to S3 asynchronously); {@code restartSeconds}: spot re-acquisition and
 * checkpoint reload after an interruption (billed); {@code maxInterruptions}: after this many, the
 * job is resubmitted on-demand from the last checkpoint; {@code deadlineSlackSeconds}: how long a
 * job may wait for spot capacity beyond its runtime (MaxWaitTimeInSeconds = MaxRuntimeInSeconds +
 * slack); {@code maxCheckpointIntervalSeconds}: an upper bound on the interval whatever the rate.
 */
public record SpotPolicy(
    long checkpointWriteSeconds, long restartSeconds, int maxInterruptions, long deadlineSlackSeconds,
    long maxCheckpointIntervalSeconds, double runtimeMargin) {

  public static SpotPolicy defaults() {
    return new SpotPolicy(60, 300, 3, 4 * 3600, 1800, 1.5);
  }
}
