package dev.tap.optimizer.sim;

import java.util.Arrays;

/**
 * How the minutes of an hour spread around the hour's level: 60 multipliers, the quantiles of a
 * log-normal with the given sigma, rescaled to mean exactly 1, sorted ascending. Each hour visits
 * them in its own seeded order (a stride coprime to 60 and an offset), so minute series look
 * noisy while every hour's mean, minimum, maximum and percentiles are known in closed form. This
 * is what lets the simulation answer a 90-day, 10,000-resource fetch without walking every minute.
 */
final class MinuteSpread {
  static final int MINUTES = 60;
  private static final int[] STRIDES = {1, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 49, 53, 59};

  final double[] sorted;

  MinuteSpread(double sigma) {
    sorted = new double[MINUTES];
    double sum = 0;
    for (int k = 0; k < MINUTES; k++) {
      double z = inverseNormal((k + 0.5) / MINUTES);
      sorted[k] = Math.exp(sigma * z);
      sum += sorted[k];
    }
    for (int k = 0; k < MINUTES; k++) sorted[k] *= MINUTES / sum;
    Arrays.sort(sorted);
  }

  /** The multiplier of minute {@code m} (0..59) of an hour whose order is drawn from {@code hourHash}. */
  double at(long hourHash, int m) {
    int stride = STRIDES[(int) ((hourHash >>> 8) & 15)];
    int offset = (int) Long.remainderUnsigned(hourHash >>> 12, MINUTES);
    return sorted[(stride * m + offset) % MINUTES];
  }

  double min() {
    return sorted[0];
  }

  double max() {
    return sorted[MINUTES - 1];
  }

  /** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
  static double inverseNormal(double p) {
    double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
    double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    double pl = 0.02425;
    if (p < pl) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - pl) {
      double q = Math.sqrt(-2 * Math.log(1 - p));
      return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
}
