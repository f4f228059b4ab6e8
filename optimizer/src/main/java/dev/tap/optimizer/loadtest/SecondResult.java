package dev.tap.optimizer.loadtest;

import java.util.Map;

/**
 * What completed during one second of a run (second 1 is the first): successes, failures by kind,
 * and the latency of all of them, measured from their intended start.
 */
public record SecondResult(long second, long ok, Map<String, Long> errors, Latency latencyMs) {

  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }
}
