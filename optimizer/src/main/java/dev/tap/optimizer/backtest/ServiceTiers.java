package dev.tap.optimizer.backtest;

import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.registry.Families;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tiers a request passes through (compute, cache, accelerator, database) and their hourly
 * utilisation. A service's latency follows its busiest tier: a resource that is not the
 * bottleneck in an hour does not set that hour's latency, however well its own utilisation
 * correlates with it (every tier follows the same daily cycle). The backtest therefore fits the
 * latency curve against the busiest tier's utilisation and asks whether a change makes the changed
 * resource busier than the others.
 */
public final class ServiceTiers {
  private final long[] times;
  private final double[] max1;
  private final double[] max2;
  private final int[] who1;
  private final List<String> ids = new ArrayList<>();

  private ServiceTiers(long[] times, List<String> ids, List<double[]> series) {
    this.times = times;
    this.ids.addAll(ids);
    int n = times.length;
    max1 = new double[n];
    max2 = new double[n];
    who1 = new int[n];
    Arrays.fill(max1, Double.NaN);
    Arrays.fill(max2, Double.NaN);
    Arrays.fill(who1, -1);
    for (int t = 0; t < series.size(); t++) {
      double[] s = series.get(t);
      for (int h = 0; h < n; h++) {
        double v = s[h];
        if (Double.isNaN(v)) continue;
        if (Double.isNaN(max1[h]) || v > max1[h]) {
          max2[h] = max1[h];
          max1[h] = v;
          who1[h] = t;
        } else if (Double.isNaN(max2[h]) || v > max2[h]) {
          max2[h] = v;
        }
      }
    }
  }

  /** The tiers among {@code metrics}, on the hours {@code times} (the SLO series' hours); null when there are none. */
  public static ServiceTiers of(List<ResourceMetrics> metrics, long[] times) {
    if (times == null) return null;
    List<String> ids = new ArrayList<>();
    List<double[]> series = new ArrayList<>();
    for (ResourceMetrics m : metrics) {
      for (String metric : Families.of(m.resource().family()).tierMetrics()) {
        String key = hourlyKey(m, metric);
        if (key == null) continue;
        MetricSeries s = m.hourly().get(key);
        ids.add(tierId(m.resource().id(), key));
        series.add(align(s.times(), s.values(), times));
      }
    }
    return ids.isEmpty() ? null : new ServiceTiers(times, ids, series);
  }

  /**
   * The hourly series a tier is read from: the hour's p95 minute when fetched (the resolution of the
   * hourly latency p95 it is compared with), else its peak minute, else its average.
   */
  static String hourlyKey(ResourceMetrics m, String metric) {
    for (String stat : List.of("p95", "Maximum", "Average")) {
      if (m.hourly().containsKey(WindowValue.key(metric, stat))) return WindowValue.key(metric, stat);
    }
    return null;
  }

  /** The hourly p95 key of the metric behind {@code key} ("metric:stat"). */
  public static String p95Key(String key) {
    int colon = key.lastIndexOf(':');
    return colon < 0 ? null : WindowValue.key(key.substring(0, colon), "p95");
  }

  static String tierId(String resourceId, String key) {
    return resourceId + "|" + key;
  }

  /**
   * The busiest utilisation among every tier except {@code (resourceId, key)}, hour by hour on
   * {@code onTimes}; NaN where no other tier has data.
   */
  public double[] othersBusiest(String resourceId, String key, long[] onTimes) {
    int self = ids.indexOf(tierId(resourceId, key));
    double[] out = new double[times.length];
    for (int h = 0; h < out.length; h++) out[h] = who1[h] == self && self >= 0 ? max2[h] : max1[h];
    return align(times, out, onTimes);
  }

  /** The values of {@code (fromTimes, values)} at each of {@code toTimes} (NaN where absent). */
  public static double[] align(long[] fromTimes, double[] values, long[] toTimes) {
    if (values == null) return null;
    if (toTimes == null || fromTimes == null || Arrays.equals(fromTimes, toTimes)) return values;
    double[] out = new double[toTimes.length];
    for (int i = 0; i < toTimes.length; i++) {
      int j = Arrays.binarySearch(fromTimes, toTimes[i]);
      out[i] = j >= 0 && j < values.length ? values[j] : Double.NaN;
    }
    return out;
  }
}
