package dev.tap.optimizer.sim;

import static dev.tap.optimizer.model.ConfigKeys.ARCHITECTURE;
import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;
import static dev.tap.optimizer.model.ConfigKeys.PLATFORM;

import dev.tap.optimizer.family.ec2.Ec2Family;
import dev.tap.optimizer.family.ec2.Ec2Metrics;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import java.util.List;
import java.util.Map;

/**
 * The standalone EC2 instances of a simulated account (issue 13): instances no blueprint created,
 * one of each kind TAP must size — memory-bound, CPU-bound (under-provisioned), idle,
 * memory-starved, and a previous-generation one without the CloudWatch agent. CPU shapes are drawn
 * from the ranges {@link BenchFleet} calibrated against the Azure and PlanetLab traces
 * ({@link #cpuShape}); levels are set per role (see docs/simulation.md). CPU is demand over the type's vCPUs and memory in use over its GiB, so both
 * follow a type change; network and EBS bytes are demand and do not.
 */
final class StandaloneInstances {
  private StandaloneInstances() {}

  /**
   * One role: type, CPU mean % of today's vCPUs, memory in use % of today's GiB (negative: no
   * agent), network and EBS bytes per minute (in + out, read + write).
   */
  record Role(String name, String type, double cpuPct, double memoryPct, double networkBytesPerMinute, double ebsBytesPerMinute) {}

  static final List<Role> ROLES = List.of(
      new Role("reporting", "m5.2xlarge", 4, 68, 2.0e8, 1.5e8),     // memory-bound: 22 GiB in use, CPU idle
      new Role("batch", "c5.2xlarge", 58, 35, 6.0e8, 4.0e8),        // CPU-bound: peaks past 90 % of its vCPUs
      new Role("bastion", "m5.xlarge", 1.5, 14, 4.0e6, 2.0e6),      // idle
      new Role("etl", "m6i.large", 12, 91, 1.0e8, 1.5e8),           // memory-starved: under-provisioned on memory
      new Role("legacy-api", "m4.xlarge", 11, -1, 1.2e8, 6.0e7));   // previous generation, no CloudWatch agent

  static void build(FleetBuilder f, String region, String env) {
    for (int i = 0; i < ROLES.size(); i++) {
      Role role = ROLES.get(i);
      String id = String.format("i-0%s%04d%s", env.equals("dev") ? "d" : "e", i, Long.toHexString(Hash.of(f.seed, 91, i)).substring(0, 11));
      add(f, region, env, id, role, cpuShape(f.seed, i).withBase(role.cpuPct()), 40 + 5 * i);
    }
  }

  /** The instance types of the {@link #fleet}: current and previous generation, general purpose, compute and memory optimised. */
  static final List<String> FLEET_TYPES = List.of("m5.large", "m5.xlarge", "m5.2xlarge", "m5.4xlarge", "c5.xlarge", "c5.2xlarge", "r5.large",
      "r5.xlarge", "r5.2xlarge", "m6i.large", "m6i.xlarge", "m6i.2xlarge", "c6i.xlarge", "c6i.2xlarge", "m4.xlarge", "m4.2xlarge");

  /**
   * {@code n} standalone instances for the sizing score (bench {@code SizingScoreBench}): the five
   * kinds of {@link #ROLES} in stated shares, each instance's CPU level and shape drawn like the
   * calibrated benchmark fleet's, its memory level from its kind's range (docs/simulation.md).
   */
  static void fleet(FleetBuilder f, int n, String region, String env) {
    for (int i = 0; i < n; i++) {
      FleetMember m = fleetMember(f.seed, i);
      String id = String.format("i-0f%06d%s", i, Long.toHexString(Hash.of(f.seed, 93, i)).substring(0, 9));
      Workload cpu = cpuShape(f.seed, 1000 + i).withBase(m.role().cpuPct());
      double perWeek = 0.5 + 1.5 * Hash.uniform(Hash.of(f.seed, 94, i));
      // bursts of an hour at several times the level: the traces' p99.9 is ~7x their mean (docs/simulation.md)
      double size = m.kind().equals("cpu-bound") ? 0.4 + 0.4 * Hash.uniform(Hash.of(f.seed, 95, i))
          : BURST_SIZE_MEDIAN * Math.exp(BURST_SIZE_SIGMA * Hash.gaussian(Hash.of(f.seed, 95, i)));
      cpu = cpu.withBursts(perWeek, size);
      add(f, region, env, id, m.role(), cpu, 30 + (i % 40));
    }
  }

