package dev.tap.optimizer.family.ebs;

import static dev.tap.optimizer.family.ebs.EbsFamily.ATTACHED_TO;
import static dev.tap.optimizer.family.ebs.EbsFamily.CREATED;
import static dev.tap.optimizer.family.ebs.EbsFamily.IOPS;
import static dev.tap.optimizer.family.ebs.EbsFamily.SIZE_GIB;
import static dev.tap.optimizer.family.ebs.EbsFamily.THROUGHPUT;
import static dev.tap.optimizer.family.ebs.EbsFamily.VOLUME_TYPE;

import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Action.Risk;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.rules.FamilyRules;
import dev.tap.optimizer.rules.Load;
import dev.tap.optimizer.rules.Observed;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * EBS volumes (issue 13): gp2 to gp3 at the same or better baseline IOPS and throughput; io1 and
 * io2 whose provisioned IOPS stay far above the busiest minute to fewer IOPS (io1 to gp3 when gp3
 * can carry it; io2 stays io2, chosen for its durability); unattached volumes older than the
 * policy's age reported with their monthly cost, never deleted.
 */
public final class EbsRules implements FamilyRules {
  public static final String IOPS_PEAK_MAX_PCT = "ebs.iopsPeakMaxPct";
  public static final String IOPS_HEADROOM_PCT = "ebs.iopsHeadroomPct";
  public static final String UNATTACHED_MIN_DAYS = "ebs.unattachedMinDays";
  static final double MIB = 1024.0 * 1024;

  @Override
  public RuleResult evaluate(Resource r, ResourceMetrics m, Policy policy) {
    if (!attached(r)) return RuleResult.none();
    Observed o = new Observed(m);
    return switch (r.config(VOLUME_TYPE)) {
      case "gp2" -> gp2(r, o);
      case "io1", "io2" -> provisioned(r, o, policy.number(IOPS_PEAK_MAX_PCT), policy.number(IOPS_HEADROOM_PCT));
      default -> RuleResult.none();
    };
  }

  public static boolean attached(Resource r) {
    String a = r.config().get(ATTACHED_TO);
    return a != null && !a.isBlank();
  }

  /** The busiest minute's read plus write operations per second (the sum of the two maxima errs on the safe side). */
  static Optional<Double> peakIops(Observed o) {
    Optional<WindowValue> reads = o.window(EbsMetrics.READ_OPS, "Maximum");
    Optional<WindowValue> writes = o.window(EbsMetrics.WRITE_OPS, "Maximum");
    if (reads.isEmpty() && writes.isEmpty()) return Optional.empty();
    return Optional.of((reads.map(WindowValue::value).orElse(0.0) + writes.map(WindowValue::value).orElse(0.0)) / 60);
  }

  /** The busiest minute's read plus write MiB per second, or 0 when the volume publishes no byte counts. */
  static double peakMibps(Observed o) {
    double bytes = o.window(EbsMetrics.READ_BYTES, "Maximum").map(WindowValue::value).orElse(0.0)
        + o.window(EbsMetrics.WRITE_BYTES, "Maximum").map(WindowValue::value).orElse(0.0);
    return bytes / 60 / MIB;
  }

  static List<String> coverage(Observed o) {
    List<String> keys = new ArrayList<>();
    for (String metric : List.of(EbsMetrics.READ_OPS, EbsMetrics.WRITE_OPS)) {
      String k = o.hourlyKey(metric, "Sum");
      if (k != null) keys.add(k);
    }
    return keys;
  }

