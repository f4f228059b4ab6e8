package dev.tap.optimizer.model;

/**
 * One comparison that fired (or held back) a rule: which metric and statistic over which window
 * was compared with which threshold. Reports print these verbatim.
 */
public record Evidence(String metric, String stat, int windowDays, double value, String comparator, double threshold, String unit) {

  public boolean holds() {
    return switch (comparator) {
      case "<" -> value < threshold;
      case "<=" -> value <= threshold;
      case ">" -> value > threshold;
      case ">=" -> value >= threshold;
      default -> throw new IllegalStateException("unknown comparator " + comparator);
    };
  }

  /** For example {@code CPUUtilization p95 over 90 d = 23.4 % < 40 %}. */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "%s %s over %d d = %.4g%s %s %.4g%s", metric, stat, windowDays, value, unit, comparator, threshold, unit);
  }
}
