package dev.tap.optimizer.metrics;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One metric a family's rules need for a resource: where it lives in CloudWatch, the statistics to
 * compute over the whole window ({@code windowStats}, one period spanning the window) and the
 * statistics of the hourly series ({@code hourlyStats}, for charts, hour-of-day patterns and
 * backtests). {@code key} is the logical name under which {@link ResourceMetrics} exposes the
 * values ({@code key:stat}); it equals the CloudWatch metric name unless the same metric is read
 * for several dimension values (Aurora writer and readers, one DynamoDB index), where a suffix
 * tells them apart. {@code region} is null for the resource's own region.
 */
public record MetricSpec(
    String key, String namespace, String metricName, Map<String, String> dimensions, List<String> windowStats, List<String> hourlyStats,
    String region) {

  public MetricSpec {
    if (key == null || key.isBlank()) throw new IllegalArgumentException("metric spec key is required");
    dimensions = Collections.unmodifiableMap(new TreeMap<>(dimensions));
    windowStats = List.copyOf(windowStats);
    hourlyStats = List.copyOf(hourlyStats);
  }

  public static MetricSpec of(String key, String namespace, String metricName, Map<String, String> dimensions, List<String> windowStats,
      List<String> hourlyStats) {
    return new MetricSpec(key, namespace, metricName, dimensions, windowStats, hourlyStats, null);
  }

  /**
   * The same metric read in {@code region} instead of the resource's own: what a resource has in
   * another region (an Aurora global database's secondary cluster) publishes its metrics there.
   */
  public MetricSpec inRegion(String otherRegion) {
    return new MetricSpec(key, namespace, metricName, dimensions, windowStats, hourlyStats, otherRegion);
  }

  /** {@code 99.5} of the statistic {@code p99.5}, or -1 when the statistic is not a percentile. */
  public static double percentile(String stat) {
    if (stat.length() < 2 || stat.charAt(0) != 'p') return -1;
    try {
      double p = Double.parseDouble(stat.substring(1));
      return p > 0 && p <= 100 ? p : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