  /** gp2 to gp3: at least gp2's peak IOPS (its burst below 1,000 GiB) and its throughput, which gp3 gives for less. */
  static RuleResult gp2(Resource r, Observed o) {
    int size = r.configInt(SIZE_GIB);
    int gp2Iops = VolumePerformance.gp2PeakIops(size);
    int gp2Mibps = VolumePerformance.gp2ThroughputMibps(size);
    int iops = VolumePerformance.gp3Iops(gp2Iops);
    int mibps = Math.min(VolumePerformance.gp3Throughput(gp2Mibps), VolumePerformance.gp3MaxThroughput(iops));
    List<Evidence> ev = new ArrayList<>();
    ev.add(o.derived("gp3 IOPS vs gp2 " + (size < VolumePerformance.GP2_BURST_BELOW_GIB ? "burst" : "baseline") + " IOPS of " + size + " GiB",
        "volume type specification", iops, ">=", gp2Iops, " IOPS"));
    ev.add(o.derived("gp3 throughput vs gp2 throughput of " + size + " GiB", "volume type specification", mibps, ">=", gp2Mibps, " MiB/s"));
    Optional<Evidence> measured = peakIops(o).map(p -> o.derived("VolumeReadOps + VolumeWriteOps per second", "busiest minute over the window", p, "<=",
        iops, " IOPS"));
    measured.ifPresent(ev::add);
    if (ev.stream().anyMatch(e -> !e.holds())) return RuleResult.none();
    // the specification comparisons hold by construction (margin 0): the confidence rests on what was measured
    if (measured.isPresent()) ev = List.of(measured.get());
    // gp2's IOPS follow from its size (AWS reports them, nobody sets them): the before-state is its type alone
    Map<String, String> before = Map.of(VOLUME_TYPE, "gp2");
    Map<String, String> after = Map.of(VOLUME_TYPE, "gp3", IOPS, String.valueOf(iops), THROUGHPUT, String.valueOf(mibps));
    // replayed like fewer IOPS: gp3's IOPS are never below gp2's peak, so the replay shows the headroom the volume keeps
    List<Load> loads = iopsLoad(o, gp2Iops, iops).map(List::of).orElse(List.of());
    return new RuleResult(List.of(new Proposal(r, EbsFamily.EBS_MODIFY_VOLUME, before, after, loads, coverage(o), ev, Risk.LOW,
        String.format(Locale.ROOT, "gp2 %d GiB to gp3 at %d IOPS and %d MiB/s (gp2 gives %d IOPS and %d MiB/s): ModifyVolume, online",
            size, iops, mibps, gp2Iops, gp2Mibps))), List.of());
  }

  /** io1/io2 whose busiest minute uses less than {@code peakMaxPct} of the provisioned IOPS: fewer IOPS, with headroom. */
  static RuleResult provisioned(Resource r, Observed o, double peakMaxPct, double headroomPct) {
    String type = r.config(VOLUME_TYPE);
    int size = r.configInt(SIZE_GIB);
    int provisioned = r.configInt(IOPS);
    Optional<Double> peak = peakIops(o);
    if (peak.isEmpty()) {
      return new RuleResult(List.of(), List.of(Finding.warning(r, "provisioned IOPS not evaluated",
          "needs " + EbsMetrics.READ_OPS + " or " + EbsMetrics.WRITE_OPS + " Maximum over the window", List.of())));
    }
    double pct = peak.get() / provisioned * 100;
    Evidence use = o.derived("busiest minute's IOPS / provisioned " + provisioned + " IOPS", "Maximum over the window", pct, "<", peakMaxPct, " %");
    if (!use.holds()) return RuleResult.none();
    double factor = 1 + headroomPct / 100;
    int needIops = (int) (Math.ceil(peak.get() * factor / 100) * 100);
    int needMibps = (int) Math.ceil(peakMibps(o) * factor);
    Map<String, String> after = new LinkedHashMap<>();
    String how;
    if (type.equals("io1") && needIops <= VolumePerformance.gp3MaxIops(size) && needMibps <= VolumePerformance.GP3_MAX_MIBPS) {
      int iops = Math.max(VolumePerformance.gp3Iops(needIops), (int) Math.ceil(needMibps / 0.25 / 100) * 100);
      iops = Math.min(iops, VolumePerformance.gp3MaxIops(size));
      int mibps = Math.min(VolumePerformance.gp3Throughput(needMibps), VolumePerformance.gp3MaxThroughput(iops));
      after.put(VOLUME_TYPE, "gp3");
      after.put(IOPS, String.valueOf(iops));
      after.put(THROUGHPUT, String.valueOf(mibps));
      how = String.format(Locale.ROOT, "io1 to gp3 at %d IOPS and %d MiB/s", iops, mibps);
    } else {
      int iops = Math.max(100, needIops);
      if (iops >= provisioned) return RuleResult.none();
      after.put(IOPS, String.valueOf(iops));
      how = String.format(Locale.ROOT, "%s kept (%s), %d to %d provisioned IOPS", type,
          type.equals("io2") ? "chosen for its durability" : "gp3 cannot carry it", provisioned, iops);
    }
    Map<String, String> before = new LinkedHashMap<>();
    before.put(VOLUME_TYPE, type);
    before.put(IOPS, String.valueOf(provisioned));
    Optional.ofNullable(EbsFamily.value(r.config(), THROUGHPUT)).ifPresent(v -> before.put(THROUGHPUT, v));
    List<Load> loads = iopsLoad(o, provisioned, Integer.parseInt(after.get(IOPS))).map(List::of).orElse(List.of());
    return new RuleResult(List.of(new Proposal(r, EbsFamily.EBS_MODIFY_VOLUME, before, after, loads, coverage(o), List.of(use), Risk.MEDIUM,
        String.format(Locale.ROOT, "busiest minute %.0f IOPS (%.1f %% of %d provisioned): %s, %.0f %% headroom over the busiest minute; ModifyVolume, online",
            peak.get(), pct, provisioned, how, headroomPct))), List.of());
  }

