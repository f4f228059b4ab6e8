package dev.tap.optimizer.exec;

import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Watches the SLO during an observation window (SPEC O7 and the O3 scale-up triggers). Each check
 * reads the interval that ends at the check time: ErrorRate (Average), Latency p95 and p99 and
 * QueueDepth (Maximum) from {@code TAP/SLO}. p99 is compared with the lookback's p99 for the same
 * hour of the week (UTC), so a daily peak or a trading session is not mistaken for a regression.
 */
public final class Guard {

  private final MetricDataSource metrics;

  public Guard(MetricDataSource metrics) {
    this.metrics = metrics;
  }

  /** The baseline covers the lookback's last four weeks: recent, and inside the 5-minute retention tier. */
  static final Duration BASELINE_SPAN = Duration.ofDays(28);
  static final double BASELINE_PERCENTILE = 0.9;

  /**
   * The "normal high" p99 latency per hour of the week ({@link #hourOfWeek}): over the lookback's
   * last four weeks, the 90th percentile of p99 per check interval (the same granularity the
   * checks read), so an ordinary busy hour is not a regression but a 20 % rise above it is.
   * Empty when the lookback has no latency data (the p99 rule is then not evaluated).
   */
  public Map<Integer, Double> baseline(RunRecord run, Instant fallbackEnd) {
    Instant end = run.lookbackEnd() != null ? run.lookbackEnd() : fallbackEnd;
    Instant start = end.minus(BASELINE_SPAN);
    if (run.lookbackStart() != null && run.lookbackStart().isAfter(start)) start = run.lookbackStart();
    SloReader reader = new SloReader(metrics, run.blueprint(), run.settings().environment());
    MetricQuery q = reader.query("baselineP99", "Latency", "p99", run.settings().guard().checkInterval());
    MetricSeries s = reader.read(List.of(q), start, end).get(q.id());
    Map<Integer, List<Double>> byHour = new TreeMap<>();
    for (int i = 0; i < s.size(); i++) {
      if (Double.isNaN(s.values()[i])) continue;
      byHour.computeIfAbsent(hourOfWeek(Instant.ofEpochSecond(s.times()[i])), h -> new ArrayList<>()).add(s.values()[i]);
    }
    Map<Integer, Double> out = new TreeMap<>();
    byHour.forEach((h, values) -> {
      values.sort(null);
      int rank = (int) Math.ceil(BASELINE_PERCENTILE * values.size()) - 1;
      out.put(h, values.get(Math.max(0, rank)));
    });
    return out;
  }

  static final int HOURS_PER_WEEK = 7 * 24;

  /** 0 = Monday 00:00-01:00 UTC ... 167 = Sunday 23:00-24:00 UTC. */
  static int hourOfWeek(Instant t) {
    var z = t.atZone(ZoneOffset.UTC);
    return (z.getDayOfWeek().getValue() - 1) * 24 + z.getHour();
  }

  /** The readings of one check over [checkedAt - interval, checkedAt). */
  public List<GuardReading> check(RunRecord run, int phase, Instant checkedAt, Map<Integer, Double> baselineP99) {
    GuardPolicy policy = run.settings().guard();
    Duration interval = policy.checkInterval();
    SloReader reader = new SloReader(metrics, run.blueprint(), run.settings().environment());
    MetricQuery err = reader.query("errorRate", "ErrorRate", "Average", interval);
    MetricQuery p95 = reader.query("latencyP95", "Latency", "p95", interval);
    MetricQuery p99 = reader.query("latencyP99", "Latency", "p99", interval);
    MetricQuery queue = reader.query("queueDepth", "QueueDepth", "Maximum", interval);
    Instant start = checkedAt.minus(interval);
    Map<String, MetricSeries> got = reader.read(List.of(err, p95, p99, queue), start, checkedAt);

    Double errValue = mean(got.get(err.id()));
    Double p95Value = max(got.get(p95.id()));
    Double p99Value = max(got.get(p99.id()));
    Double queueValue = max(got.get(queue.id()));
    int hour = hourOfWeek(start.plus(interval.dividedBy(2)));
    Optional<Double> base = Optional.ofNullable(baselineP99.get(hour))
        .or(() -> baselineP99.values().stream().mapToDouble(Double::doubleValue).average().stream().boxed().findFirst());

    List<GuardReading> out = new ArrayList<>();
    long runId = run.id();
    out.add(reading(runId, phase, checkedAt, "O7 error rate", "ErrorRate", "Average", errValue, policy.maxErrorRatePct()));
    if (base.isPresent()) {
      double limit = base.get() * (1 + policy.maxP99RisePct() / 100);
      out.add(reading(runId, phase, checkedAt, "O7 p99 rise", "Latency", "p99", p99Value, limit));
    }
    if (policy.scaleUpTriggers()) {
      out.add(reading(runId, phase, checkedAt, "O3 error rate", "ErrorRate", "Average", errValue, policy.scaleUpErrorRatePct()));
      out.add(reading(runId, phase, checkedAt, "O3 p95 latency", "Latency", "p95", p95Value, policy.maxP95Ms()));
      out.add(reading(runId, phase, checkedAt, "O3 queue depth", "QueueDepth", "Maximum", queueValue, policy.maxQueueDepth()));
    }
    return out;
  }

  private static GuardReading reading(long run, int phase, Instant at, String rule, String metric, String stat, Double value, double limit) {
    return new GuardReading(run, phase, at, rule, metric, stat, value, limit, value != null && value > limit);
  }

  private static Double mean(MetricSeries s) {
    double sum = 0;
    int n = 0;
    for (double v : s.values()) {
      if (Double.isNaN(v)) continue;
      sum += v;
      n++;
    }
    return n == 0 ? null : sum / n;
  }

  private static Double max(MetricSeries s) {
    Double m = null;
    for (double v : s.values()) if (!Double.isNaN(v) && (m == null || v > m)) m = v;
    return m;
  }
}
