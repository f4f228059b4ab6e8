package dev.tap.bench;

import dev.tap.optimizer.metrics.BatchHandoff;
import dev.tap.optimizer.metrics.FetchStats;
import dev.tap.optimizer.metrics.LookbackWindow;
import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.metrics.MetricsRate;
import dev.tap.optimizer.metrics.RateBudget;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.CallPlanner;
import dev.tap.optimizer.metrics.Ticker;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.plan.Analysis;
import dev.tap.optimizer.plan.Planner;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.VirtualClock;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Organisation scale (issue 18, section 4): simulated organisations of A accounts x R regions, each
 * account-region a fleet of its own (Auto Scaling groups, 8 metrics, 90 days, the trading profile),
 * analysed end to end (inventory, fetch, analysis) in parallel across account-regions on a bounded
 * pool, as the organisation fan-out does. Every simulated account-region enforces CloudWatch's
 * GetMetricData quota (50 TPS, wall time) and the engine runs within its default budget (50 TPS), so
 * the wall time is real scheduling against the quota.
 *
 * <p>Printed per scenario: the TPS floor (an account-region needs at least ceil(datapoints /
 * 100,800) calls, at 50 a second; account-regions run in parallel, {@code pool} at a time), the wall
 * time and its ratio to the floor, the calls per account-region against the minimum, throttled
 * calls, CPU seconds of the process (when they exceed the wall time x cores, the machine and not
 * the quota bounds the run) and the peak heap.
 *
 * <p>{@code --tps N} sets another quota and budget: on a machine too busy to compute the simulated
 * datapoints at 50 calls a second, a lower rate still shows whether the scheduling holds the floor.
 *
 * <p>{@code --in-sink} judges each batch in the fetch's sink, pausing the fetch (as before the
 * hand-off), to compare; both print the same results fingerprint.
 *
 * <p>Usage: {@code OrgBench [--pool N] [--concurrency N] [--tps N] [--in-sink] [--batch N] [SCENARIO ...]}, a scenario being
 * {@code ACCOUNTSxREGIONS[:RESOURCES]} (resources per account-region, default 1,000); default
 * scenarios {@code 1x1:10000 10x3 100x3}.
 */
public final class OrgBench {

  /** The quota of every simulated account-region and the engine's budget: CloudWatch's 50 unless {@code --tps} says otherwise. */
  static double tps = RateBudget.DEFAULT_TPS;

  /** Whether the planner runs beside the fetch ({@link BatchHandoff}) or, with {@code --in-sink}, in the fetch's sink. */
  static boolean overlap = true;

  /**
   * Resources per planner call ({@code --batch}; 0, the default, follows the heap: see {@link #batchFor}).
   * From 64 resources a call judges them on every core ({@code Planner.PARALLEL_FROM}).
   */
  static int batchSize = 0;

  /** What one resource's fetched series hold: 8 hourly series of 2,160 values (their hours are shared per call). */
  static final long BYTES_PER_RESOURCE = 8L * 2_160 * Double.BYTES;

  /**
   * The batch size for {@code pool} account-regions at once: each holds up to three batches (one
   * judged, one waiting, one filling), and together they may take half the heap (the rest is the
   * simulated accounts, the planner's working set and garbage), between 64 and 500 resources.
   * With 1 GiB that is 500 for one account-region and about 160 for eight; a fixed 500 ran eight out of
   * 1 GiB, and a fixed 100 made one account-region of 10,000 slower (more, smaller planner calls).
   */
  static int batchFor(int pool) {
    if (batchSize > 0) return batchSize;
    long perRegion = Runtime.getRuntime().maxMemory() / 2 / pool;
    return (int) Math.max(64, Math.min(500, perRegion / (3 * BYTES_PER_RESOURCE)));
  }

  record Scenario(int accounts, int regions, int resources) {
    static Scenario parse(String s) {
      String[] parts = s.split(":");
      String[] ar = parts[0].toLowerCase().split("x");
      int res = parts.length > 1 ? Integer.parseInt(parts[1].replace(",", "").replace("_", "")) : 1_000;
      return new Scenario(Integer.parseInt(ar[0]), Integer.parseInt(ar[1]), res);
    }

    int accountRegions() {
      return accounts * regions;
    }

