package dev.tap.optimizer.exec;

import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SLO metrics as a function of time: healthy values, and optionally a degradation from a given
 * instant on (what a too-small resource does to latency). One point per period, aligned to it.
 */
class FakeSlo implements MetricDataSource {
  double errorRatePct = 0.1;
  double p95Ms = 8;
  double p99Ms = 12;
  double queueDepth = 50;
  Instant degradeFrom = Instant.MAX;
  String degradeMetric = "Latency";
  double degradeFactor = 2;
  int calls;

  @Override
  public MetricDataPage getMetricData(MetricDataRequest request) {
    calls++;
    List<MetricSeries> out = new ArrayList<>();
    for (MetricQuery q : request.queries()) {
      long period = q.periodSeconds();
      long first = Math.floorDiv(request.start().getEpochSecond() + period - 1, period) * period;
      List<Long> ts = new ArrayList<>();
      for (long t = first; t < request.end().getEpochSecond(); t += period) ts.add(t);
      long[] times = ts.stream().mapToLong(Long::longValue).toArray();
      double[] values = new double[times.length];
      for (int i = 0; i < times.length; i++) values[i] = value(q, Instant.ofEpochSecond(times[i]));
      out.add(new MetricSeries(q, times, values));
    }
    return new MetricDataPage(out, null);
  }

  private double value(MetricQuery q, Instant t) {
    double base = switch (q.metricName() + "/" + q.stat()) {
      case "ErrorRate/Average" -> errorRatePct;
      case "Latency/p95" -> p95Ms;
      case "Latency/p99" -> p99Ms;
      case "QueueDepth/Maximum" -> queueDepth;
      default -> throw new IllegalArgumentException("unexpected query " + q);
    };
    return !t.isBefore(degradeFrom) && q.metricName().equals(degradeMetric) ? base * degradeFactor : base;
  }
}
