package dev.tap.optimizer.sim;

import static dev.tap.optimizer.family.ebs.EbsFamily.ATTACHED_TO;
import static dev.tap.optimizer.family.ebs.EbsFamily.CREATED;
import static dev.tap.optimizer.family.ebs.EbsFamily.IOPS;
import static dev.tap.optimizer.family.ebs.EbsFamily.SIZE_GIB;
import static dev.tap.optimizer.family.ebs.EbsFamily.THROUGHPUT;
import static dev.tap.optimizer.family.ebs.EbsFamily.VOLUME_TYPE;

import dev.tap.optimizer.family.ebs.EbsFamily;
import dev.tap.optimizer.family.ebs.VolumePerformance;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EBS volumes of the simulated accounts, outside what any blueprint's outputs name (so only
 * {@code --discover} lists them): gp2 volumes of the instances the platform teams run by hand, an
 * io1 volume provisioned far above its busiest minute, and an unattached volume left over months
 * ago. Each attached volume publishes AWS/EBS per minute: operations and bytes, and a queue length
 * that grows as the operations approach what the configuration delivers (Little's law).
 */
final class SimVolumes {
  private SimVolumes() {}

  static final String EBS = "AWS/EBS";
  /** Average I/O size of the simulated volumes. */
  static final double BYTES_PER_OP = 16 * 1024;

  /** One volume: its id, configuration, the instance it is attached to (null: none), age, and operations per second at the base of the day. */
  private record Spec(String id, String type, int sizeGib, Integer iops, Integer mibps, String instance, int ageDays, double opsPerSecond, double writeShare) {}

  static void build(SimBlueprint b, FleetBuilder f, String env) {
    List<Spec> specs = switch (b) {
      case TRADING -> List.of(
          new Spec("vol-0a7e1c0000000tr01", "gp2", 500, 1500, null, "i-0c1a2b3c4d5e6f701", 400, 220, 0.4),
          new Spec("vol-0a7e1c0000000tr02", "gp2", 100, 300, null, "i-0c1a2b3c4d5e6f702", 400, 40, 0.6),
          new Spec("vol-0a7e1c0000000tr03", "io1", 1000, 32_000, null, "i-0c1a2b3c4d5e6f703", 300, 1400, 0.5),
          new Spec("vol-0a7e1c0000000tr04", "gp2", 200, 600, null, null, 150, 0, 0));
      case SAAS -> List.of(
          new Spec("vol-0a7e1c0000000sa01", "gp2", 250, 750, null, "i-0c1a2b3c4d5e6f711", 500, 120, 0.5),
          new Spec("vol-0a7e1c0000000sa02", "gp3", 300, 3000, 125, "i-0c1a2b3c4d5e6f712", 200, 300, 0.5),
          new Spec("vol-0a7e1c0000000sa03", "gp2", 80, 240, null, null, 60, 0, 0));
      case STAGING -> List.of(
          new Spec("vol-0a7e1c0000000st01", "gp2", 100, 300, null, "i-0c1a2b3c4d5e6f721", 250, 25, 0.5),
          new Spec("vol-0a7e1c0000000st02", "gp2", 50, 150, null, null, 30, 0, 0));
    };
    String region = b.region;
    Instant origin = Instant.ofEpochSecond(f.originHour * 3600);
    for (Spec s : specs) {
      Map<String, String> config = new LinkedHashMap<>();
      config.put(VOLUME_TYPE, s.type);
      config.put(SIZE_GIB, String.valueOf(s.sizeGib));
      if (s.iops != null) config.put(IOPS, String.valueOf(s.iops));
      if (s.mibps != null) config.put(THROUGHPUT, String.valueOf(s.mibps));
      if (s.instance != null) config.put(ATTACHED_TO, s.instance);
      // ages count back from the end of the 90-day history
      config.put(CREATED, origin.plus(SimAccount.HISTORY).minus(Duration.ofDays(s.ageDays)).toString());
      SimResource r = f.addOutsideOutputs(s.id, EbsFamily.EBS, region, "arn:aws:ec2:" + region + ":" + FleetBuilder.ACCOUNT + ":volume/" + s.id, config,
          FleetBuilder.tags(env, "Name", b.id() + "-" + (s.instance == null ? "scratch" : "data")));
      if (s.instance != null) metrics(f, r, s);
    }
  }

  private static void metrics(FleetBuilder f, SimResource r, Spec s) {
    Map<String, String> dims = Map.of("VolumeId", r.id());
    Workload shape = Workload.count(s.opsPerSecond * 60).withDiurnal(0.5, 14).withWeekendDip(0.5).withBursts(2, 1.5);
    BaseSeries reads = f.base(r, EBS, "VolumeReadOps", dims, shape.withBase(s.opsPerSecond * 60 * (1 - s.writeShare)), FleetBuilder::one, 0);
    BaseSeries writes = f.base(r, EBS, "VolumeWriteOps", dims, shape.withBase(s.opsPerSecond * 60 * s.writeShare), FleetBuilder::one, 0);
    f.derived(r, EBS, "VolumeReadBytes", dims, List.of(reads), (v, c, stat) -> v[0] * BYTES_PER_OP, 0);
    f.derived(r, EBS, "VolumeWriteBytes", dims, List.of(writes), (v, c, stat) -> v[0] * BYTES_PER_OP, 0);
    // queue = arrivals x time in the volume; service time 0.5 ms (io1/io2) or 1 ms, stretched as the load nears what the volume delivers
    f.derived(r, EBS, "VolumeQueueLength", dims, List.of(reads, writes), (v, c, stat) -> {
      double perSecond = (v[0] + v[1]) / 60;
      double rho = Math.min(0.98, perSecond / deliveredIops(c));
      double serviceSeconds = c.get(VOLUME_TYPE).startsWith("io") ? 0.0005 : 0.001;
      return perSecond * serviceSeconds / (1 - rho);
    }, 0);
  }

  /** What a configuration sustains: provisioned IOPS, or gp2's baseline (its burst credits run out under sustained load). */
  static double deliveredIops(Map<String, String> c) {
    String type = c.get(VOLUME_TYPE);
    if (type.equals("gp2")) return VolumePerformance.gp2BaselineIops(Integer.parseInt(c.get(SIZE_GIB)));
    return Double.parseDouble(c.get(IOPS));
  }
}
