package dev.tap.bench.score;

import dev.tap.optimizer.family.ec2.Ec2Metrics;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataPage;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataRequest;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.model.ConfigKeys;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.VirtualClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The traces the score runs on without a trace file: the simulated standalone-instance fleet, and
 * the CPU traces in ../shared/data (Azure V1 sample, PlanetLab) with each VM's type and memory
 * taken from the simulated fleet's instance of the same index (the traces have neither).
 */
final class SharedTraces {
  private SharedTraces() {}

  static final int STEP = 300;
  /** PlanetLab VMs with at least this many days are kept, and this many of their days used (4 to size on, 2 to score). */
  static final int PLANETLAB_DAYS = 6;

  /**
   * Days of the simulated fleet read: CloudWatch (and the simulation) keeps 5-minute points for 63
   * days, so the last 60 days of the 90 simulated.
   */
  static final int SIM_DAYS = 60;

  /** {@code n} simulated standalone instances over the last {@link #SIM_DAYS} days: CPU Average and memory Maximum per 5 minutes. */
  static List<VmTrace> simulated(int n, long seed) {
    SimAccount account = SimAccount.instanceFleet(n, seed, new VirtualClock());
    Instant end = account.clock().instant();
    Instant start = end.minus(java.time.Duration.ofDays(SIM_DAYS));
    return fromSim(account, start, end);
  }

  /** The Azure V1 sample: 5-minute average CPU of 100 VMs (~27.8 days); type and memory from the simulated fleet. */
  static List<VmTrace> azure(Path data, long seed) throws IOException {
    Path file = data.resolve("azure_v1_sample100/microsoft_avg_100.csv");
    List<String> ids;
    List<float[]> columns = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file)) {
      String[] header = in.readLine().split(",");
      ids = Arrays.asList(header).subList(1, header.length);
      List<float[]> rows = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split(",");
        float[] row = new float[ids.size()];
        for (int i = 0; i < row.length; i++) row[i] = Float.parseFloat(f[i + 1]);
        rows.add(row);
      }
      for (int v = 0; v < ids.size(); v++) {
        float[] c = new float[rows.size()];
        for (int t = 0; t < c.length; t++) c[t] = Math.min(100, Math.max(0, rows.get(t)[v]));
        columns.add(c);
      }
    }
    return withSimulatedMemory(ids.stream().map(id -> "azure-" + id).toList(), columns, seed);
  }

  /** PlanetLab: VMs with at least {@link #PLANETLAB_DAYS} days, their first such days in date order, concatenated. */
  static List<VmTrace> planetLab(Path data, long seed) throws IOException {
    Map<String, TreeMap<String, float[]>> byVm = new TreeMap<>();
    try (BufferedReader in = Files.newBufferedReader(data.resolve("planetlab_cpu_5min.csv"))) {
      in.readLine();
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split(",");
        float[] day = new float[f.length - 2];
        for (int i = 0; i < day.length; i++) day[i] = Math.min(100, Float.parseFloat(f[i + 2]));
        byVm.computeIfAbsent(f[1], k -> new TreeMap<>()).put(f[0], day);
      }
    }
    List<String> ids = new ArrayList<>();
    List<float[]> columns = new ArrayList<>();
    byVm.forEach((vm, days) -> {
      if (days.size() < PLANETLAB_DAYS) return;
      List<float[]> first = new ArrayList<>(days.values()).subList(0, PLANETLAB_DAYS);
      int len = first.stream().mapToInt(d -> d.length).sum();
      float[] c = new float[len];
      int k = 0;
      for (float[] d : first) {
        System.arraycopy(d, 0, c, k, d.length);
        k += d.length;
      }
      ids.add("planetlab-" + ids.size());
      columns.add(c);
    });
    return withSimulatedMemory(ids, columns, seed);
  }

  /**
   * CPU columns (one per VM, 5-minute steps, same length) paired with the simulated fleet's
   * instance of the same index: its type and its memory over the simulation's last samples (the
   * trace's time axis is placed there too).
   */
  static List<VmTrace> withSimulatedMemory(List<String> ids, List<float[]> cpu, long seed) {
    int len = cpu.stream().mapToInt(c -> c.length).max().orElse(0);
    SimAccount account = SimAccount.instanceFleet(ids.size(), seed, new VirtualClock());
    Instant end = account.clock().instant();
    Instant start = end.minusSeconds((long) len * STEP);
    List<VmTrace> sim = fromSim(account, start, end);
    List<VmTrace> out = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      VmTrace s = sim.get(i);
      float[] c = cpu.get(i);
      long[] times = new long[c.length];
      for (int t = 0; t < c.length; t++) times[t] = start.getEpochSecond() + (long) t * STEP;
      float[] memory = null;
      if (s.memoryMeasured()) {
        memory = new float[c.length];
        for (int t = 0; t < c.length; t++) memory[t] = s.memUsedGib()[Math.min(t, s.size() - 1)];
      }
      out.add(new VmTrace(ids.get(i), s.type(), times, c, memory));
    }
    return out;
  }

  private static List<VmTrace> fromSim(SimAccount account, Instant start, Instant end) {
    Ec2Catalogue catalogue = Ec2Catalogue.bundled();
    List<VmTrace> out = new ArrayList<>();
    for (Resource r : account.discover().resources()) {
      String type = r.config(ConfigKeys.INSTANCE_TYPE);
      Map<String, String> dims = Map.of("InstanceId", r.id());
      MetricSeries cpu = fetch(account, new MetricQuery("cpu", Ec2Metrics.NAMESPACE, Ec2Metrics.CPU, dims, "Average", STEP), start, end);
      MetricSeries mem = fetch(account, new MetricQuery("mem", Ec2Metrics.AGENT_NAMESPACE, Ec2Metrics.LINUX_MEMORY, dims, "Maximum", STEP), start, end);
      float[] c = new float[cpu.size()];
      for (int i = 0; i < c.length; i++) c[i] = (float) cpu.values()[i];
      float[] m = null;
      if (mem.size() == cpu.size() && mem.size() > 0) {
        double gib = catalogue.spec(type).orElseThrow().memoryGib();
        m = new float[c.length];
        for (int i = 0; i < m.length; i++) m[i] = (float) (mem.values()[i] / 100 * gib);
      }
      out.add(new VmTrace(r.id(), type, cpu.times(), c, m));
    }
    return out;
  }

  private static MetricSeries fetch(SimAccount account, MetricQuery q, Instant start, Instant end) {
    List<Long> times = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    String token = null;
    do {
      MetricDataPage p = account.cloudWatch().getMetricData(new MetricDataRequest(List.of(q), start, end, token));
      for (MetricSeries s : p.results()) {
        for (int i = 0; i < s.size(); i++) {
          times.add(s.times()[i]);
          values.add(s.values()[i]);
        }
      }
      token = p.nextToken();
    } while (token != null);
    long[] t = times.stream().mapToLong(Long::longValue).toArray();
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    return new MetricSeries(q, t, v);
  }
}
