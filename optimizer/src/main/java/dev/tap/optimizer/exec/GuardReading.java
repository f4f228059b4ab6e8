package dev.tap.optimizer.exec;

import java.time.Instant;

/**
 * One rule evaluated at one check: {@code value} over the interval ending {@code checkedAt}
 * compared with {@code threshold}. {@code value} is null when CloudWatch had no datapoint.
 */
public record GuardReading(
    long runId, int phase, Instant checkedAt, String rule, String metric, String stat, Double value, double threshold, boolean breached) {

  public String describe() {
    String v = value == null ? "no data" : String.format(java.util.Locale.ROOT, "%.4g", value);
    return String.format(java.util.Locale.ROOT, "%s: %s %s = %s (limit %.4g)%s", rule, metric, stat, v, threshold, breached ? " BREACH" : "");
  }
}
