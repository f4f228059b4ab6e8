package dev.tap.optimizer.rules;

import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Evidence;
import java.time.Duration;
import java.util.Optional;

/**
 * What a rule reads from one resource's metrics: whole-window statistics as CloudWatch computed
 * them, hourly series for runs and replays, and evidence built from both with the window length.
 */
public final class Observed {
  private final ResourceMetrics metrics;
  private final int days;

  public Observed(ResourceMetrics metrics) {
    this.metrics = metrics;
    this.days = (int) Math.max(1, Math.round(Duration.between(metrics.start(), metrics.end()).toHours() / 24.0));
  }

  public int days() {
    return days;
  }

  public ResourceMetrics metrics() {
    return metrics;
  }

  public Optional<WindowValue> window(String metric, String stat) {
    return metrics.window(metric, stat);
  }

  /** The first of {@code stats} the engine fetched over the whole window for {@code metric}. */
  public Optional<WindowValue> window(String metric, String... stats) {
    for (String s : stats) {
      Optional<WindowValue> v = metrics.window(metric, s);
      if (v.isPresent()) return v;
    }
    return Optional.empty();
  }

  /** Hourly values of {@code metric:stat}, or null when the engine did not fetch them. */
  public double[] hourly(String metric, String stat) {
    return metrics.hourly(metric, stat).map(MetricSeries::values).orElse(null);
  }

  /** The key ({@code metric:stat}) of the first hourly series present among {@code stats}, or null. */
  public String hourlyKey(String metric, String... stats) {
    for (String s : stats) {
      if (metrics.hourly().containsKey(WindowValue.key(metric, s))) return WindowValue.key(metric, s);
    }
    return null;
  }

  public double[] hourly(String key) {
    MetricSeries s = key == null ? null : metrics.hourly().get(key);
    return s == null ? null : s.values();
  }

  /** Evidence comparing a whole-window statistic with a threshold. */
  public Evidence evidence(WindowValue v, double scale, String comparator, double threshold, String unit) {
    return new Evidence(v.metric(), v.stat() + " of all datapoints", days, v.value() * scale, comparator, threshold, unit);
  }

  /** Evidence for a value derived from the hourly series; {@code stat} says how. */
  public Evidence derived(String metric, String stat, double value, String comparator, double threshold, String unit) {
    return new Evidence(metric, stat, days, value, comparator, threshold, unit);
  }
}
