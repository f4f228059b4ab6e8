package dev.tap.bench;

import dev.tap.optimizer.metrics.FetchProgress;
import dev.tap.optimizer.metrics.LookbackWindow;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.plan.Analysis;
import dev.tap.optimizer.plan.Planner;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.sim.SimAccount;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Analysis at fleet scale (SPEC issue 3, section 6): for simulated fleets of 10 to 10,000 Auto
 * Scaling groups with 8 metrics each over 90 days, the time the rules and backtests take (the
 * planner: rules, pricing, confidence, backtest replay of every proposal), the datapoints analysed
 * per second, and the peak heap of the whole run. The fetch from the simulated CloudWatch is not
 * timed: metrics stream from the engine in batches and only the planner calls are on the clock.
 *
 * <p>Usage: {@code AnalysisBench [SIZE ...]} (default 10 100 1000 10000); run with {@code -Xmx1g} to
 * check the heap target.
 */
public final class AnalysisBench {
  static final int BATCH = 500;

  public record Row(int resources, long datapoints, int proposals, int planned, double seconds, long peakHeapBytes) {
    double pointsPerSecond() {
      return datapoints / seconds;
    }
  }

  public static void main(String[] args) {
    List<Integer> sizes = BenchArgs.sizes(args);
    System.out.printf("TAP analysis benchmark: rules + pricing + confidence + backtests, simulated fleets, 8 metrics per resource, 90 days%n");
    System.out.printf("(metric fetch excluded from the time); %s%n%n", BenchArgs.machine());
    System.out.printf("%10s %14s %10s %8s %12s %16s %12s%n", "resources", "datapoints", "proposals", "planned", "analysis s", "datapoints/s", "peak heap");
    Row last = null;
    for (int n : sizes) {
      last = run(n);
      System.out.printf("%,10d %,14d %,10d %,8d %12.3f %,16.0f %9d MiB%n", last.resources(), last.datapoints(), last.proposals(), last.planned(),
          last.seconds(), last.pointsPerSecond(), last.peakHeapBytes() >> 20);
    }
    if (last != null && last.resources() >= 10_000) {
      boolean time = last.seconds() <= 3.0;
      boolean heap = last.peakHeapBytes() <= 1L << 30;
      System.out.printf("%nTarget for 10,000 resources: analysis <= 3 s (%s: %.2f s), peak heap <= 1 GiB (%s: %d MiB)%n", time ? "met" : "NOT met",
          last.seconds(), heap ? "met" : "NOT met", last.peakHeapBytes() >> 20);
    }
  }

  /** One fleet: build it, stream its 90 days of metrics, time the planner on each batch. */
  public static Row run(int n) {
    System.gc();
    resetPeaks();
    SimAccount account = SimAccount.fleet(n);
    Snapshot all = account.snapshot();
    Policy policy = PolicyLoader.profile("trading");
    LookbackWindow window = LookbackWindow.of(account.clock(), policy.lookbackDays());
    Instant start = window.start();
    Instant end = window.end();
    MetricsEngine engine = new MetricsEngine(account.cloudWatch(), SimAccount.fleetCatalog(), account.clock());
    Planner planner = new Planner(PriceBook.bundled(), account.clock());

    long[] nanos = {0};
    long[] points = {0};
    int[] proposals = {0};
    int[] planned = {0};
    List<ResourceMetrics> batch = new ArrayList<>(BATCH);
    Runnable analyse = () -> {
      if (batch.isEmpty()) return;
      List<Resource> resources = batch.stream().map(ResourceMetrics::resource).toList();
      Snapshot part = new Snapshot(all.source(), all.account(), all.blueprint(), all.takenAt(), resources, List.of());
      long t0 = System.nanoTime();
      Analysis a = planner.plan(part, batch, policy);
      nanos[0] += System.nanoTime() - t0;
      proposals[0] += a.recommendations().size();
      planned[0] += a.plan().actions().size();
      for (ResourceMetrics m : batch) {
        points[0] += m.window().size();
        for (MetricSeries s : m.hourly().values()) points[0] += s.size();
      }
      batch.clear();
    };
    engine.stream(all, start, end, FetchProgress.NONE, m -> {
      batch.add(m);
      if (batch.size() == BATCH) analyse.run();
    });
    analyse.run();
    return new Row(n, points[0], proposals[0], planned[0], nanos[0] / 1e9, peakHeap());
  }

  static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
  }

  /** Sum of the heap pools' peaks: an upper bound of the heap in use at any one moment. */
  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
    return sum;
  }
}
