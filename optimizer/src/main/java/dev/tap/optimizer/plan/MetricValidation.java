package dev.tap.optimizer.plan;

import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks the metrics of one resource where they enter the planner, before any rule reads them.
 * CloudWatch reports no negative, infinite or NaN value for any metric TAP reads, and no
 * percentage above 100: such a value comes from a broken source (a custom publisher, an edited
 * snapshot), and a rule would size from it (a CPU of -50 % "proves" a cache idle). The resource is
 * then left out, with a line naming the metric and the value. A series that never moves (flat 0,
 * or any constant) is a stuck or mis-dimensioned metric rather than a measured load: the
 * recommendations resting on it get no confidence, and say why.
 */
public record MetricValidation(List<String> invalid, Map<String, String> flat) {

  /** A constant series shorter than a day may be a quiet day; from a day on it is flagged. */
  static final int FLAT_MIN_POINTS = 24;

  public MetricValidation {
    invalid = List.copyOf(invalid);
    flat = java.util.Collections.unmodifiableMap(new TreeMap<>(flat));
  }

  public static MetricValidation of(ResourceMetrics m) {
    List<String> invalid = new ArrayList<>();
    Map<String, String> flat = new TreeMap<>();
    for (WindowValue v : m.window().values()) {
      problem(v.metric(), v.stat(), v.value()).ifPresent(p -> invalid.add(v.metric() + " " + v.stat() + " over the window " + p));
    }
    for (Map.Entry<String, MetricSeries> e : m.hourly().entrySet()) {
      MetricSeries s = e.getValue();
      // Whether a value over 100 is wrong depends on the series, not the hour: decided once here
      // (per hour it was the planner's hottest spot, a regex split per datapoint).
      boolean capped = capped(e.getKey(), s.query().stat());
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      int present = 0;
      for (int i = 0; i < s.size(); i++) {
        double x = s.values()[i];
        if (Double.isNaN(x)) continue; // an hour without a datapoint (rules.Stats), not a reading
        if (x < 0 || x == Double.POSITIVE_INFINITY || (capped && x > 100)) { // the cases problem() names, tested inline: 17 M points per 1,000 resources
          invalid.add(e.getKey().replace(":", " ") + " at " + Instant.ofEpochSecond(s.times()[i]) + " " + problem(x, true).orElseThrow());
          break;
        }
        present++;
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      if (present >= FLAT_MIN_POINTS && min == max) {
        flat.put(e.getKey(), String.format(Locale.ROOT, "%s is flat at %s over all %d hours", e.getKey().replace(":", " "), number(min), present));
      }
    }
    return new MetricValidation(invalid, flat);
  }

  /**
   * Why {@code value} cannot be a reading of {@code metric}, if it cannot. (In an hourly series NaN
   * marks an hour without data and is not passed here; a whole-window statistic is never NaN.)
   */
  static java.util.Optional<String> problem(String metric, String stat, double value) {
    return problem(value, capped(metric, stat));
  }

  /** As {@link #problem(String, String, double)}, {@code capped} saying whether the series cannot pass 100 (see {@link #capped}). */
  private static java.util.Optional<String> problem(double value, boolean capped) {
    if (Double.isNaN(value) || Double.isInfinite(value)) return java.util.Optional.of("is " + value + ", not a number CloudWatch reports");
    if (value < 0) return java.util.Optional.of("is " + number(value) + ", below 0");
    if (capped && value > 100) {
      return java.util.Optional.of("is " + number(value) + " %, above 100 %");
    }
    return java.util.Optional.empty();
  }

  /** Statistics that add datapoints up, so a percentage's may pass 100. */
  static final Set<String> ADDITIVE = Set.of("Sum", "SampleCount");

  /** Whether {@code stat} of {@code metric} is a percentage that cannot pass 100. */
  static boolean capped(String metric, String stat) {
    return percentage(metric) && !ADDITIVE.contains(stat);
  }

  /** Metrics reported in percent of a capacity (the key's name before a role suffix: {@code CPUUtilization.writer}). */
  static boolean percentage(String key) {
    int end = 0;
    while (end < key.length() && ".@:".indexOf(key.charAt(end)) < 0) end++;
    String name = key.substring(0, end);
    return name.endsWith("Utilization") || name.endsWith("Percentage") || name.equals("CacheHitRate") || name.equals("memory_utilization")
        || name.endsWith("ErrorRate");
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4g", v);
  }

  /** The one line a left-out resource gets. */
  public String leftOut() {
    return "left out: its metrics cannot be right: " + String.join("; ", invalid)
        + ". Fix the metric's source (or the snapshot) and analyse again; nothing was recommended from them.";
  }

  /** The flat series among {@code keys} (the series a recommendation's confidence rests on). */
  public List<String> flatAmong(List<String> keys) {
    return keys.stream().filter(flat::containsKey).map(flat::get).toList();
  }
}
