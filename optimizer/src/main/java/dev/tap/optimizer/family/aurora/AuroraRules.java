package dev.tap.optimizer.family.aurora;

import static dev.tap.optimizer.model.ConfigKeys.BACKUP_RETENTION_DAYS;
import static dev.tap.optimizer.model.ConfigKeys.ENGINE;
import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_CLASS;
import static dev.tap.optimizer.model.ConfigKeys.READERS;
import static dev.tap.optimizer.model.ConfigKeys.READER_CLASS;
import static dev.tap.optimizer.model.ConfigKeys.SECONDARY_REGIONS;

import dev.tap.optimizer.family.DbClasses;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Action.Risk;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.rules.FamilyRules;
import dev.tap.optimizer.rules.Load;
import dev.tap.optimizer.rules.NMinusOne;
import dev.tap.optimizer.rules.Observed;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import dev.tap.optimizer.rules.Sizes;
import dev.tap.optimizer.rules.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Aurora clusters (SPEC O3 trading, O4 saas phase 3), in the order they apply: secondary regions
 * removed when they serve no reads, one reader fewer when replica lag and the read share are low,
 * the writer class down when CPU and connections stay low, backup retention shortened.
 */
public final class AuroraRules implements FamilyRules {
  public static final String CPU = AuroraMetrics.WRITER_CPU;
  public static final String READER_CPU = AuroraMetrics.READER_CPU;
  public static final String CONNECTIONS = AuroraMetrics.CONNECTIONS;
  public static final String REPLICA_LAG = AuroraMetrics.REPLICA_LAG;
  public static final String READ_IOPS = AuroraMetrics.READ_IOPS;
  public static final String WRITE_IOPS = AuroraMetrics.WRITE_IOPS;
  /** Reads served in a secondary region (its cluster's ReadIOPS, read there); without it the region is kept. */
  public static final String SECONDARY_READS = "ReadIOPS.secondary";

  @Override
  public RuleResult evaluate(Resource r, ResourceMetrics m, Policy policy) {
    Policy.Aurora p = policy.aurora();
    Observed o = new Observed(m);
    RuleResult.Builder out = new RuleResult.Builder();
    String cpuKey = o.hourlyKey(CPU, "Maximum", "Average");

    secondaryRegions(r, o, p, out);
    readers(r, o, p, o.hourlyKey(READER_CPU, "Maximum", "Average"), cpuKey, policy.backtest().maxUtilisationPct(), out);
    writerClass(r, o, p, cpuKey, policy.backtest().maxUtilisationPct(), out);
    backupRetention(r, p, out);
    return out.build();
  }

  /**
   * Each secondary region whose cluster serves no reads is proposed for removal; a region that
   * serves reads, or whose reads are unknown, is kept (TAP removes a region only when it can show
   * it is idle).
   */
  private void secondaryRegions(Resource r, Observed o, Policy.Aurora p, RuleResult.Builder out) {
    String regions = r.config().getOrDefault(SECONDARY_REGIONS, "");
    if (!p.removeSecondaryRegions() || regions.isBlank()) return;
    List<String> idle = new ArrayList<>();
    List<String> keep = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<Evidence> evidence = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (String region : regions.split(",")) {
      String key = secondaryReads(region.trim());
      Optional<WindowValue> reads = o.window(key, "Maximum", "p95");
      if (reads.isEmpty()) {
        unknown.add(region);
        keep.add(region);
        continue;
      }
      Evidence e = o.evidence(reads.get(), 1, "<", p.secondaryReadsMaxPerSecond(), " reads/s");
      if (e.holds()) {
        idle.add(region);
        evidence.add(e);
        keys.add(WindowValue.key(key, reads.get().stat()));
      } else {
        keep.add(region);
      }
    }
    if (!unknown.isEmpty()) {
      out.find(Finding.warning(r, "secondary regions not evaluated", "no " + SECONDARY_READS + " metric for the secondary regions "
          + String.join(",", unknown) + ": TAP removes a region only when it can show the region serves no reads", List.of()));
    }
    if (idle.isEmpty()) return;
    out.propose(new Proposal(r, AuroraFamily.DB_REMOVE_SECONDARY_REGION, Map.of(SECONDARY_REGIONS, regions), Map.of(SECONDARY_REGIONS, String.join(",", keep)),
        List.of(), keys, evidence, Risk.HIGH,
        (idle.size() == 1 ? "the secondary region " + idle.get(0) + " serves" : "the secondary regions " + String.join(",", idle) + " serve")
            + " no reads" + (keep.isEmpty() ? "" : " (" + String.join(",", keep) + " kept)")
            + "; removing them gives up cross-region disaster recovery there (RPO/RTO of a region loss)"));
  }

