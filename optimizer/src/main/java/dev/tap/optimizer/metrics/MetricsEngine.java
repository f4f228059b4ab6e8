package dev.tap.optimizer.metrics;

import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Fetches every metric a run needs. For each resource the {@link MetricCatalog} names the metrics;
 * the engine turns each into queries, drops duplicates (the SLO metrics every resource of a
 * blueprint shares are read once), packs them into the fewest GetMetricData calls the limits
 * allow ({@link CallPlanner}), follows NextToken, and assembles one {@link ResourceMetrics} per
 * resource.
 *
 * <p><b>Window statistics are honest.</b> Each window statistic is one query whose single period
 * spans the whole window ({@link Retention#windowPeriod}), so CloudWatch computes the 90-day p95
 * over every datapoint it retains for those 90 days, never as a percentile of hourly averages.
 * GetMetricData accepts such periods (any multiple of the tier's resolution; the 1-day cap of
 * GetMetricStatistics does not apply) and returns one datapoint. The hourly series (period
 * 3,600 s, valid in every tier up to 455 days) are kept for charts, hour-of-day patterns and
 * backtests.
 *
 * <p>Queries are grouped by the resource's region, one {@link MetricDataSource} per region. A metric
 * a resource has in another region ({@link MetricSpec#region}, an Aurora secondary cluster's) is
 * planned in that region's calls, fetched before the regional plans and kept until the end.
 */
public final class MetricsEngine {

  static final int HOUR = 3_600;

  private final Function<String, MetricDataSource> sourceByRegion;
  private final MetricCatalog catalog;
  private final Clock clock;
  private final CallPlanner planner;

  public MetricsEngine(MetricDataSource source, MetricCatalog catalog, Clock clock) {
    this(region -> source, catalog, clock, new CallPlanner());
  }

  public MetricsEngine(Function<String, MetricDataSource> sourceByRegion, MetricCatalog catalog, Clock clock, CallPlanner planner) {
    this.sourceByRegion = sourceByRegion;
    this.catalog = catalog;
    this.clock = clock;
    this.planner = planner;
  }

  /** The metrics of every resource of the snapshot over [start, end), in snapshot order. */
  public List<ResourceMetrics> fetch(Snapshot snapshot, Instant start, Instant end, FetchProgress progress) {
    Map<Resource, ResourceMetrics> byResource = new java.util.IdentityHashMap<>();
    stream(snapshot, start, end, progress, m -> byResource.put(m.resource(), m));
    List<ResourceMetrics> out = new ArrayList<>(snapshot.resources().size());
    for (Resource r : snapshot.resources()) out.add(byResource.get(r));
    return out;
  }

  /**
   * Like {@link #fetch} but hands each resource to {@code sink} as soon as its last call returned
   * and then forgets its series, so a fleet's series need not all fit in memory at once.
   * Resources come in snapshot order within a region, regions in order of first appearance.
   */
  public FetchStats stream(Snapshot snapshot, Instant start, Instant end, FetchProgress progress, Consumer<ResourceMetrics> sink) {
    if (!end.isAfter(start)) throw new IllegalArgumentException("metrics window is empty: " + start + " .. " + end);
    Instant now = clock.instant();
    Map<String, List<Resource>> byRegion = new LinkedHashMap<>();
    for (Resource r : snapshot.resources()) byRegion.computeIfAbsent(r.region(), k -> new ArrayList<>()).add(r);

    Remote remote = new Remote();
    List<RunPlan> plans = new ArrayList<>();
    for (var e : byRegion.entrySet()) plans.add(plan(snapshot, e.getKey(), e.getValue(), start, end, now, remote));
    List<RunPlan> all = new ArrayList<>(remote.finish(start, end, planner));
    all.addAll(plans);
    int plannedCalls = 0;
    for (RunPlan p : all) plannedCalls += p.calls.size();
    Counter counter = new Counter(plannedCalls, progress);
    int queries = 0;
    long plannedPoints = 0;
    for (RunPlan p : all) {
      MetricSeries[] fetched = execute(p, start, end, counter, sink, remote);
      if (p.resources.isEmpty()) remote.fetched.put(p.region, fetched);
      queries += p.queries.size();
      for (long x : p.points) plannedPoints += x;
    }
    return new FetchStats(queries, plannedCalls, counter.calls, plannedPoints, counter.datapoints, CallPlanner.minimumCalls(plannedPoints, queries));
  }

  /**
   * Queries that belong to no snapshot (the ML analysis's minute series, the rollout gates' bake
   * windows), fetched over [start, end) from one source: packed into calls within the limits and
   * paged like a run's. Series by query id, in query order; an empty series where nothing came.
   */
  public static Map<String, MetricSeries> fetchQueries(MetricDataSource source, List<MetricQuery> queries, Instant start, Instant end) {
    long[] points = new long[queries.size()];
    for (int q = 0; q < points.length; q++) points[q] = CallPlanner.datapoints(start, end, queries.get(q).periodSeconds());
    List<int[]> calls = new CallPlanner().plan(points);
    Counter counter = new Counter(calls.size(), FetchProgress.NONE);
    Map<String, MetricSeries> out = new LinkedHashMap<>();
    for (int[] call : calls) {
      List<MetricQuery> qs = new ArrayList<>(call.length);
      for (int q : call) qs.add(queries.get(q));
      MetricSeries[] got = call(source, qs, start, end, counter);
      for (MetricSeries s : got) out.put(s.query().id(), s);
    }
    return out;
  }

  /** The statistics, calls and datapoints a fetch would need, without making any call. */
  public FetchStats estimate(Snapshot snapshot, Instant start, Instant end) {
    Instant now = clock.instant();
    Map<String, List<Resource>> byRegion = new LinkedHashMap<>();
    for (Resource r : snapshot.resources()) byRegion.computeIfAbsent(r.region(), k -> new ArrayList<>()).add(r);
    int queries = 0;
    int calls = 0;
    long points = 0;
    Remote remote = new Remote();
    List<RunPlan> all = new ArrayList<>();
    for (var e : byRegion.entrySet()) all.add(plan(snapshot, e.getKey(), e.getValue(), start, end, now, remote));
    all.addAll(remote.finish(start, end, planner));
    for (RunPlan p : all) {
      queries += p.queries.size();
      calls += p.calls.size();
      for (long x : p.points) points += x;
    }
    return new FetchStats(queries, calls, 0, points, 0, CallPlanner.minimumCalls(points, queries));
  }

  // --- planning ---

  /** Where one statistic of one resource comes from: a query of its own region's plan, or of {@code remoteRegion}'s. */
  private record Use(String key, String stat, boolean window, int query, String remoteRegion) {}

  /** The queries resources need from regions other than their own, one plan (with no resources) per region. */
  private static final class Remote {
    final Map<String, RunPlan> byRegion = new LinkedHashMap<>();
    final Map<String, Map<String, Integer>> dedupe = new HashMap<>();
    final Map<String, MetricSeries[]> fetched = new HashMap<>();

    int query(String region, MetricSpec s, String stat, int period) {
      return MetricsEngine.query(byRegion.computeIfAbsent(region, k -> new RunPlan(k, List.of())),
          dedupe.computeIfAbsent(region, k -> new HashMap<>()), s, stat, period);
    }

    Collection<RunPlan> finish(Instant start, Instant end, CallPlanner planner) {
      for (RunPlan p : byRegion.values()) {
        p.points = new long[p.queries.size()];
        for (int q = 0; q < p.points.length; q++) p.points[q] = CallPlanner.datapoints(start, end, p.queries.get(q).periodSeconds());
        p.calls = planner.plan(p.points);
        p.lastCallOfResource = new int[0];
      }
      return byRegion.values();
    }
  }

  private static final class RunPlan {
    final String region;
    final List<Resource> resources;
    final List<List<Use>> uses = new ArrayList<>();
    final List<MetricQuery> queries = new ArrayList<>();
    long[] points;
    List<int[]> calls;
    int[] lastCallOfResource;
    int[] refCount;

    RunPlan(String region, List<Resource> resources) {
      this.region = region;
      this.resources = resources;
    }
  }

  private RunPlan plan(Snapshot snapshot, String region, List<Resource> resources, Instant start, Instant end, Instant now, Remote remote) {
    RunPlan p = new RunPlan(region, resources);
    int windowPeriod = Retention.windowPeriod(start, end, now);
    int hourlyPeriod = Retention.period(start, now, HOUR);
    Map<String, Integer> dedupe = new HashMap<>();
    for (Resource r : resources) {
      List<Use> uses = new ArrayList<>();
      for (MetricSpec s : catalog.specs(snapshot, r)) {
        String elsewhere = s.region() == null || s.region().equals(region) ? null : s.region();
        for (String stat : s.windowStats()) {
          uses.add(new Use(s.key(), stat, true, elsewhere == null ? query(p, dedupe, s, stat, windowPeriod) : remote.query(elsewhere, s, stat, windowPeriod), elsewhere));
        }
        for (String stat : s.hourlyStats()) {
          uses.add(new Use(s.key(), stat, false, elsewhere == null ? query(p, dedupe, s, stat, hourlyPeriod) : remote.query(elsewhere, s, stat, hourlyPeriod), elsewhere));
        }
      }
      p.uses.add(uses);
    }
    p.points = new long[p.queries.size()];
    for (int q = 0; q < p.points.length; q++) p.points[q] = CallPlanner.datapoints(start, end, p.queries.get(q).periodSeconds());
    p.calls = planner.plan(p.points);
    int[] callOfQuery = new int[p.queries.size()];
    for (int c = 0; c < p.calls.size(); c++) for (int q : p.calls.get(c)) callOfQuery[q] = c;
    p.lastCallOfResource = new int[resources.size()];
    p.refCount = new int[p.queries.size()];
    for (int r = 0; r < resources.size(); r++) {
      int last = -1;
      for (Use u : p.uses.get(r)) {
        if (u.remoteRegion != null) continue; // fetched before this plan runs
        last = Math.max(last, callOfQuery[u.query]);
        p.refCount[u.query]++;
      }
      p.lastCallOfResource[r] = last;
    }
    return p;
  }

  private static int query(RunPlan p, Map<String, Integer> dedupe, MetricSpec s, String stat, int period) {
    String k = s.namespace() + '\u0000' + s.metricName() + '\u0000' + s.dimensions() + '\u0000' + stat + '\u0000' + period;
    return dedupe.computeIfAbsent(k, x -> {
      int index = p.queries.size();
      p.queries.add(new MetricQuery("q" + Integer.toString(index, 36), s.namespace(), s.metricName(), s.dimensions(), stat, period));
      return index;
    });
  }

  // --- execution ---

  private static final class Counter {
    final int planned;
    final FetchProgress progress;
    int calls;
    long datapoints;

    Counter(int planned, FetchProgress progress) {
      this.planned = planned;
      this.progress = progress == null ? FetchProgress.NONE : progress;
    }
  }

  /** Makes the plan's calls, hands each of its resources to {@code sink} when its data is in, and returns what was fetched. */
  private MetricSeries[] execute(RunPlan p, Instant start, Instant end, Counter counter, Consumer<ResourceMetrics> sink, Remote remote) {
    MetricDataSource source = sourceByRegion.apply(p.region);
    MetricSeries[] fetched = new MetricSeries[p.queries.size()];
    int nextResource = 0;
    // resources with no metric at all are ready before any call
    while (nextResource < p.resources.size() && p.lastCallOfResource[nextResource] < 0) emit(p, nextResource++, fetched, remote, start, end, sink);
    for (int c = 0; c < p.calls.size(); c++) {
      int[] call = p.calls.get(c);
      List<MetricQuery> qs = new ArrayList<>(call.length);
      for (int q : call) qs.add(p.queries.get(q));
      MetricSeries[] got = call(source, qs, start, end, counter);
      for (int k = 0; k < call.length; k++) fetched[call[k]] = got[k];
      while (nextResource < p.resources.size() && p.lastCallOfResource[nextResource] <= c) emit(p, nextResource++, fetched, remote, start, end, sink);
    }
    while (nextResource < p.resources.size()) emit(p, nextResource++, fetched, remote, start, end, sink);
    return fetched;
  }

  /** One call with every page of it: each query's pages concatenated, in the order of {@code qs} (empty where no datapoint came). */
  private static MetricSeries[] call(MetricDataSource source, List<MetricQuery> qs, Instant start, Instant end, Counter counter) {
    Map<String, Integer> indexOfId = new HashMap<>(qs.size() * 2);
    for (int i = 0; i < qs.size(); i++) indexOfId.put(qs.get(i).id(), i);
    SeriesBuffer[] buffers = new SeriesBuffer[qs.size()];
    String token = null;
    do {
      MetricDataSource.MetricDataPage page = source.getMetricData(new MetricDataSource.MetricDataRequest(qs, start, end, token));
      counter.calls++;
      for (MetricSeries s : page.results()) {
        Integer i = indexOfId.get(s.query().id());
        if (i == null) throw new IllegalStateException("GetMetricData answered query id " + s.query().id() + " that the call did not ask for");
        if (buffers[i] == null) buffers[i] = new SeriesBuffer();
        buffers[i].append(s.times(), s.values());
        counter.datapoints += s.size();
      }
      counter.progress.onCall(counter.calls, counter.planned, counter.datapoints);
      token = page.nextToken();
    } while (token != null);
    MetricSeries[] out = new MetricSeries[qs.size()];
    for (int i = 0; i < out.length; i++) out[i] = buffers[i] == null ? new MetricSeries(qs.get(i), new long[0], new double[0]) : buffers[i].toSeries(qs.get(i));
    return out;
  }

  private static void emit(RunPlan p, int r, MetricSeries[] fetched, Remote remote, Instant start, Instant end, Consumer<ResourceMetrics> sink) {
    Map<String, WindowValue> window = new HashMap<>();
    Map<String, MetricSeries> hourly = new HashMap<>();
    List<Use> uses = p.uses.get(r);
    Map<String, Integer> hoursOfKey = new HashMap<>();
    for (Use u : uses) {
      if (!u.window) {
        MetricSeries s = u.remoteRegion == null ? fetched[u.query] : remote.fetched.get(u.remoteRegion)[u.query];
        hourly.put(WindowValue.key(u.key, u.stat), s);
        hoursOfKey.merge(u.key, s.size(), Math::max);
      }
    }
    for (Use u : uses) {
      if (u.window) {
        MetricSeries s = u.remoteRegion == null ? fetched[u.query] : remote.fetched.get(u.remoteRegion)[u.query];
        if (!s.isEmpty()) {
          window.put(WindowValue.key(u.key, u.stat),
              new WindowValue(u.key, u.stat, combine(u.stat, s.values()), s.query().periodSeconds(), hoursOfKey.getOrDefault(u.key, -1)));
        }
      }
    }
    p.uses.set(r, List.of());
    for (Use u : uses) if (u.remoteRegion == null && --p.refCount[u.query] == 0) fetched[u.query] = null;
    sink.accept(new ResourceMetrics(p.resources.get(r), start, end, window, hourly));
  }

  /**
   * One window statistic from the datapoints of a window query: normally exactly one. Should
   * CloudWatch split the window at a period boundary, sums and extremes still combine exactly;
   * an average or percentile cannot be combined without the sample counts, so the first
   * (longest) bin's value stands.
   */
  static double combine(String stat, double[] v) {
    if (v.length == 1) return v[0];
    switch (stat) {
      case "Sum", "SampleCount" -> {
        double s = 0;
        for (double x : v) s += x;
        return s;
      }
      case "Maximum" -> {
        return Arrays.stream(v).max().orElseThrow();
      }
      case "Minimum" -> {
        return Arrays.stream(v).min().orElseThrow();
      }
      default -> {
        return v[0];
      }
    }
  }

  /** Concatenates the pages of one query's series in primitive arrays. */
  private static final class SeriesBuffer {
    long[] times = new long[0];
    double[] values = new double[0];
    int n;

    void append(long[] t, double[] v) {
      if (n == 0 && times.length == 0) {
        times = t;
        values = v;
        n = t.length;
        return;
      }
      if (n + t.length > times.length) {
        int cap = Math.max(n + t.length, times.length * 2);
        times = Arrays.copyOf(times, cap);
        values = Arrays.copyOf(values, cap);
      }
      System.arraycopy(t, 0, times, n, t.length);
      System.arraycopy(v, 0, values, n, v.length);
      n += t.length;
    }

    MetricSeries toSeries(MetricQuery q) {
      return new MetricSeries(q, times.length == n ? times : Arrays.copyOf(times, n), values.length == n ? values : Arrays.copyOf(values, n));
    }
  }
}
