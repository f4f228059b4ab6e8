package dev.tap.bench;

import dev.tap.optimizer.metrics.FetchStats;
import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.sim.SimAccount;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The metrics fetch at fleet scale (SPEC issue 3, section 6): for simulated fleets of 10 to 10,000
 * Auto Scaling groups with 8 metrics each over 90 days, the GetMetricData calls the engine makes
 * against the minimum any packing could make (ceil(datapoints / 100,800)), the fetch time, the
 * datapoints per second, the peak heap (heap pools' peaks, garbage included) and the live heap
 * after a collection (the simulated account's model, which the fetch keeps reachable). The fetch
 * streams: each resource's series are handed on (here: summed, so the JIT cannot drop them) and
 * released as soon as its last call returns.
 * The time includes the simulated CloudWatch computing every datapoint from its workload model.
 *
 * <p>Usage: {@code FetchBench [SIZE ...]} (default 10 100 1000 10000).
 */
public final class FetchBench {

  public record Row(int resources, long datapoints, int calls, long minimumCalls, double seconds, long peakHeapBytes, long liveHeapBytes) {
    double ratio() {
      return (double) calls / minimumCalls;
    }

    double pointsPerSecond() {
      return datapoints / seconds;
    }
  }

  public static void main(String[] args) {
    List<Integer> sizes = BenchArgs.sizes(args);
    System.out.printf("TAP metrics fetch benchmark: simulated fleets, 8 metrics per resource, 90 days (hourly series + window statistics)%n");
    System.out.printf("%s%n%n", BenchArgs.machine());
    System.out.printf("%10s %14s %8s %10s %7s %10s %14s %12s %12s%n", "resources", "datapoints", "calls", "min calls", "ratio", "fetch s", "datapoints/s",
        "peak heap", "live heap");
    double worst = 0;
    for (int n : sizes) {
      Row r = run(n);
      worst = Math.max(worst, r.ratio());
      System.out.printf("%,10d %,14d %,8d %,10d %7.3f %10.2f %,14.0f %9d MiB %9d MiB%n", r.resources(), r.datapoints(), r.calls(), r.minimumCalls(),
          r.ratio(), r.seconds(), r.pointsPerSecond(), r.peakHeapBytes() >> 20, r.liveHeapBytes() >> 20);
    }
    System.out.printf("%nTarget: calls <= 1.05 x minimum. Worst ratio: %.3f (%s)%n", worst, worst <= 1.05 ? "met" : "NOT met");
  }

  /** One fleet: build it, fetch 90 days, measure. */
  public static Row run(int n) {
    SimAccount fleet = SimAccount.fleet(n);
    Snapshot snapshot = fleet.snapshot();
    Instant end = fleet.clock().instant();
    Instant start = end.minus(Duration.ofDays(90));
    MetricsEngine engine = new MetricsEngine(fleet.cloudWatch(), SimAccount.fleetCatalog(), fleet.clock());
    System.gc();
    resetPeaks();
    double[] sink = new double[1];
    long t0 = System.nanoTime();
    FetchStats stats = engine.stream(snapshot, start, end, null, m -> sink[0] += consume(m));
    double seconds = (System.nanoTime() - t0) / 1e9;
    long peak = peakHeap();
    // what stays reachable: the simulated account's model and the engine, no series
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long live = rt.totalMemory() - rt.freeMemory();
    if (fleet.cloudWatch().calls() != stats.calls()) throw new IllegalStateException("the account counted " + fleet.cloudWatch().calls() + " calls");
    if (Double.isNaN(sink[0])) System.out.print(""); // keep the sum alive
    long min = (stats.datapoints() + MetricDataSource.MAX_DATAPOINTS_PER_CALL - 1) / MetricDataSource.MAX_DATAPOINTS_PER_CALL;
    return new Row(n, stats.datapoints(), stats.calls(), Math.max(min, stats.minimumCalls()), seconds, peak, live);
  }

  private static double consume(ResourceMetrics m) {
    double s = 0;
    for (MetricSeries series : m.hourly().values()) {
      double[] v = series.values();
      for (int i = 0; i < v.length; i++) s += v[i];
    }
    return s;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
  }

  /** Sum of the heap pools' peak usage since the last reset (an upper bound of the live peak). */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
    return sum;
  }
}
