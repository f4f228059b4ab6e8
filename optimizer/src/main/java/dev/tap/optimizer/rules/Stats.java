package dev.tap.optimizer.rules;

import java.util.Arrays;

/**
 * Statistics over hourly series in primitive arrays. Missing hours are NaN and are skipped. These
 * serve backtests, coverage and hour patterns; window thresholds use CloudWatch's own whole-window
 * statistics (a 90-day p95 is not the 95th percentile of hourly averages).
 */
public final class Stats {
  private Stats() {}

  public static int present(double[] v) {
    int n = 0;
    for (double x : v) if (!Double.isNaN(x)) n++;
    return n;
  }

  /** Percentile (0-100) by linear interpolation between closest ranks; NaN when no value is present. */
  public static double percentile(double[] v, double pct) {
    double[] s = new double[v.length];
    int n = 0;
    for (double x : v) if (!Double.isNaN(x)) s[n++] = x;
    if (n == 0) return Double.NaN;
    Arrays.sort(s, 0, n);
    double rank = pct / 100.0 * (n - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(n - 1, lo + 1);
    return s[lo] + (s[hi] - s[lo]) * (rank - lo);
  }

  public static double max(double[] v) {
    double m = Double.NaN;
    for (double x : v) if (!Double.isNaN(x) && (Double.isNaN(m) || x > m)) m = x;
    return m;
  }

  public static double mean(double[] v) {
    double s = 0;
    int n = 0;
    for (double x : v) {
      if (!Double.isNaN(x)) {
        s += x;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /** The maximum of each whole or partial day (24 consecutive hourly points), NaN for an empty day. */
  public static double[] dailyMax(double[] hourly) {
    double[] days = new double[(hourly.length + 23) / 24];
    Arrays.fill(days, Double.NaN);
    for (int i = 0; i < hourly.length; i++) {
      double x = hourly[i];
      int d = i / 24;
      if (!Double.isNaN(x) && (Double.isNaN(days[d]) || x > days[d])) days[d] = x;
    }
    return days;
  }

  /**
   * Daily peaks each divided by the mean peak of the same weekday (day index mod 7), once every
   * weekday has two days of data: a regular weekday/weekend cycle then has no variability left.
   * Fewer days are returned as they are.
   */
  public static double[] weekdayAdjusted(double[] daily) {
    if (daily.length < 14) return daily;
    double[] sum = new double[7];
    int[] n = new int[7];
    for (int d = 0; d < daily.length; d++) {
      if (!Double.isNaN(daily[d])) {
        sum[d % 7] += daily[d];
        n[d % 7]++;
      }
    }
    for (int w = 0; w < 7; w++) if (n[w] < 2 || !(sum[w] > 0)) return daily;
    double[] out = new double[daily.length];
    for (int d = 0; d < daily.length; d++) out[d] = daily[d] / (sum[d % 7] / n[d % 7]);
    return out;
  }

  /** Coefficient of variation (standard deviation / mean) of the present values; 0 for fewer than 2. */
  public static double cv(double[] v) {
    double mean = mean(v);
    int n = present(v);
    if (n < 2 || !(mean > 0)) return 0;
    double ss = 0;
    for (double x : v) if (!Double.isNaN(x)) ss += (x - mean) * (x - mean);
    return Math.sqrt(ss / (n - 1)) / mean;
  }

  /** Longest run of consecutive entries below {@code limit} (missing entries break a run). */
  public static int longestRunBelow(double[] v, double limit) {
    int best = 0;
    int run = 0;
    for (double x : v) {
      run = !Double.isNaN(x) && x < limit ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  }
}
