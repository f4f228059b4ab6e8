package dev.tap.optimizer.metrics;

import dev.tap.optimizer.model.Resource;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the metrics engine hands the rules for one resource: whole-window statistics keyed
 * {@code metric:stat} (see {@link WindowValue#key}) and hourly series keyed the same way, for
 * charts, hour-of-day patterns and backtests.
 */
public record ResourceMetrics(
    Resource resource, Instant start, Instant end, Map<String, WindowValue> window, Map<String, MetricSeries> hourly) {

  public ResourceMetrics {
    window = Collections.unmodifiableMap(new TreeMap<>(window));
    hourly = Collections.unmodifiableMap(new TreeMap<>(hourly));
  }

  public Optional<WindowValue> window(String metric, String stat) {
    return Optional.ofNullable(window.get(WindowValue.key(metric, stat)));
  }

  public Optional<MetricSeries> hourly(String metric, String stat) {
    return Optional.ofNullable(hourly.get(WindowValue.key(metric, stat)));
  }
}
