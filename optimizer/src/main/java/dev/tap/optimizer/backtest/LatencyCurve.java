package dev.tap.optimizer.backtest;

/**
 * A queueing-style latency curve {@code L(u) = a + b * u / (1 - u)} (u = utilisation as a fraction):
 * the shape of an M/M/1 queue's response time, where {@code a} is the part of latency that does
 * not depend on load and {@code b} the service time that queueing multiplies. Fitted per resource
 * by least squares over its own hourly (utilisation, latency) pairs, both at the same resolution
 * (the hour's p95 minute); a negative slope (latency unrelated to this resource's load) is clamped
 * to zero, so the curve then predicts no change. At or above 100 % the queue has no steady state:
 * the curve has no value there, and callers report saturation instead of a number.
 */
public record LatencyCurve(double a, double b, int points, double r2) {

  /** Utilisation (percent) from which the queue grows without bound. */
  public static final double SATURATION_PCT = 100;

  /** The queueing term u/(1-u); NaN at or above saturation. */
  public static double x(double utilisationPct) {
    double u = Math.max(0, utilisationPct / 100.0);
    return u >= 1 ? Double.NaN : u / (1 - u);
  }

  public static boolean saturated(double utilisationPct) {
    return utilisationPct >= SATURATION_PCT;
  }

  /** Fits over hours where both values are present and below saturation; fewer than 3 hours gives a flat curve. */
  public static LatencyCurve fit(double[] utilisationPct, double[] latencyMs) {
    int n = 0;
    double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
    int len = Math.min(utilisationPct.length, latencyMs.length);
    for (int i = 0; i < len; i++) {
      double x = x(utilisationPct[i]);
      double l = latencyMs[i];
      if (Double.isNaN(x) || Double.isNaN(l)) continue;
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

  /** Latency at {@code utilisationPct}; NaN at or above saturation. */
  public double at(double utilisationPct) {
    return a + b * x(utilisationPct);
  }

  /**
   * Latency of an hour whose utilisation moves from {@code before} to {@code after}: the observed
   * value plus the curve's difference, so the hour keeps whatever the curve does not explain.
   * NaN when either side is at or above saturation (no steady-state latency to predict).
   */
  public double shift(double observedMs, double beforePct, double afterPct) {
    if (b == 0) return observedMs;
    return observedMs + b * (x(afterPct) - x(beforePct));
  }
}