    @Override
    public String toString() {
      return String.format("%,d x %d x %,d", accounts, regions, resources);
    }
  }

  /** One account-region's share of a run. */
  record Part(long datapoints, int calls, long minimumCalls, int throttled, int proposals, double seconds, double inventorySeconds, double analysisSeconds,
      byte[] digest) {
    double tpsFloorSeconds() {
      return Math.ceil((double) datapoints / MetricDataSource.MAX_DATAPOINTS_PER_CALL) / tps;
    }
  }

  record Row(Scenario scenario, int pool, int batch, List<Part> parts, double wallSeconds, double cpuSeconds, long peakHeapBytes) {
    /** A fingerprint of every account-region's recommendations and findings, in order: equal digests, equal results. */
    String digest() {
      MessageDigest md = Results.sha256();
      for (Part p : parts) md.update(p.digest());
      return HexFormat.of().formatHex(md.digest(), 0, 6);
    }

    /** The floor with the pool: waves of {@code pool} account-regions, each wave as long as its slowest floor. */
    double floorSeconds() {
      double floor = 0;
      for (int i = 0; i < parts.size(); i += pool) {
        double wave = 0;
        for (int j = i; j < Math.min(parts.size(), i + pool); j++) wave = Math.max(wave, parts.get(j).tpsFloorSeconds());
        floor += wave;
      }
      return floor;
    }
  }