  /** The fleet's burst size (an hour at 1 + size x U(0.5, 1.5) times the level): log-normal, calibrated on the traces' p99.9. */
  static final double BURST_SIZE_MEDIAN = 4.5;
  static final double BURST_SIZE_SIGMA = 0.7;

  /** One member of the {@link #fleet}: its kind and its role (type, CPU and memory levels, traffic). */
  record FleetMember(String kind, Role role) {}

  /**
   * Kinds and their shares: 50 % typical, 15 % idle, 12 % memory-bound, 10 % CPU-bound, 8 %
   * memory-starved, 5 % without the CloudWatch agent. Typical CPU levels are the benchmark fleet's
   * log-normal fitted to the Azure per-VM means (median 7.4 %); the other kinds' levels are ranges.
   */
  static FleetMember fleetMember(long seed, int i) {
    double k = Hash.uniform(Hash.of(seed, 96, i));
    double u = Hash.uniform(Hash.of(seed, 97, i));
    double v = Hash.uniform(Hash.of(seed, 98, i));
    String type = FLEET_TYPES.get((int) Long.remainderUnsigned(Hash.of(seed, 99, i), FLEET_TYPES.size()));
    double z = Hash.gaussian(Hash.of(seed, 78, 1000 + i));
    double typicalCpu = Math.min(7.4 * Math.exp(z * (z < 0 ? 0.45 : 0.85)), 60);
    String kind;
    double cpu;
    double memory;
    if (k < 0.50) {
      kind = "typical";
      cpu = typicalCpu;
      memory = 25 + 45 * u;
    } else if (k < 0.65) {
      kind = "idle";
      cpu = 0.5 + 2.5 * v;
      memory = 8 + 20 * u;
    } else if (k < 0.77) {
      kind = "memory-bound";
      cpu = Math.min(typicalCpu, 10);
      memory = 66 + 14 * u; // its maximum stays under 90 % (daily swing, trend): high, not starved
    } else if (k < 0.87) {
      kind = "cpu-bound";
      cpu = 45 + 25 * v;
      memory = 20 + 30 * u;
    } else if (k < 0.95) {
      kind = "memory-starved";
      cpu = typicalCpu;
      memory = 89 + 6 * u;
    } else {
      kind = "no-agent";
      cpu = typicalCpu;
      memory = -1;
    }
    double traffic = 1.0e7 * (1 + 20 * v);
    return new FleetMember(kind, new Role(kind, type, cpu, memory, traffic, traffic * 0.6));
  }

