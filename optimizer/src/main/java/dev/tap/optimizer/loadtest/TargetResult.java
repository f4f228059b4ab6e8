package dev.tap.optimizer.loadtest;

import java.util.List;
import java.util.Map;

/**
 * The outcome for one target: operations scheduled by the open-loop schedule, how many succeeded,
 * failures by kind (including {@code dropped} when the concurrency cap and queue were full and
 * {@code cancelled} when the run ended first), throughput of successes over the run, latency
 * percentiles over all completed operations, and the same per second.
 */
public record TargetResult(
    String name,
    String kind,
    String endpoint,
    double targetRatePerSecond,
    long scheduled,
    long ok,
    Map<String, Long> errors,
    double throughputPerSecond,
    Latency latencyMs,
    List<SecondResult> seconds) {

  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }
}