  /** The reads a secondary region's cluster serves ({@code ReadIOPS.secondary@us-west-2}). */
  public static String secondaryReads(String region) {
    return AuroraMetrics.secondaryReads(region);
  }

  private void readers(Resource r, Observed o, Policy.Aurora p, String cpuKey, String writerKey, double ceiling, RuleResult.Builder out) {
    int readers = Integer.parseInt(r.config().getOrDefault(READERS, "0"));
    if (readers <= p.minReaders() || p.readIopsShareMaxPct() <= 0) return;
    Optional<WindowValue> lag = o.window(REPLICA_LAG, "Maximum", "p99", "p95");
    Optional<WindowValue> reads = o.window(READ_IOPS, "Average");
    Optional<WindowValue> writes = o.window(WRITE_IOPS, "Average");
    if (lag.isEmpty() || reads.isEmpty() || writes.isEmpty()) {
      out.find(Finding.warning(r, "reader count not evaluated", "needs " + REPLICA_LAG + ", " + READ_IOPS + " and " + WRITE_IOPS, List.of()));
      return;
    }
    double total = reads.get().value() + writes.get().value();
    double share = total <= 0 ? 0 : 100 * reads.get().value() / total;
    Evidence lagE = o.evidence(lag.get(), 1, "<", p.replicaLagMaxMs(), " ms");
    Evidence shareE = o.derived(READ_IOPS + " / (" + READ_IOPS + " + " + WRITE_IOPS + ")", "Average over the window", share, "<", p.readIopsShareMaxPct(), " %");
    if (!lagE.holds() || !shareE.holds()) return;
    int after = readers - 1;
    Evidence n1 = readerNMinusOne(r, o, cpuKey, writerKey, readers, after, ceiling);
    if (n1 != null && !n1.holds()) {
      out.find(Finding.info(r, "reader count held back", "one reader fewer would not carry the peak reads after losing a reader or AZ (N-1)",
          List.of(lagE, shareE, n1)));
      return;
    }
    List<Load> loads = cpuKey == null ? List.of() : List.of(Load.percent(cpuKey, "reader CPU (reads spread over " + after + " readers)", (double) readers / after));
    out.propose(new Proposal(r, AuroraFamily.DB_REMOVE_READER, Map.of(READERS, String.valueOf(readers)), Map.of(READERS, String.valueOf(after)),
        loads, cpuKey == null ? List.of() : List.of(cpuKey), n1 == null ? List.of(lagE, shareE) : List.of(lagE, shareE, n1), Risk.MEDIUM,
        String.format(Locale.ROOT, "reads are %.1f %% of IOPS and replica lag stays below %.0f ms: %d readers carry the read load", share, p.replicaLagMaxMs(), after)));
  }

  /**
   * N-1 for the readers left: the peak reader CPU of all readers' reads, spread over the readers that
   * survive the loss of one reader or AZ; with none left the reader endpoint falls back to the writer,
   * which then carries its own peak as well (same class assumed). Null when reader CPU is not fetched.
   */
  static Evidence readerNMinusOne(Resource r, Observed o, String cpuKey, String writerKey, int readers, int after, double ceiling) {
    if (cpuKey == null) return null;
    double readLoad = Stats.max(o.hourly(cpuKey)) * readers; // in units of one instance's CPU %
    int left = after - NMinusOne.lost(after);
    if (left > 0) {
      return o.derived(READER_CPU + " peak after losing " + NMinusOne.lost(after) + " of " + after + " readers (N-1)",
          String.format(Locale.ROOT, "Maximum of the hourly series x %d/%d", readers, left), readLoad / left, "<=", ceiling, " %");
    }
    double writerPeak = writerKey == null ? 0 : Stats.max(o.hourly(writerKey));
    return o.derived(READER_CPU + " + " + CPU + " peak on the writer after losing the last reader (N-1)",
        String.format(Locale.ROOT, "Maximum of the hourly series x %d + writer Maximum", readers), readLoad + writerPeak, "<=", ceiling, " %");
  }

