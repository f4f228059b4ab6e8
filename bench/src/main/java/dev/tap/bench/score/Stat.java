package dev.tap.bench.score;

import java.util.Arrays;

/** CloudWatch's statistics over raw samples: Average, Sum, Minimum, Maximum, SampleCount and {@code pNN} (nearest rank). */
final class Stat {
  private Stat() {}

  /** The statistic of {@code v[from..to)}, NaN when the range is empty or the statistic unknown. */
  static double of(String stat, float[] v, int from, int to) {
    int n = to - from;
    if (n <= 0) return Double.NaN;
    switch (stat) {
      case "SampleCount":
        return n;
      case "Sum":
      case "Average": {
        double s = 0;
        for (int i = from; i < to; i++) s += v[i];
        return stat.equals("Sum") ? s : s / n;
      }
      case "Maximum": {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) m = Math.max(m, v[i]);
        return m;
      }
      case "Minimum": {
        double m = Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) m = Math.min(m, v[i]);
        return m;
      }
      default: {
        double p = percentile(stat);
        if (p < 0) return Double.NaN;
        float[] sorted = Arrays.copyOfRange(v, from, to);
        Arrays.sort(sorted);
        return nearestRank(sorted, p);
      }
    }
  }

  /** The nearest-rank percentile {@code p} (0..100] of sorted values. */
  static double nearestRank(float[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double percentile(String stat) {
    return dev.tap.optimizer.metrics.MetricSpec.percentile(stat);
  }
}
