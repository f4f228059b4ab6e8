package dev.tap.optimizer.exec;

import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataPage;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataRequest;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the application SLO metrics ({@code TAP/SLO}, docs/outputs.md) for the guard through the
 * metrics port: pages with NextToken and splits the time range so no call asks for more than
 * GetMetricData's 100,800 points.
 */
final class SloReader {
  static final String NAMESPACE = "TAP/SLO";

  private final MetricDataSource source;
  private final Map<String, String> dimensions;

  SloReader(MetricDataSource source, String blueprint, String environment) {
    this.source = dev.tap.optimizer.metrics.MetricsEngine.retryingThrottles(source);
    this.dimensions = Map.of("Blueprint", blueprint, "Environment", environment);
  }

  MetricQuery query(String id, String metric, String stat, Duration period) {
    return new MetricQuery(id, NAMESPACE, metric, dimensions, stat, (int) period.toSeconds());
  }

  /** Values per query id over [start, end), oldest first. */
  Map<String, MetricSeries> read(List<MetricQuery> queries, Instant start, Instant end) {
    Map<String, List<long[]>> times = new LinkedHashMap<>();
    Map<String, List<double[]>> values = new LinkedHashMap<>();
    long pointsPerSecond = queries.stream().mapToLong(q -> 1).sum();
    int period = queries.stream().mapToInt(MetricQuery::periodSeconds).min().orElse(60);
    long maxSeconds = MetricDataSource.MAX_DATAPOINTS_PER_CALL / Math.max(1, pointsPerSecond) * period;
    for (Instant from = start; from.isBefore(end); from = from.plusSeconds(maxSeconds)) {
      Instant to = from.plusSeconds(maxSeconds).isAfter(end) ? end : from.plusSeconds(maxSeconds);
      String token = null;
      do {
        MetricDataPage page = source.getMetricData(new MetricDataRequest(queries, from, to, token));
        for (MetricSeries s : page.results()) {
          times.computeIfAbsent(s.query().id(), k -> new ArrayList<>()).add(s.times());
          values.computeIfAbsent(s.query().id(), k -> new ArrayList<>()).add(s.values());
        }
        token = page.nextToken();
      } while (token != null);
    }
    Map<String, MetricSeries> out = new LinkedHashMap<>();
    for (MetricQuery q : queries) {
      List<long[]> ts = times.getOrDefault(q.id(), List.of());
      List<double[]> vs = values.getOrDefault(q.id(), List.of());
      int n = ts.stream().mapToInt(a -> a.length).sum();
      long[] t = new long[n];
      double[] v = new double[n];
      int i = 0;
      for (int k = 0; k < ts.size(); k++) {
        System.arraycopy(ts.get(k), 0, t, i, ts.get(k).length);
        System.arraycopy(vs.get(k), 0, v, i, vs.get(k).length);
        i += ts.get(k).length;
      }
      out.put(q.id(), sorted(q, t, v));
    }
    return out;
  }

  private static MetricSeries sorted(MetricQuery q, long[] t, double[] v) {
    Integer[] idx = new Integer[t.length];
    for (int i = 0; i < idx.length; i++) idx[i] = i;
    java.util.Arrays.sort(idx, (a, b) -> Long.compare(t[a], t[b]));
    long[] st = new long[t.length];
    double[] sv = new double[t.length];
    for (int i = 0; i < idx.length; i++) {
      st[i] = t[idx[i]];
      sv[i] = v[idx[i]];
    }
    return new MetricSeries(q, st, sv);
  }
}
