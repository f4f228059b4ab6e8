package dev.tap.optimizer.metrics;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>A region's calls run concurrently within its {@link RateBudget} (per account-region, at the
 * {@link MetricsRate}'s TPS): each call takes a token first; a throttled call slows the budget
 * (AIMD) and is made again after a jittered back-off, so no page is lost or received twice.
 * Resources are still handed on in plan order, on the calling thread.
 */
public final class MetricsEngine {

  static final int HOUR = 3_600;

  private final Function<String, MetricDataSource> sourceByRegion;
  private final MetricCatalog catalog;
  private final Clock clock;
  private final CallPlanner planner;
  private final MetricsRate rate;
  /** One budget per region for the engine's life: the engine reads one account, so per account-region. */
  private final Map<String, RateBudget> budgets = new ConcurrentHashMap<>();

  public MetricsEngine(MetricDataSource source, MetricCatalog catalog, Clock clock) {
    this(region -> source, catalog, clock, new CallPlanner());
  }

  public MetricsEngine(Function<String, MetricDataSource> sourceByRegion, MetricCatalog catalog, Clock clock, CallPlanner planner) {
    this(sourceByRegion, catalog, clock, planner, MetricsRate.DEFAULT);
  }

  public MetricsEngine(Function<String, MetricDataSource> sourceByRegion, MetricCatalog catalog, Clock clock, CallPlanner planner, MetricsRate rate) {
    this.sourceByRegion = sourceByRegion;
    this.catalog = catalog;
    this.clock = clock;
    this.planner = planner;
    this.rate = rate;
  }

  /** The rate budget of {@code region}'s GetMetricData calls (created at the configured TPS on first use). */
  public RateBudget budget(String region) {
    return budgets.computeIfAbsent(region, r -> rate.newBudget());
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
    Map<String, long[]> regionNeeds = new LinkedHashMap<>(); // points, queries
    for (RunPlan p : all) {
      MetricSeries[] fetched = execute(p, start, end, counter, sink, remote);
      if (p.resources.isEmpty()) remote.fetched.put(p.region, fetched);
      queries += p.queries.size();
      long[] need = regionNeeds.computeIfAbsent(p.region, k -> new long[2]);
      need[1] += p.queries.size();
      for (long x : p.points) {
        plannedPoints += x;
        need[0] += x;
      }
    }
    Map<String, FetchStats.Region> perRegion = new LinkedHashMap<>();
    for (var e : regionNeeds.entrySet()) {
      Tally t = counter.tally(e.getKey());
      perRegion.put(e.getKey(), new FetchStats.Region(t.calls, t.throttled, t.datapoints, CallPlanner.minimumCalls(e.getValue()[0], (int) e.getValue()[1])));
    }
    return new FetchStats(queries, plannedCalls, counter.calls, plannedPoints, counter.datapoints, CallPlanner.minimumCalls(plannedPoints, queries),
        counter.throttled, perRegion);
  }

  /**
   * Queries that belong to no snapshot (the ML analysis's minute series, the rollout gates' bake
   * windows), fetched over [start, end) from one source: packed into calls within the limits and
   * paged like a run's, one call after another (they are few) within the default rate budget,
   * throttled calls retried. Series by query id, in query order; an empty series where nothing came.
   */
  public static Map<String, MetricSeries> fetchQueries(MetricDataSource source, List<MetricQuery> queries, Instant start, Instant end) {
    RateBudget budget = MetricsRate.DEFAULT.newBudget();
    long[] points = new long[queries.size()];
    for (int q = 0; q < points.length; q++) points[q] = CallPlanner.datapoints(start, end, queries.get(q).periodSeconds());
    List<int[]> calls = new CallPlanner().plan(points);
    Counter counter = new Counter(calls.size(), FetchProgress.NONE);
    Map<String, MetricSeries> out = new LinkedHashMap<>();
    for (int[] call : calls) {
      List<MetricQuery> qs = new ArrayList<>(call.length);
      for (int q : call) qs.add(queries.get(q));
      MetricSeries[] got = call(source, "", budget, qs, start, end, counter);
      for (MetricSeries s : got) out.put(s.query().id(), s);
    }
    return out;
  }