  public static void main(String[] args) throws Exception {
    int pool = 8;
    int concurrency = 2;
    List<Scenario> scenarios = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--pool" -> pool = Integer.parseInt(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--tps" -> tps = Double.parseDouble(args[++i]);
        case "--in-sink" -> overlap = false;
        case "--batch" -> batchSize = Integer.parseInt(args[++i]);
        default -> scenarios.add(Scenario.parse(args[i]));
      }
    }
    if (scenarios.isEmpty()) scenarios = List.of(Scenario.parse("1x1:10000"), Scenario.parse("10x3"), Scenario.parse("100x3"));
    System.out.printf("TAP organisation benchmark: accounts x regions x resources per account-region, end to end (inventory, fetch, analysis),%n");
    System.out.printf("GetMetricData quota and budget %.0f TPS per account-region (wall time); %s%n", tps, BenchArgs.machine());
    System.out.printf("pool %d account-regions at a time, %d GetMetricData calls in flight per account-region; planner %s; load average %s%n%n", pool,
        concurrency, overlap ? "beside the fetch (batches handed on)" : "in the fetch's sink (--in-sink)", loadAverage());
    System.out.printf("%-22s %8s %12s %10s %9s %7s %10s %9s %8s %8s %7s %11s%n", "scenario", "acct-rgn", "calls/AR", "min/AR", "throttled", "ratio",
        "TPS floor s", "wall s", "wall/floor", "cpu s", "load", "peak heap");
    System.out.printf("%-22s %s%n", "", "(per account-region, mean: inventory s / analysis s / its own wall s)");
    for (Scenario s : scenarios) {
      Row r = run(s, Math.min(pool, s.accountRegions()), concurrency);
      int calls = 0;
      long min = 0;
      int throttled = 0;
      for (Part p : r.parts()) {
        calls += p.calls();
        min += p.minimumCalls();
        throttled += p.throttled();
      }
      int n = r.parts().size();
      System.out.printf("%-22s %,8d %,12.1f %,10.1f %,9d %7.3f %10.2f %9.2f %8.3f %8.1f %7s %8d MiB%n", s, n, (double) calls / n, (double) min / n,
          throttled, (double) calls / min, r.floorSeconds(), r.wallSeconds(), r.wallSeconds() / r.floorSeconds(), r.cpuSeconds(), loadAverage(),
          r.peakHeapBytes() >> 20);
      double inv = 0;
      double ana = 0;
      double own = 0;
      for (Part p : r.parts()) {
        inv += p.inventorySeconds();
        ana += p.analysisSeconds();
        own += p.seconds();
      }
      System.out.printf("%-22s %.2f / %.2f / %.2f; batches of %d; results %s (%,d proposals)%n", "", inv / n, ana / n, own / n, r.batch(), r.digest(),
          r.parts().stream().mapToInt(Part::proposals).sum());
    }
    System.out.printf("%nTarget: wall <= 1.15 x the TPS floor for one account-region of 10,000 resources; linear in accounts up to the pool size.%n");
  }

  /** One organisation: every account-region analysed on a pool of {@code pool} threads. */
  static Row run(Scenario s, int pool, int concurrency) throws InterruptedException {
    System.gc();
    AnalysisBench.resetPeaks();
    Policy policy = PolicyLoader.profile("trading");
    PriceBook book = PriceBook.bundled();
    int batch = batchFor(pool);
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    ExecutorService exec = Executors.newFixedThreadPool(pool);
    List<Future<Part>> futures = new ArrayList<>();
    for (int a = 0; a < s.accounts(); a++) {
      for (int r = 0; r < s.regions(); r++) {
        long seed = 1_000L * a + r + 1;
        futures.add(exec.submit(() -> accountRegion(s.resources(), seed, policy, book, concurrency, batch)));
      }
    }
    List<Part> parts = new ArrayList<>();
    try {
      for (Future<Part> f : futures) parts.add(f.get());
    } catch (ExecutionException e) {
      throw new IllegalStateException("an account-region failed", e.getCause());
    } finally {
      exec.shutdownNow();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    return new Row(s, pool, batch, parts, wall, (cpuNanos() - cpu0) / 1e9, AnalysisBench.peakHeap());
  }

  /**
   * One account-region end to end, as one process of the organisation fan-out runs it: inventory
   * (the simulated account's snapshot), the fetch within the 50 TPS budget against the account's
   * 50 TPS quota, and the planner on batches of resources as they stream in ({@code --batch}), on a thread of
   * its own beside the fetch (at most three batches held: one judged, one waiting, one filling).
   */
  static Part accountRegion(int resources, long seed, Policy policy, PriceBook book, int concurrency, int batchSize) {
    long t0 = System.nanoTime();
    SimAccount account = SimAccount.fleet(resources, seed, new VirtualClock());
    account.limitGetMetricDataTps(tps, Ticker.SYSTEM);
    Snapshot all = account.snapshot();
    double inventory = (System.nanoTime() - t0) / 1e9;
    long[] planNanos = {0};
    LookbackWindow window = LookbackWindow.of(account.clock(), policy.lookbackDays());
    MetricsEngine engine = new MetricsEngine(region -> account.cloudWatch(), SimAccount.fleetCatalog(), account.clock(), new CallPlanner(),
        MetricsRate.of(tps).withConcurrency(concurrency));
    Planner planner = new Planner(book, account.clock());
    int[] proposals = {0};
    Results results = new Results();
    Consumer<List<ResourceMetrics>> judge = batch -> {
      List<Resource> rs = batch.stream().map(ResourceMetrics::resource).toList();
      long p0 = System.nanoTime();
      Analysis a = planner.plan(new Snapshot(all.source(), all.account(), all.blueprint(), all.takenAt(), rs, List.of()), batch, policy);
      planNanos[0] += System.nanoTime() - p0;
      proposals[0] += a.recommendations().size();
      results.add(a);
    };
    FetchStats stats;
    if (overlap) {
      // the planner judges one batch on its own thread while the fetch fills the next (one more may wait)
      try (BatchHandoff handoff = new BatchHandoff(batchSize, 1, judge, "planner-" + seed)) {
        stats = engine.stream(all, window.start(), window.end(), null, handoff);
        handoff.finish();
      }
    } else {
      // as before: the planner judges each batch in the fetch's sink, pausing the fetch meanwhile
      List<ResourceMetrics> batch = new ArrayList<>(batchSize);
      stats = engine.stream(all, window.start(), window.end(), null, m -> {
        batch.add(m);
        if (batch.size() == batchSize) {
          judge.accept(batch);
          batch.clear();
        }
      });
      if (!batch.isEmpty()) judge.accept(batch);
    }
    if (account.cloudWatch().calls() != stats.calls()) throw new IllegalStateException("the account counted " + account.cloudWatch().calls() + " calls");
    return new Part(stats.datapoints(), stats.calls(), stats.minimumCalls(), stats.throttled(), proposals[0], (System.nanoTime() - t0) / 1e9, inventory,
        planNanos[0] / 1e9, results.digest());
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** The 1-minute load average (/proc/loadavg), or the JVM's figure elsewhere. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
