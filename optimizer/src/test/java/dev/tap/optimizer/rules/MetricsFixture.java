package dev.tap.optimizer.rules;

import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/** Builds the metrics a rule reads, by hand: whole-window statistics and hourly series. */
public final class MetricsFixture {
  public static final Instant END = Instant.parse("2026-11-30T00:00:00Z");

  private final Resource resource;
  private final int days;
  private final Map<String, WindowValue> window = new HashMap<>();
  private final Map<String, MetricSeries> hourly = new LinkedHashMap<>();

  private MetricsFixture(Resource resource, int days) {
    this.resource = resource;
    this.days = days;
  }

  public static MetricsFixture of(Resource r, int days) {
    return new MetricsFixture(r, days);
  }

  public static Resource resource(String id, Family family, Map<String, String> config) {
    return new Resource(id, family, "us-east-1", "arn:aws:x:us-east-1:123456789012:" + id, config, Map.of());
  }

  public MetricsFixture window(String metric, String stat, double value) {
    window.put(WindowValue.key(metric, stat), new WindowValue(metric, stat, value, days * 86_400, days * 1440L));
    return this;
  }

  public MetricsFixture hourly(String metric, String stat, IntToDoubleFunction valueOfHour) {
    int n = days * 24;
    long[] t = new long[n];
    double[] v = new double[n];
    long start = END.minus(Duration.ofDays(days)).getEpochSecond();
    for (int h = 0; h < n; h++) {
      t[h] = start + h * 3600L;
      v[h] = valueOfHour.applyAsDouble(h);
    }
    String id = ("q" + metric + stat).replaceAll("[^A-Za-z0-9_]", "_");
    MetricQuery q = new MetricQuery(id, "X", metric, Map.of(), stat, 3600);
    hourly.put(WindowValue.key(metric, stat), new MetricSeries(q, t, v));
    return this;
  }

  /** A diurnal cycle between {@code low} and {@code high}, peaking mid-afternoon UTC. */
  public static IntToDoubleFunction diurnal(double low, double high) {
    return h -> low + (high - low) * (0.5 - 0.5 * Math.cos(2 * Math.PI * ((h % 24) - 3) / 24.0));
  }

  public static IntToDoubleFunction constant(double v) {
    return h -> v;
  }

  public ResourceMetrics build() {
    return new ResourceMetrics(resource, END.minus(Duration.ofDays(days)), END, window, hourly);
  }
}
