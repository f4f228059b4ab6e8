package dev.tap.optimizer.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One CloudWatch metric to fetch: namespace, name, dimensions, statistic ({@code Average},
 * {@code Maximum}, {@code Sum}, {@code p95}, ...) and period in seconds. {@code id} is unique
 * within a run and follows GetMetricData's id rules (starts with a lower-case letter).
 */
public record MetricQuery(
    String id, String namespace, String metricName, Map<String, String> dimensions, String stat, int periodSeconds) {

  public MetricQuery {
    if (id == null || !id.matches("[a-z][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("metric query id must start with a lower-case letter and hold only letters, digits and _: " + id);
    }
    if (periodSeconds <= 0) throw new IllegalArgumentException("period must be positive: " + periodSeconds);
    dimensions = Collections.unmodifiableMap(new TreeMap<>(dimensions));
  }

  public MetricQuery withPeriod(int seconds) {
    return new MetricQuery(id, namespace, metricName, dimensions, stat, seconds);
  }

  public MetricQuery withStat(String newId, String newStat) {
    return new MetricQuery(newId, namespace, metricName, dimensions, newStat, periodSeconds);
  }
}
