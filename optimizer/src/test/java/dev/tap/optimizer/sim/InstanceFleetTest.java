package dev.tap.optimizer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.metrics.MetricDataSource.MetricDataPage;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataRequest;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.model.Resource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The standalone-instance fleet of the sizing score ({@link SimAccount#instanceFleet}): its kinds in
 * their stated shares and ranges, and its CPU tail against the Azure sample (docs/simulation.md):
 * over 28 days of 5-minute averages, the quartiles across VMs of each VM's p99.9 within a factor
 * 1.5 of Azure's, and the share of VMs above 90 % in more than 0.1 % of their samples within a
 * factor 1.5 (skipped with a message when ../shared/data is absent).
 */
class InstanceFleetTest {

  @Test
  void kindsComeInTheirStatedSharesAndRanges() {
    int n = 4_000;
    List<StandaloneInstances.FleetMember> members = new ArrayList<>();
    for (int i = 0; i < n; i++) members.add(StandaloneInstances.fleetMember(SimAccount.DEFAULT_SEED, i));
    Map<String, Long> counts = members.stream().collect(Collectors.groupingBy(StandaloneInstances.FleetMember::kind, Collectors.counting()));
    Map<String, Double> stated = Map.of("typical", 0.50, "idle", 0.15, "memory-bound", 0.12, "cpu-bound", 0.10, "memory-starved", 0.08, "no-agent", 0.05);
    stated.forEach((kind, share) -> assertThat(counts.getOrDefault(kind, 0L) / (double) n).as(kind).isBetween(share - 0.025, share + 0.025));
    for (StandaloneInstances.FleetMember m : members) {
      StandaloneInstances.Role r = m.role();
      switch (m.kind()) {
        case "idle" -> assertThat(r.cpuPct()).isBetween(0.5, 3.0);
        case "memory-bound" -> assertThat(r.memoryPct()).isBetween(66.0, 80.0);
        case "memory-starved" -> assertThat(r.memoryPct()).isBetween(89.0, 95.0);
        case "cpu-bound" -> assertThat(r.cpuPct()).isBetween(45.0, 70.0);
        case "no-agent" -> assertThat(r.memoryPct()).isNegative();
        default -> assertThat(r.cpuPct()).isBetween(0.0, 60.0);
      }
      assertThat(StandaloneInstances.FLEET_TYPES).contains(r.type());
    }
  }

  @Test
  void theFleetIsDiscoveredNotNamedByOutputs() {
    SimAccount a = SimAccount.instanceFleet(12, SimAccount.DEFAULT_SEED, new VirtualClock());
    assertThat(a.snapshot().resources()).isEmpty();
    assertThat(a.discover().resources()).hasSize(12).allSatisfy(r -> assertThat(r.family().name()).isEqualTo("EC2"));
  }

  @Test
  void cpuTailMatchesAzureWithinAFactorOfOneAndAHalf() throws IOException {
    List<double[]> azure = CalibrationTest.readAzure(CalibrationTest.require("azure_v1_sample100/microsoft_avg_100.csv"));
    SimAccount fleet = SimAccount.instanceFleet(100, SimAccount.DEFAULT_SEED, new VirtualClock());
    Instant end = fleet.clock().instant();
    Instant start = end.minus(Duration.ofDays(28));
    List<double[]> sim = new ArrayList<>();
    for (Resource r : fleet.discover().resources()) sim.add(cpu(fleet, r.id(), start, end));
    Function<List<double[]>, double[]> p999 = vms -> vms.stream().mapToDouble(v -> CalibrationTest.quantile(CalibrationTest.sorted(v), 99.9)).sorted().toArray();
    double[] s = p999.apply(sim);
    double[] a = p999.apply(azure);
    for (double q : new double[] {25, 50, 75}) {
      double sq = CalibrationTest.quantile(s, q);
      double aq = CalibrationTest.quantile(a, q);
      assertThat(sq / aq).as("per-VM p99.9, p%.0f across VMs: simulated %.1f %%, Azure %.1f %%", q, sq, aq).isBetween(1 / 1.5, 1.5);
    }
    double simShare = saturating(sim);
    double azureShare = saturating(azure);
    assertThat(simShare / azureShare).as("VMs above 90 %% in > 0.1 %% of samples: simulated %.2f, Azure %.2f", simShare, azureShare).isBetween(1 / 1.5, 1.5);
  }

  static double saturating(List<double[]> vms) {
    return vms.stream().filter(v -> Arrays.stream(v).filter(x -> x > 90).count() > 0.001 * v.length).count() / (double) vms.size();
  }

  static double[] cpu(SimAccount account, String id, Instant start, Instant end) {
    MetricQuery q = new MetricQuery("cpu", "AWS/EC2", "CPUUtilization", Map.of("InstanceId", id), "Average", 300);
    double[] v = new double[0];
    String token = null;
    do {
      MetricDataPage p = account.cloudWatch().getMetricData(new MetricDataRequest(List.of(q), start, end, token));
      for (MetricSeries s : p.results()) {
        int n = v.length;
        v = Arrays.copyOf(v, n + s.size());
        System.arraycopy(s.values(), 0, v, n, s.size());
      }
      token = p.nextToken();
    } while (token != null);
    return v;
  }
}
