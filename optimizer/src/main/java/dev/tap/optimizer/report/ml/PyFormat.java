package dev.tap.optimizer.report.ml;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Numbers and texts formatted exactly as the notebook's Python code formats them, so a stored
 * output equals the output of re-running its cell: Python's {@code format(v, ',.Nf')} rounds the
 * double's exact binary value half-to-even and keeps the sign of a negative value that rounds to 0.
 */
final class PyFormat {
  private PyFormat() {}

  /** {@code format(v, ',.{decimals}f')}, or an empty text for NaN (the notebook's {@code n(v, d)}). */
  static String n(double v, int decimals) {
    if (Double.isNaN(v)) return "";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    boolean negative = v < 0 || (v == 0 && 1 / v < 0);
    String plain = new BigDecimal(Math.abs(v)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    int dot = plain.indexOf('.');
    String whole = dot < 0 ? plain : plain.substring(0, dot);
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % 3 == 0) grouped.append(',');
      grouped.append(whole.charAt(i));
    }
    return (negative ? "-" : "") + grouped + (dot < 0 ? "" : plain.substring(dot));
  }

  /** Python's {@code html.escape(s, quote=False)}. */
  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A settings map as the notebook's {@code kv(d)}: {@code key=value} sorted by key, joined by {@code "; "}. */
  static String kv(Map<String, String> m) {
    return new TreeMap<>(m).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
  }
}
