package dev.tap.optimizer.metrics;

import dev.tap.optimizer.model.Resource;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

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

  /** Joins hourly keys into one whose {@link #series} is their hour-by-hour sum. */
  public static final String SUM = "+";
  private static final Pattern SUM_SPLIT = Pattern.compile(Pattern.quote(SUM));

  /**
   * The hourly series under {@code key}, or for keys joined by {@link #SUM} their hour-by-hour sum
   * (EBS reads plus writes against one IOPS limit): on the first series' hours, an hour missing
   * from one series counts 0 there, an hour missing from all is NaN. Null when none was fetched.
   */
  public MetricSeries series(String key) {
    if (!key.contains(SUM)) return hourly.get(key);
    MetricSeries first = null;
    double[] sum = null;
    boolean[] seen = null;
    Map<Long, Integer> at = null;
    for (String part : SUM_SPLIT.split(key)) {
      MetricSeries s = hourly.get(part);
      if (s == null) continue;
      if (first == null) {
        first = s;
        sum = new double[s.size()];
        seen = new boolean[s.size()];
      }
      if (at == null) {
        at = new HashMap<>();
        for (int i = 0; i < first.times().length; i++) at.put(first.times()[i], i);
      }
      for (int i = 0; i < s.size(); i++) {
        Integer h = at.get(s.times()[i]);
        if (h == null || Double.isNaN(s.values()[i])) continue;
        sum[h] += s.values()[i];
        seen[h] = true;
      }
    }
    if (first == null) return null;
    for (int h = 0; h < sum.length; h++) if (!seen[h]) sum[h] = Double.NaN;
    return new MetricSeries(first.query(), first.times(), sum);
  }
}
