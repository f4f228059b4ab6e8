package dev.tap.optimizer.sim;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A synthetic fleet of Auto Scaling groups for benchmarks and calibration. Each group's mean CPU is
 * drawn from a skewed log-normal fitted to the per-VM means of the Azure sample (median 7.4 %,
 * 10th percentile ~4.5 %, 90th ~20 %), and its shape (daily amplitude and peak hour, weekend dip,
 * noise, bursts, trend) from ranges that reproduce the traces' spread (see CalibrationTest).
 */
final class BenchFleet {
  private BenchFleet() {}

  /** The 8 metrics of every fleet resource (AWS/EC2 by AutoScalingGroupName). */
  static final List<String> METRICS = List.of("CPUUtilization", "NetworkIn", "NetworkOut", "NetworkPacketsIn", "NetworkPacketsOut", "EBSReadOps",
      "EBSWriteOps", "EBSReadBytes");
  private static final String[] TYPES = {"c6i.2xlarge", "c6i.4xlarge", "m5.2xlarge", "m5.4xlarge", "r6g.2xlarge", "c5.4xlarge"};
  private static final double[] SCALE = {1, 2.0e8, 2.4e8, 1.6e5, 1.9e5, 300, 450, 1.2e7};

  static void build(FleetBuilder f, int n, String env) {
    for (int i = 0; i < n; i++) {
      String id = String.format("tap-%s-bench-asg-%05d", env, i);
      long h = Hash.of(f.seed, 77, i);
      String type = TYPES[(int) Long.remainderUnsigned(h, TYPES.length)];
      int desired = 2 + (int) Long.remainderUnsigned(h >>> 8, 19);
      SimResource r = f.add(id, AsgFamily.ASG, "us-east-1", BlueprintFleets.asgArn("us-east-1", id),
          BlueprintFleets.map(INSTANCE_TYPE, type, MIN, String.valueOf(Math.max(1, desired / 2)), DESIRED, String.valueOf(desired), MAX, String.valueOf(desired * 2)),
          FleetBuilder.tags(env));
      Workload cpu = cpuWorkload(f.seed, i);
      double cap = Capacity.asg(r.initial().config());
      Map<String, String> dims = Map.of("AutoScalingGroupName", id);
      f.base(r, BlueprintFleets.EC2, METRICS.get(0), dims, cpu, c -> cap / Capacity.asg(c), 0);
      double load = cpu.base() / 7.4;
      for (int m = 1; m < METRICS.size(); m++) {
        Workload w = Workload.count(SCALE[m] * load).withDiurnal(cpu.diurnal(), cpu.peakHourUtc()).withWeekendDip(cpu.weekendDip())
            .withNoise(cpu.dayNoise(), cpu.hourNoise(), cpu.minuteSpread()).withBursts(cpu.burstsPerWeek(), cpu.burstSize());
        double instances = desired;
        f.base(r, BlueprintFleets.EC2, METRICS.get(m), dims, w, c -> instances / Capacity.asgInstances(c), 0);
      }
    }
  }

  /** The CPU workload of fleet member {@code i}: level and shape drawn from the calibrated ranges. */
  static Workload cpuWorkload(long seed, int i) {
    double z = Hash.gaussian(Hash.of(seed, 78, i));
    double level = 7.4 * Math.exp(z * (z < 0 ? 0.45 : 0.85));
    double u1 = Hash.uniform(Hash.of(seed, 79, i));
    double u2 = Hash.uniform(Hash.of(seed, 80, i));
    double u3 = Hash.uniform(Hash.of(seed, 81, i));
    double u4 = Hash.uniform(Hash.of(seed, 82, i));
    double u5 = Hash.uniform(Hash.of(seed, 83, i));
    return Workload.percent(Math.min(level, 85))
        .withDiurnal(0.05 + 0.45 * u1, (int) (u2 * 24))
        .withWeekendDip(0.4 * u3)
        .withNoise(0.05 + 0.2 * u4, 0.15 + 0.45 * u4, 0.2 + 0.5 * u5)
        .withBursts(3 * u5, 0.5 + 2.5 * u2)
        .withTrend(-0.1 + 0.4 * u3);
  }

  static List<MetricSpec> specs(Resource r) {
    Map<String, String> dims = Map.of("AutoScalingGroupName", r.id());
    List<MetricSpec> specs = new ArrayList<>(METRICS.size());
    for (int m = 0; m < METRICS.size(); m++) {
      List<String> window = m == 0 ? List.of("p95", "Average", "Maximum") : List.of("Average", "Maximum");
      specs.add(MetricSpec.of(METRICS.get(m), BlueprintFleets.EC2, METRICS.get(m), dims, window, List.of("Average")));
    }
    return specs;
  }
}
