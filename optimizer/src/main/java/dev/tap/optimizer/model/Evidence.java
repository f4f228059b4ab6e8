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

  /**
   * The comparison and whether it held, for example {@code CPUUtilization p95 over 90 d = 23.4 % < 40 %}
   * or, where it failed, {@code CPUUtilization p95 over 90 d = 68.02 %, not < 30 %}.
   */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "%s %s over %d d = %s%s%s %s %s%s", metric, stat, windowDays, number(value), unit,
        holds() ? "" : ", not", comparator, number(threshold), unit);
  }

  /** Four significant digits without trailing zeros or exponent noise (0.0001, not 0.0001000). */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) return String.valueOf(v);
    java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros();
    return d.toPlainString();
  }
}