  private static void add(FleetBuilder f, String region, String env, String id, Role role, Workload cpu, double diskPct) {
    Ec2Catalogue catalogue = Ec2Catalogue.bundled();
    Ec2Catalogue.InstanceSpec spec = catalogue.spec(role.type()).orElseThrow();
    SimResource r = f.addOutsideOutputs(id, Ec2Family.EC2, region, BlueprintFleets.arn("ec2", region, "instance/" + id),
        BlueprintFleets.map(INSTANCE_TYPE, role.type(), ARCHITECTURE, spec.arch(), PLATFORM, "linux"),
        FleetBuilder.tags(env, "Name", "tap-" + env + "-" + role.name(), "ManagedBy", "hand"));
    Map<String, String> dims = Map.of("InstanceId", id);
    double vcpus = spec.vcpu();
    f.base(r, BlueprintFleets.EC2, Ec2Metrics.CPU, dims, cpu, c -> vcpus / vcpusOf(catalogue, c), 0);
    if (role.memoryPct() >= 0) {
      double gib = spec.memoryGib();
      f.base(r, Ec2Metrics.AGENT_NAMESPACE, Ec2Metrics.LINUX_MEMORY, dims, memory(role.memoryPct(), cpu.peakHourUtc()), c -> gib / memoryOf(catalogue, c), 0);
      f.base(r, Ec2Metrics.AGENT_NAMESPACE, Ec2Metrics.LINUX_DISK, Map.of("InstanceId", id, "path", "/"), Workload.flat(diskPct, 100), FleetBuilder::one, 0);
    }
    traffic(f, r, dims, cpu, Ec2Metrics.NETWORK_IN, role.networkBytesPerMinute() * 0.4);
    traffic(f, r, dims, cpu, Ec2Metrics.NETWORK_OUT, role.networkBytesPerMinute() * 0.6);
    traffic(f, r, dims, cpu, Ec2Metrics.EBS_READ_BYTES, role.ebsBytesPerMinute() * 0.5);
    traffic(f, r, dims, cpu, Ec2Metrics.EBS_WRITE_BYTES, role.ebsBytesPerMinute() * 0.5);
    traffic(f, r, dims, cpu, Ec2Metrics.EBS_READ_OPS, role.ebsBytesPerMinute() / 65_536);
    traffic(f, r, dims, cpu, Ec2Metrics.EBS_WRITE_OPS, role.ebsBytesPerMinute() / 65_536);
    f.base(r, BlueprintFleets.EC2, "StatusCheckFailed", dims, Workload.flat(0, 1), FleetBuilder::one, 0);
  }

  /** Memory in use barely moves with the hour: a small daily swing, slow growth. */
  static Workload memory(double pct, int peakHourUtc) {
    return Workload.percent(pct).withDiurnal(0.04, peakHourUtc).withWeekendDip(0).withNoise(0.01, 0.01, 0.02).withBursts(0, 0).withTrend(0.03);
  }

  /**
   * The CPU shape of instance {@code i}: {@link BenchFleet#cpuWorkload}'s calibrated ranges for the
   * daily cycle, weekend dip and trend, and the lower half of its noise and burst ranges (steady
   * services, not the batch-like upper tail of the traces).
   */
  static Workload cpuShape(long seed, int i) {
    Workload w = BenchFleet.cpuWorkload(seed, 1000 + i);
    double u = Hash.uniform(Hash.of(seed, 92, i));
    return w.withNoise(0.05 + 0.1 * u, 0.15 + 0.15 * u, 0.2 + 0.1 * u).withBursts(0.5 * u, 0.3 + 0.5 * u);
  }

  /** A byte or operation count following the CPU's shape (the same work drives both). */
  private static void traffic(FleetBuilder f, SimResource r, Map<String, String> dims, Workload cpu, String metric, double perMinute) {
    Workload w = Workload.count(perMinute).withDiurnal(cpu.diurnal(), cpu.peakHourUtc()).withWeekendDip(cpu.weekendDip())
        .withNoise(cpu.dayNoise(), cpu.hourNoise(), cpu.minuteSpread()).withBursts(cpu.burstsPerWeek(), cpu.burstSize());
    f.base(r, BlueprintFleets.EC2, metric, dims, w, FleetBuilder::one, 0);
  }

  static double vcpusOf(Ec2Catalogue catalogue, Map<String, String> c) {
    return catalogue.spec(c.get(INSTANCE_TYPE)).filter(Ec2Catalogue.InstanceSpec::hasSpecs).map(s -> (double) s.vcpu())
        .orElseGet(() -> Capacity.vcpus(c.get(INSTANCE_TYPE)));
  }

  static double memoryOf(Ec2Catalogue catalogue, Map<String, String> c) {
    return catalogue.spec(c.get(INSTANCE_TYPE)).filter(Ec2Catalogue.InstanceSpec::hasSpecs).map(Ec2Catalogue.InstanceSpec::memoryGib)
        .orElseThrow(() -> new IllegalArgumentException("no memory size for " + c.get(INSTANCE_TYPE) + " in the instance catalogue"));
  }
}