  /**
   * {@code source} for callers that make their own GetMetricData calls (the guard's SLO reads, a
   * pre-flight's peak): each call within a default budget of its own, a throttled call retried
   * after a back-off like the engine's, so a throttle is not a failure there either.
   */
  public static MetricDataSource retryingThrottles(MetricDataSource source) {
    return retryingThrottles(source, MetricsRate.DEFAULT);
  }

  /** As {@link #retryingThrottles(MetricDataSource)} within {@code rate}'s budget. */
  public static MetricDataSource retryingThrottles(MetricDataSource source, MetricsRate rate) {
    RateBudget budget = rate.newBudget();
    Counter counter = new Counter(0, FetchProgress.NONE);
    return request -> page(source, "", budget, request, counter);
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
    return new FetchStats(queries, calls, 0, points, 0, CallPlanner.minimumCalls(points, queries), 0, Map.of());
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

  /** Calls, throttles and datapoints of one region. */
  private static final class Tally {
    int calls;
    int throttled;
    long datapoints;
  }

  /** Counts a fetch's calls from every worker; progress is told under its lock, one call at a time. */
  private static final class Counter {
    final int planned;
    final FetchProgress progress;
    final Map<String, Tally> byRegion = new HashMap<>();
    int calls;
    int throttled;
    long datapoints;

    Counter(int planned, FetchProgress progress) {
      this.planned = planned;
      this.progress = progress == null ? FetchProgress.NONE : progress;
    }

    synchronized Tally tally(String region) {
      return byRegion.computeIfAbsent(region, k -> new Tally());
    }

    synchronized void page(String region, long points) {
      Tally t = tally(region);
      calls++;
      datapoints += points;
      t.calls++;
      t.datapoints += points;
      progress.onCall(calls, planned, datapoints);
    }

    synchronized void throttled(String region) {
      throttled++;
      tally(region).throttled++;
    }
  }

  /**
   * Makes the plan's calls, hands each of its resources to {@code sink} when its data is in, and
   * returns what was fetched. Calls run concurrently (up to the rate's concurrency, each taking a
   * token of the region's budget first) but complete into the plan's order: resource r is handed on
   * once every call up to its last one is in, on this thread, so the sink sees the same sequence as
   * a one-by-one fetch. At most twice the concurrency of calls are started ahead of the oldest one
   * not yet in, which bounds the series held in memory.
   */
  private MetricSeries[] execute(RunPlan p, Instant start, Instant end, Counter counter, Consumer<ResourceMetrics> sink, Remote remote) {
    MetricDataSource source = sourceByRegion.apply(p.region);
    RateBudget budget = budget(p.region);
    MetricSeries[] fetched = new MetricSeries[p.queries.size()];
    int nextResource = 0;
    // resources with no metric at all are ready before any call
    while (nextResource < p.resources.size() && p.lastCallOfResource[nextResource] < 0) emit(p, nextResource++, fetched, remote, start, end, sink);
    int n = p.calls.size();
    int workers = Math.min(rate.concurrency(), n);
    ExecutorService pool = workers > 1 ? Executors.newFixedThreadPool(workers, daemon("tap-metrics-" + p.region)) : null;
    try {
      List<Future<MetricSeries[]>> inFlight = new ArrayList<>(Collections.nCopies(n, null));
      int submitted = 0;
      for (int c = 0; c < n; c++) {
        MetricSeries[] got;
        if (pool == null) {
          got = call(source, p.region, budget, queriesOf(p, c), start, end, counter);
        } else {
          while (submitted < n && submitted < c + 2 * workers) {
            List<MetricQuery> qs = queriesOf(p, submitted);
            inFlight.set(submitted++, pool.submit(() -> call(source, p.region, budget, qs, start, end, counter)));
          }
          got = await(inFlight.set(c, null));
        }
        int[] call = p.calls.get(c);
        for (int k = 0; k < call.length; k++) fetched[call[k]] = got[k];
        while (nextResource < p.resources.size() && p.lastCallOfResource[nextResource] <= c) emit(p, nextResource++, fetched, remote, start, end, sink);
      }
    } finally {
      if (pool != null) pool.shutdownNow();
    }
    while (nextResource < p.resources.size()) emit(p, nextResource++, fetched, remote, start, end, sink);
    return fetched;
  }

  private static List<MetricQuery> queriesOf(RunPlan p, int c) {
    int[] call = p.calls.get(c);
    List<MetricQuery> qs = new ArrayList<>(call.length);
    for (int q : call) qs.add(p.queries.get(q));
    return qs;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** A call's result on the fetching thread; a worker's failure is rethrown as it was thrown. */
  private static MetricSeries[] await(Future<MetricSeries[]> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fetching metrics", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * One page within the region's budget: takes a token, and when the call is throttled (it returned
   * nothing) slows the budget, backs off and makes the same request again, so no page is lost or
   * received twice. Gives up after {@link RateBudget#MAX_ATTEMPTS} throttles of one page.
   */
  private static MetricDataSource.MetricDataPage page(MetricDataSource source, String region, RateBudget budget, MetricDataSource.MetricDataRequest request,
      Counter counter) {
    try {
      for (int attempt = 1;; attempt++) {
        long ticket = budget.acquire();
        try {
          MetricDataSource.MetricDataPage page = source.getMetricData(request);
          budget.onSuccess();
          return page;
        } catch (MetricDataThrottledException e) {
          counter.throttled(region);
          long backoff = budget.onThrottle(ticket, attempt);
          if (attempt >= RateBudget.MAX_ATTEMPTS) {
            throw new UserError(ExitCode.AWS_ACCESS, "CloudWatch kept throttling GetMetricData" + (region.isEmpty() ? "" : " in " + region) + " through "
                + attempt + " attempts of one call while tap slowed to " + String.format(java.util.Locale.ROOT, "%.1f", budget.tps())
                + " calls a second (" + e.getMessage() + "). Another client is probably using the account-region's quota: run again later, "
                + "lower metrics.getMetricDataTps in the policy, or raise the GetMetricData quota in Service Quotas.", e);
          }
          budget.ticker().sleep(backoff);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to call GetMetricData", e);
    }
  }

  /** One call with every page of it: each query's pages concatenated, in the order of {@code qs} (empty where no datapoint came). */
  private static MetricSeries[] call(MetricDataSource source, String region, RateBudget budget, List<MetricQuery> qs, Instant start, Instant end,
      Counter counter) {
    Map<String, Integer> indexOfId = new HashMap<>(qs.size() * 2);
    for (int i = 0; i < qs.size(); i++) indexOfId.put(qs.get(i).id(), i);
    SeriesBuffer[] buffers = new SeriesBuffer[qs.size()];
    String token = null;
    do {
      MetricDataSource.MetricDataPage page = page(source, region, budget, new MetricDataSource.MetricDataRequest(qs, start, end, token), counter);
      long points = 0;
      for (MetricSeries s : page.results()) {
        Integer i = indexOfId.get(s.query().id());
        if (i == null) throw new IllegalStateException("GetMetricData answered query id " + s.query().id() + " that the call did not ask for");
        if (buffers[i] == null) buffers[i] = new SeriesBuffer();
        buffers[i].append(s.times(), s.values());
        points += s.size();
      }
      counter.page(region, points);
      token = page.nextToken();
    } while (token != null);
    MetricSeries[] out = new MetricSeries[qs.size()];
    List<long[]> distinctTimes = new ArrayList<>(4);
    for (int i = 0; i < out.length; i++) {
      out[i] = buffers[i] == null ? new MetricSeries(qs.get(i), new long[0], new double[0]) : shareTimes(buffers[i].toSeries(qs.get(i)), distinctTimes);
    }
    return out;
  }

  /**
   * {@code s} with the timestamps of an earlier series of the call when they are equal: the hourly
   * series of a call mostly share one set of hours, and a private copy each was half the heap the
   * fetched series hold (8 bytes of time beside each 8-byte value). No one writes a series' arrays.
   */
  static MetricSeries shareTimes(MetricSeries s, List<long[]> distinct) {
    if (s.isEmpty()) return s;
    for (long[] t : distinct) {
      if (t == s.times()) return s;
      if (Arrays.equals(t, s.times())) return new MetricSeries(s.query(), t, s.values());
    }
    if (distinct.size() < 4) distinct.add(s.times()); // a call asks for a few periods at most (hourly, the whole window)
    return s;
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
