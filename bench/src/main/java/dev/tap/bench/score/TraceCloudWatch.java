package dev.tap.bench.score;

import dev.tap.optimizer.family.ec2.Ec2Metrics;
import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GetMetricData over a trace, as CloudWatch would answer it for instances that published the
 * trace's samples: AWS/EC2 {@code CPUUtilization} and CWAgent {@code mem_used_percent} (memory in
 * use over the current type's memory) by {@code InstanceId}; every statistic computed from the raw
 * 5-minute samples in each period. Metrics the trace does not hold (network, EBS, disk) come back
 * empty, as they would for an instance that never published them. One page per call: the engine
 * already packs calls within the API's limits.
 */
final class TraceCloudWatch implements MetricDataSource {
  private final Map<String, VmTrace> byId = new HashMap<>();
  /** Memory in use as % of the current type's memory, what {@code mem_used_percent} publishes; computed once per VM. */
  private final Map<String, float[]> memoryPct = new HashMap<>();

  TraceCloudWatch(List<VmTrace> vms, Ec2Catalogue catalogue) {
    for (VmTrace vm : vms) {
      byId.put(vm.id(), vm);
      if (!vm.memoryMeasured()) continue;
      double gib = catalogue.spec(vm.type()).orElseThrow().memoryGib();
      float[] used = vm.memUsedGib();
      float[] pct = new float[used.length];
      for (int i = 0; i < used.length; i++) pct[i] = (float) (used[i] / gib * 100);
      memoryPct.put(vm.id(), pct);
    }
  }

  @Override
  public MetricDataPage getMetricData(MetricDataRequest request) {
    List<MetricSeries> out = new ArrayList<>(request.queries().size());
    long start = request.start().getEpochSecond();
    long end = request.end().getEpochSecond();
    for (MetricQuery q : request.queries()) out.add(series(q, start, end));
    return new MetricDataPage(out, null);
  }

  private MetricSeries series(MetricQuery q, long start, long end) {
    VmTrace vm = byId.get(q.dimensions().get("InstanceId"));
    float[] values = vm == null ? null : values(vm, q);
    if (values == null) return new MetricSeries(q, new long[0], new double[0]);
    long[] t = vm.times();
    int periods = (int) ((end - start + q.periodSeconds() - 1) / q.periodSeconds());
    long[] times = new long[periods];
    double[] stats = new double[periods];
    int n = 0;
    int i = lowerBound(t, start);
    for (int k = 0; k < periods; k++) {
      long from = start + (long) k * q.periodSeconds();
      long to = Math.min(end, from + q.periodSeconds());
      int j = lowerBound(t, to);
      if (j > i) {
        times[n] = from;
        stats[n++] = Stat.of(q.stat(), values, i, j);
      }
      i = j;
    }
    return new MetricSeries(q, Arrays.copyOf(times, n), Arrays.copyOf(stats, n));
  }

  private float[] values(VmTrace vm, MetricQuery q) {
    if (q.namespace().equals(Ec2Metrics.NAMESPACE) && q.metricName().equals(Ec2Metrics.CPU)) return vm.cpuPct();
    if (q.namespace().equals(Ec2Metrics.AGENT_NAMESPACE) && q.metricName().equals(Ec2Metrics.LINUX_MEMORY)) return memoryPct.get(vm.id());
    return null;
  }

  private static int lowerBound(long[] t, long x) {
    int lo = 0;
    int hi = t.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (t[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
