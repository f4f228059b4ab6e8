package dev.tap.optimizer.exec;

import java.time.Instant;

/**
 * One rule evaluated at one check: {@code value} over the interval ending {@code checkedAt}
 * compared with {@code threshold}, the limit in force. {@code value} is null when CloudWatch had no
 * datapoint. {@code baseline} is the same hour of the week in the baseline and {@code control} the
 * level of the control window just before the phase started (null when not read): the threshold is
 * the rule's own limit moved beyond both by the policy's attribution margin, so a reading breaches
 * only when it is abnormal against both (docs/execution.md).
 */
public record GuardReading(
    long runId, int phase, Instant checkedAt, String rule, String metric, String stat, Double value, double threshold, boolean breached,
    Double baseline, Double control) {

  public GuardReading(long runId, int phase, Instant checkedAt, String rule, String metric, String stat, Double value, double threshold,
      boolean breached) {
    this(runId, phase, checkedAt, rule, metric, stat, value, threshold, breached, null, null);
  }

  public String describe() {
    String v = value == null ? "no data" : fmt(value);
    return String.format(java.util.Locale.ROOT, "%s: %s %s = %s (limit %s; baseline %s, control %s)%s", rule, metric, stat, v, fmt(threshold),
        baseline == null ? "-" : fmt(baseline), control == null ? "-" : fmt(control), breached ? " BREACH" : "");
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4g", v);
  }
}