  private void writerClass(Resource r, Observed o, Policy.Aurora p, String cpuKey, double ceiling, RuleResult.Builder out) {
    String current = r.config(INSTANCE_CLASS);
    Optional<WindowValue> cpu = o.window(CPU, "p95");
    Optional<WindowValue> conns = o.window(CONNECTIONS, "p95", "Maximum");
    if (cpu.isEmpty() || conns.isEmpty()) {
      out.find(Finding.warning(r, "instance class not evaluated", "needs " + CPU + " p95 and " + CONNECTIONS + " over the window", List.of()));
      return;
    }
    Evidence cpuE = o.evidence(cpu.get(), 1, "<", p.cpuP95MaxPct(), " %");
    Evidence connE = o.evidence(conns.get(), 1, "<", p.connectionsP95Max(), "");
    if (!cpuE.holds() || !connE.holds()) return;
    boolean wholeCluster = p.targetWriterClass().isBlank();
    Optional<String> target = wholeCluster ? Sizes.oneDown(current) : Optional.of(p.targetWriterClass());
    if (target.isEmpty() || Sizes.units(target.get()) >= Sizes.units(current)) return;
    // The smaller class must still hold the working set and accept the peak connections.
    List<String> missing = new ArrayList<>();
    List<Evidence> fit = DbClasses.afterChange(o, r.config().get(ENGINE), current, target.get(), AuroraMetrics.FREEABLE_MEMORY, CONNECTIONS,
        p.freeableMemoryMinPct(), ceiling, missing);
    if (!fit.stream().allMatch(Evidence::holds)) {
      List<Evidence> all = new ArrayList<>(List.of(cpuE, connE));
      all.addAll(fit);
      out.find(Finding.info(r, "instance class held back", "CPU allows " + target.get() + ", but its memory or connection limit does not", all));
      return;
    }
    if (!missing.isEmpty()) {
      out.find(Finding.warning(r, "instance class change not checked against memory or connections", "needs " + String.join(" and ", missing), List.of()));
    }
    double factor = Sizes.loadFactor(current, target.get());
    Map<String, String> before = new java.util.TreeMap<>(Map.of(INSTANCE_CLASS, current));
    Map<String, String> after = new java.util.TreeMap<>(Map.of(INSTANCE_CLASS, target.get()));
    String readerClass = r.config().get(READER_CLASS);
    if (wholeCluster && readerClass != null && readerClass.equals(current)) {
      before.put(READER_CLASS, readerClass);
      after.put(READER_CLASS, target.get());
    }
    List<Load> loads = cpuKey == null ? List.of() : List.of(Load.percent(cpuKey, "writer CPU", factor));
    out.propose(new Proposal(r, AuroraFamily.DB_INSTANCE_CLASS, before, after, loads, cpuKey == null ? List.of() : List.of(cpuKey),
        concat(List.of(cpuE, connE), fit), Risk.HIGH,
        String.format(Locale.ROOT, "CPU p95 %.1f %% and %.0f connections p95: %s has %.0fx the capacity needed; %s %s",
            cpu.get().value(), conns.get().value(), current, factor, wholeCluster ? "cluster to" : "writer to", target.get())));
  }

  private static List<Evidence> concat(List<Evidence> a, List<Evidence> b) {
    List<Evidence> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private void backupRetention(Resource r, Policy.Aurora p, RuleResult.Builder out) {
    String days = r.config().get(BACKUP_RETENTION_DAYS);
    if (days == null || Integer.parseInt(days) <= p.targetBackupRetentionDays()) return;
    Evidence e = new Evidence(BACKUP_RETENTION_DAYS, "configuration", 0, Integer.parseInt(days), ">", p.targetBackupRetentionDays(), " days");
    out.propose(new Proposal(r, AuroraFamily.DB_BACKUP_RETENTION, Map.of(BACKUP_RETENTION_DAYS, days),
        Map.of(BACKUP_RETENTION_DAYS, String.valueOf(p.targetBackupRetentionDays())), List.of(), List.of(), List.of(e), Risk.LOW,
        "point-in-time recovery window shortened from " + days + " to " + p.targetBackupRetentionDays() + " days (RPO unchanged, oldest restore point nearer)"));
  }
}
