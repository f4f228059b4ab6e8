package dev.tap.optimizer.exec;

import dev.tap.optimizer.metrics.HealthSignal;
import dev.tap.optimizer.metrics.HealthSignal.Direction;
import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Watches a phase during its observation window: the service SLO (SPEC O7, and the O3 scale-up
 * triggers where the policy turns them on) from {@code TAP/SLO}, and the health signals of the
 * resources the phase changed ({@code ResourceFamily.healthSignals}), all in the same
 * GetMetricData calls. Each check reads the interval that ends at the check time.
 *
 * <p>Attribution: a reading breaches only when it passes the rule's own limit <em>and</em> is
 * abnormal against the same hour of the week in the baseline (the policy's percentile of the
 * check-interval values over the baseline days before the plan's lookback end) <em>and</em> against
 * the control window just before the phase started (the policy's percentile over its hours), each
 * by more than the attribution margin. A burst the service already had without the change is
 * then not blamed on it. Baselines and controls are read once per process and phase; the past they
 * cover does not change, so a resumed process reads the same values.
 */
public final class Guard {

  private final MetricDataSource metrics;
  private final Function<String, MetricDataSource> byRegion;
  private final Map<String, Reference> references = new HashMap<>();

  /** A guard whose metrics all come from one source (one region, or a test's fake). */
  public Guard(MetricDataSource metrics) {
    this(metrics, region -> metrics);
  }

  /**
   * @param metrics the run's home region: the service SLO, and signals recorded without a region
   * @param byRegion CloudWatch of a region: each health signal is read in its resource's region
   */
  public Guard(MetricDataSource metrics, Function<String, MetricDataSource> byRegion) {
    this.metrics = metrics;
    this.byRegion = byRegion;
  }

  /** One thing a check reads: an SLO rule or a changed resource's health signal. */
  record Watched(String rule, MetricQuery query, MetricQuery denominator, boolean mean, Direction direction, double limit, boolean rise,
      boolean perMinute, boolean missingIsZero, boolean slo, String region) {}

  /** What a reading is compared with: its hour of the week in the baseline, and the control window's level. */
  record Reference(Map<Integer, Double> byHour, Double control) {
    Double hour(int h) {
      Double v = byHour.get(h);
      if (v != null || byHour.isEmpty()) return v;
      return byHour.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
  }

  static final int HOURS_PER_WEEK = 7 * 24;

  /** 0 = Monday 00:00-01:00 UTC ... 167 = Sunday 23:00-24:00 UTC. */
  static int hourOfWeek(Instant t) {
    var z = t.atZone(ZoneOffset.UTC);
    return (z.getDayOfWeek().getValue() - 1) * 24 + z.getHour();
  }

  /** SLO rules are named after the SPEC requirement they enforce; a blind phase is one whose SLO readings have no data. */
  public static boolean isSloRule(String rule) {
    return rule.startsWith("O7 ") || rule.startsWith("O3 ");
  }

  /** The p99 latency per hour of the week, kept with the run for its reports (the guard reads its references itself). */
  public Map<Integer, Double> baseline(RunRecord run, Instant fallbackEnd) {
    GuardPolicy policy = run.settings().guard();
    SloReader slo = new SloReader(metrics, run.blueprint(), run.settings().environment());
    Watched p99 = sloRule("O7 p99 rise", slo, "Latency", "p99", false, policy.maxP99RisePct(), true, policy.checkInterval());
    return byHour(run, p99, fallbackEnd);
  }

  /**
   * The SLO metrics the guard would read for {@code run}-like settings that have no datapoint over the
   * baseline span, each as namespace, metric, statistic and dimensions: a guard without them is blind.
   */
  public List<String> missingBaseline(String blueprint, String environment, GuardPolicy policy, Instant lookbackEnd) {
    SloReader slo = new SloReader(metrics, blueprint, environment);
    List<MetricQuery> qs = new ArrayList<>();
    for (Watched w : sloRules(slo, policy)) qs.add(w.query().withPeriod(3600));
    Map<String, MetricQuery> unique = new LinkedHashMap<>();
    qs.forEach(q -> unique.putIfAbsent(q.id(), q));
    Map<String, MetricSeries> got = slo.read(List.copyOf(unique.values()), lookbackEnd.minus(policy.baselineSpan()), lookbackEnd);
    List<String> missing = new ArrayList<>();
    for (MetricQuery q : unique.values()) {
      if (got.get(q.id()).size() == 0) missing.add(q.namespace() + " " + q.metricName() + " " + q.stat() + " " + q.dimensions());
    }
    return missing;
  }

  /** The readings of one check over [checkedAt - interval, checkedAt); signals only of {@code changed} resources. */
  public List<GuardReading> check(RunRecord run, PhaseRecord phase, Instant checkedAt, Set<String> changed) {
    GuardPolicy policy = run.settings().guard();
    Duration interval = policy.checkInterval();
    SloReader slo = new SloReader(metrics, run.blueprint(), run.settings().environment());
    List<Watched> watched = new ArrayList<>(sloRules(slo, policy));
    int n = 0;
    for (HealthSignal s : policy.signals(phase.number())) {
      if (changed.contains(s.resourceId())) watched.add(watched(s, "s" + n++, interval));
    }
    Instant start = checkedAt.minus(interval);
    Map<String, MetricSeries> got = read(run, watched, start, checkedAt);
    int hour = hourOfWeek(start.plus(interval.dividedBy(2)));
    Instant phaseStart = phase.startedAt() != null ? phase.startedAt() : start;

    List<GuardReading> out = new ArrayList<>();
    for (Watched w : watched) {
      Double value = value(w, got, interval);
      Reference ref = reference(run, phase.number(), phaseStart, w, checkedAt);
      Double base = ref.hour(hour);
      if (base != null && base.isNaN()) base = null;
      if (w.rise() && base == null) continue; // no baseline: a rise cannot be measured (tap apply refuses such a start)
      double limit = limitInForce(w.direction(), w.limit(), w.rise(), base, ref.control(), policy.attributionMarginPct());
      boolean breached = breaches(w.direction(), value, limit);
      String stat = w.denominator() != null ? "% of " + w.denominator().metricName() : w.perMinute() ? "Sum per minute" : w.query().stat();
      out.add(new GuardReading(run.id(), phase.number(), checkedAt, w.rule(), w.query().metricName(), stat, value, limit, breached,
          base, ref.control()));
    }
    return out;
  }

  /**
   * The limit a reading is compared with: the rule's own ({@code own}, or {@code own} percent above
   * the baseline hour for a rise), moved beyond the baseline hour and the control level by {@code
   * marginPct}, so that only a reading abnormal against all three breaches. Null references are not known.
   */
  static double limitInForce(Direction d, double own, boolean rise, Double base, Double control, double marginPct) {
    double margin = marginPct / 100;
    boolean above = d == Direction.ABOVE;
    double limit = rise ? base * (1 + own / 100) : own;
    if (base != null) limit = above ? Math.max(limit, base * (1 + margin)) : Math.min(limit, base * (1 - margin));
    if (control != null) limit = above ? Math.max(limit, control * (1 + margin)) : Math.min(limit, control * (1 - margin));
    return limit;
  }

  /** Beyond the limit in the signal's bad direction; no data is no breach (blindness is judged apart). */
  static boolean breaches(Direction d, Double value, double limit) {
    return value != null && (d == Direction.ABOVE ? value > limit : value < limit);
  }

  private static List<Watched> sloRules(SloReader slo, GuardPolicy p) {
    Duration i = p.checkInterval();
    List<Watched> out = new ArrayList<>(List.of(
        sloRule("O7 error rate", slo, "ErrorRate", "Average", true, p.maxErrorRatePct(), false, i),
        sloRule("O7 p99 rise", slo, "Latency", "p99", false, p.maxP99RisePct(), true, i)));
    if (p.scaleUpTriggers()) {
      out.add(sloRule("O3 error rate", slo, "ErrorRate", "Average", true, p.scaleUpErrorRatePct(), false, i));
      out.add(sloRule("O3 p95 latency", slo, "Latency", "p95", false, p.maxP95Ms(), false, i));
      out.add(sloRule("O3 queue depth", slo, "QueueDepth", "Maximum", false, p.maxQueueDepth(), false, i));
    }
    return out;
  }

  private static Watched sloRule(String rule, SloReader slo, String metric, String stat, boolean mean, double limit, boolean rise, Duration i) {
    String id = "slo" + metric + stat.replace(".", "_");
    return new Watched(rule, slo.query(id, metric, stat, i), null, mean, Direction.ABOVE, limit, rise, false, false, true, null);
  }

  private static Watched watched(HealthSignal s, String id, Duration interval) {
    int period = (int) interval.toSeconds();
    return new Watched(s.rule(), s.query(id, period), s.denominator() == null ? null : s.denominatorQuery(id + "d", period), false, s.direction(),
        s.limit(), s.riseOverBaseline(), s.perMinute(), s.missingIsZero(), false, s.region());
  }

  /** CloudWatch of the region a watched metric lives in: the home region's for the SLO and signals of no recorded region. */
  private MetricDataSource source(String region) {
    return region == null ? metrics : byRegion.apply(region);
  }

  /**
   * Every watched metric over [start, end): one set of GetMetricData calls per region, so a signal
   * of a resource in another region is read where CloudWatch serves it.
   */
  private Map<String, MetricSeries> read(RunRecord run, List<Watched> watched, Instant start, Instant end) {
    Map<MetricDataSource, Map<String, MetricQuery>> bySource = new LinkedHashMap<>();
    for (Watched w : watched) {
      Map<String, MetricQuery> unique = bySource.computeIfAbsent(source(w.region()), k -> new LinkedHashMap<>());
      unique.putIfAbsent(w.query().id(), w.query());
      if (w.denominator() != null) unique.putIfAbsent(w.denominator().id(), w.denominator());
    }
    Map<String, MetricSeries> out = new LinkedHashMap<>();
    bySource.forEach((source, qs) ->
        out.putAll(new SloReader(source, run.blueprint(), run.settings().environment()).read(List.copyOf(qs.values()), start, end)));
    return out;
  }

  /** The interval's value: mean or maximum of its datapoints, per minute or as a share where the signal says so; null without data. */
  private static Double value(Watched w, Map<String, MetricSeries> got, Duration interval) {
    MetricSeries s = got.get(w.query().id());
    Double v = w.mean() ? mean(s) : max(s);
    if (w.denominator() != null) {
      Double d = sum(got.get(w.denominator().id()));
      if (d == null || d == 0) return 0.0; // no invocations: nothing failed
      return 100 * (v == null ? 0 : sum(s)) / d;
    }
    if (v == null) return w.missingIsZero() ? 0.0 : null;
    if (w.perMinute()) return sum(s) / interval.toMinutes();
    return v;
  }

  private Reference reference(RunRecord run, int phase, Instant phaseStart, Watched w, Instant fallbackEnd) {
    String key = run.id() + "/" + phase + "/" + w.rule() + "/" + w.query().metricName() + "/" + w.query().stat();
    Reference cached = references.get(key);
    if (cached != null) return cached;
    GuardPolicy p = run.settings().guard();
    Double control = null;
    if (p.controlHours() > 0) {
      List<Double> values = intervalValues(run, w, phaseStart.minus(Duration.ofHours(p.controlHours())), phaseStart).values().stream().toList();
      control = percentile(values, w.direction() == Direction.ABOVE ? p.controlPercentile() : 100 - p.controlPercentile());
    }
    Reference ref = new Reference(byHour(run, w, fallbackEnd), control);
    references.put(key, ref);
    return ref;
  }

  private Map<Integer, Double> byHour(RunRecord run, Watched w, Instant fallbackEnd) {
    GuardPolicy p = run.settings().guard();
    Instant end = run.lookbackEnd() != null ? run.lookbackEnd() : fallbackEnd;
    Instant start = end.minus(p.baselineSpan());
    if (run.lookbackStart() != null && run.lookbackStart().isAfter(start)) start = run.lookbackStart();
    Map<Integer, List<Double>> grouped = new TreeMap<>();
    Duration half = p.checkInterval().dividedBy(2);
    intervalValues(run, w, start, end).forEach((t, v) -> grouped.computeIfAbsent(hourOfWeek(t.plus(half)), h -> new ArrayList<>()).add(v));
    double pct = w.direction() == Direction.ABOVE ? p.baselinePct() : 100 - p.baselinePct();
    Map<Integer, Double> out = new TreeMap<>();
    grouped.forEach((h, values) -> out.put(h, percentile(values, pct)));
    return out;
  }

  /** The signal's value per check interval over [start, end), by interval start; a missing count is zero. */
  private Map<Instant, Double> intervalValues(RunRecord run, Watched w, Instant start, Instant end) {
    Duration interval = run.settings().guard().checkInterval();
    Map<String, MetricSeries> got = read(run, List.of(w), start, end);
    Map<Instant, Double> num = points(got.get(w.query().id()));
    Map<Instant, Double> out = new TreeMap<>();
    if (w.denominator() != null) {
      points(got.get(w.denominator().id())).forEach((t, d) -> {
        if (d > 0) out.put(t, 100 * num.getOrDefault(t, 0.0) / d);
      });
      return out;
    }
    if (w.missingIsZero()) {
      for (Instant t = start; t.isBefore(end); t = t.plus(interval)) out.put(t, 0.0);
    }
    num.forEach((t, v) -> out.put(t, w.perMinute() ? v / interval.toMinutes() : v));
    return out;
  }

  private static Map<Instant, Double> points(MetricSeries s) {
    Map<Instant, Double> out = new TreeMap<>();
    for (int i = 0; i < s.size(); i++) if (!Double.isNaN(s.values()[i])) out.put(Instant.ofEpochSecond(s.times()[i]), s.values()[i]);
    return out;
  }

  /** Nearest rank; null for no values. */
  static Double percentile(List<Double> values, double pct) {
    if (values.isEmpty()) return null;
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int rank = (int) Math.ceil(pct / 100 * sorted.size()) - 1;
    return sorted.get(Math.min(sorted.size() - 1, Math.max(0, rank)));
  }

  private static Double mean(MetricSeries s) {
    Double sum = sum(s);
    long n = java.util.Arrays.stream(s.values()).filter(v -> !Double.isNaN(v)).count();
    return sum == null ? null : sum / n;
  }

  private static Double sum(MetricSeries s) {
    Double total = null;
    for (double v : s.values()) if (!Double.isNaN(v)) total = (total == null ? 0 : total) + v;
    return total;
  }

  private static Double max(MetricSeries s) {
    Double m = null;
    for (double v : s.values()) if (!Double.isNaN(v) && (m == null || v > m)) m = v;
    return m;
  }
}
