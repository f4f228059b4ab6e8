package dev.tap.optimizer.backtest;

/**
 * A queueing-style latency curve {@code L(u) = a + b * u / (1 - u)} (u = utilisation as a fraction):
 * the shape of an M/M/1 queue's response time, where {@code a} is the part of latency that does
 * not depend on load and {@code b} the service time that queueing multiplies. Fitted per resource
 * by least squares over its own hourly (utilisation, latency) pairs; a negative slope (latency
 * unrelated to this resource's load) is clamped to zero, so the curve then predicts no change.
 */
public record LatencyCurve(double a, double b, int points, double r2) {

  /** Utilisation is capped just below saturation, where the curve is infinite. */
  static final double MAX_U = 0.99;

  public static double x(double utilisationPct) {
    double u = Math.min(MAX_U, Math.max(0, utilisationPct / 100.0));
    return u / (1 - u);
  }

  /** Fits over hours where both values are present; fewer than 3 hours gives a flat curve. */
  public static LatencyCurve fit(double[] utilisationPct, double[] latencyMs) {
    int n = 0;
    double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
    int len = Math.min(utilisationPct.length, latencyMs.length);
    for (int i = 0; i < len; i++) {
      double u = utilisationPct[i];
      double l = latencyMs[i];
      if (Double.isNaN(u) || Double.isNaN(l)) continue;
      double x = x(u);
      n++;
      sx += x;
      sy += l;
      sxx += x * x;
      sxy += x * l;
      syy += l * l;
    }
    if (n < 3) return new LatencyCurve(n == 0 ? 0 : sy / n, 0, n, 0);
    double varX = sxx - sx * sx / n;
    double cov = sxy - sx * sy / n;
    double varY = syy - sy * sy / n;
    double b = varX > 1e-12 ? cov / varX : 0;
    if (b < 0) b = 0;
    double a = (sy - b * sx) / n;
    double r2 = varX > 1e-12 && varY > 1e-12 ? Math.max(0, cov * cov / (varX * varY)) : 0;
    if (b == 0) r2 = 0;
    return new LatencyCurve(a, b, n, r2);
  }

  public double at(double utilisationPct) {
    return a + b * x(utilisationPct);
  }

  /**
   * Latency of an hour whose utilisation moves from {@code before} to {@code after}: the observed
   * value plus the curve's difference, so the hour keeps whatever the curve does not explain.
   */
  public double shift(double observedMs, double beforePct, double afterPct) {
    return observedMs + b * (x(afterPct) - x(beforePct));
  }
}