  /**
   * The replay of fewer IOPS: each hour's busiest minute of reads plus that of writes (operations per
   * minute, the hourly Maximum; their sum errs on the safe side as {@link #peakIops} does) against
   * the IOPS limit before and after, both per minute. The backtest then counts the hours that would
   * run above the utilisation ceiling and those at or above the new limit (throttled: EBS queues
   * what exceeds provisioned IOPS). Empty when neither hourly Maximum was fetched.
   */
  static Optional<Load> iopsLoad(Observed o, int iopsBefore, int iopsAfter) {
    String reads = o.hourlyKey(EbsMetrics.READ_OPS, "Maximum");
    String writes = o.hourlyKey(EbsMetrics.WRITE_OPS, "Maximum");
    String key = reads == null ? writes : writes == null ? reads : reads + ResourceMetrics.SUM + writes;
    if (key == null) return Optional.empty();
    return Optional.of(Load.againstLimit(key, "busiest minute's IOPS vs provisioned IOPS", iopsBefore * 60.0, iopsAfter * 60.0));
  }

  /**
   * An unattached volume older than {@code ebs.unattachedMinDays} at {@code asOf}: a finding with
   * its monthly cost ({@code monthlyUsd}, NaN when not priced). TAP never deletes a volume.
   */
  public static List<Finding> unattached(Resource r, Instant asOf, double minDays, double monthlyUsd) {
    if (attached(r) || r.config().get(CREATED) == null) return List.of();
    double days = Duration.between(Instant.parse(r.config(CREATED)), asOf).toHours() / 24.0;
    Evidence age = new Evidence("days since the volume was created, unattached", "at the analysis", 0, Math.floor(days), ">=", minDays, " days");
    if (!age.holds()) return List.of();
    String cost = Double.isNaN(monthlyUsd) ? "its cost is not priced" : String.format(Locale.ROOT, "it costs %.2f USD a month", monthlyUsd);
    return List.of(Finding.warning(r, "unattached volume", String.format(Locale.ROOT,
        "%s %s GiB, attached to nothing, created %.0f days ago: %s. Snapshot and delete it if nobody needs it; TAP never deletes volumes.",
        r.config(VOLUME_TYPE), r.config(SIZE_GIB), Math.floor(days), cost), List.of(age)));
  }
}
