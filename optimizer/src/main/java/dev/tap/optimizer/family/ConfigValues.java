package dev.tap.optimizer.family;

import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.pricing.CostUnavailable;
import dev.tap.optimizer.pricing.Deployment;
import dev.tap.optimizer.rules.Stats;
import java.util.Arrays;
import java.util.Map;

/** Reading a configuration for pricing: a missing value makes the cost unavailable, never guessed. */
public final class ConfigValues {
  private ConfigValues() {}

  public static final double DAYS_PER_MONTH = 365.0 / 12;

  public static String get(Map<String, String> c, String key) {
    String v = c.get(key);
    if (v == null) throw new CostUnavailable("configuration has no '" + key + "' " + Arrays.toString(c.keySet().toArray()));
    return v;
  }

  public static int i(Map<String, String> c, String key) {
    return Integer.parseInt(get(c, key));
  }

  public static Deployment deployment(Map<String, String> c, String multiAzKey) {
    return "true".equals(c.get(multiAzKey)) ? Deployment.MULTI_AZ : Deployment.SINGLE_AZ;
  }

  /** Mean units per second over the window from the hourly Sum series. */
  public static double perSecond(ResourceMetrics m, String metric) {
    MetricSeries s = m.hourly(metric, "Sum").orElseThrow(() -> new CostUnavailable("needs hourly " + metric + " Sum to price on-demand requests"));
    double mean = Stats.mean(s.values());
    return Double.isNaN(mean) ? 0 : mean / 3600.0;
  }
}
