package dev.tap.optimizer.family.aurora;

import static dev.tap.optimizer.family.ConfigValues.DAYS_PER_MONTH;
import static dev.tap.optimizer.family.ConfigValues.get;
import static dev.tap.optimizer.family.ConfigValues.i;
import static dev.tap.optimizer.family.RecoveryInputs.count;
import static dev.tap.optimizer.family.RecoveryInputs.listSize;
import static dev.tap.optimizer.family.RecoveryInputs.shown;
import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.AfterValues;
import dev.tap.optimizer.family.FamilyBase;
import dev.tap.optimizer.family.Objective;
import dev.tap.optimizer.family.Recovery;
import dev.tap.optimizer.family.RecoveryInputs;
import dev.tap.optimizer.family.RollbackScript;
import dev.tap.optimizer.family.Stage;
import dev.tap.optimizer.metrics.HealthSignal;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.pricing.CostModel;
import dev.tap.optimizer.pricing.CostUnavailable;
import dev.tap.optimizer.pricing.Deployment;
import dev.tap.optimizer.pricing.InstancePriceKey;
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.pricing.Service;
import dev.tap.optimizer.pricing.UnitRate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Aurora clusters (MySQL and PostgreSQL, global databases): instance class, readers, backups, secondary regions. */
public final class AuroraFamily extends FamilyBase {
  public static final Family AURORA = new Family("AURORA", "Aurora", "AWS/RDS");
  public static final ActionKind DB_INSTANCE_CLASS = new ActionKind("DB_INSTANCE_CLASS", AURORA);
  public static final ActionKind DB_REMOVE_READER = new ActionKind("DB_REMOVE_READER", AURORA);
  public static final ActionKind DB_BACKUP_RETENTION = new ActionKind("DB_BACKUP_RETENTION", AURORA);
  public static final ActionKind DB_REMOVE_SECONDARY_REGION = new ActionKind("DB_REMOVE_SECONDARY_REGION", AURORA);

  /** Aurora promotes a replica: typically under 60 s (Aurora User Guide, "High availability"). */
  static final Duration REPLICA_FAILOVER = Duration.ofSeconds(60);
  /** Aurora with no replica recreates the instance: typically under 10 minutes (Aurora FAQ). */
  static final Duration INSTANCE_RECREATE = Duration.ofMinutes(10);
  /** Global Database: replication lag typically under 1 s, managed failover about a minute. */
  static final Duration GLOBAL_LAG = Duration.ofSeconds(1);
  static final Duration GLOBAL_FAILOVER = Duration.ofMinutes(1);
  /** AWS bills storage per GB-month of 2^30 bytes. */
  static final double GIB = 1024.0 * 1024 * 1024;

  public AuroraFamily() {
    super(List.of(AURORA), List.of(DB_INSTANCE_CLASS, DB_REMOVE_READER, DB_BACKUP_RETENTION, DB_REMOVE_SECONDARY_REGION), AuroraMetrics::specs,
        new AuroraRules(), Stage.DATABASES, List.of(AuroraMetrics.WRITER_CPU, AuroraMetrics.READER_CPU));
  }

  @Override
  public double monthlyCost(Resource r, Map<String, String> c, ResourceMetrics m, CostModel model) {
    Service engine = engine(c);
    String writer = get(c, INSTANCE_CLASS);
    String reader = c.getOrDefault(READER_CLASS, writer);
    double cost = model.instancesMonthly(new InstancePriceKey(engine, writer, r.region(), Deployment.SINGLE_AZ, PurchaseOption.ON_DEMAND), 1)
        + model.instancesMonthly(new InstancePriceKey(engine, reader, r.region(), Deployment.SINGLE_AZ, PurchaseOption.ON_DEMAND), i(c, READERS));
    // The cluster volume, and a copy of it in every secondary region of a global database.
    String secondaries = c.getOrDefault(SECONDARY_REGIONS, "");
    double volumeGb = measured(r, m, AuroraMetrics.VOLUME_BYTES) / GIB;
    cost += model.auroraStorageMonthly(r.region(), volumeGb);
    for (String region : secondaries.isBlank() ? new String[0] : secondaries.split(",")) cost += model.auroraStorageMonthly(region.trim(), volumeGb);
    // Backup storage billed beyond the free allowance, taken to grow in proportion to the retention period.
    String currentDays = r.config().get(BACKUP_RETENTION_DAYS);
    double billedGb = measured(r, m, AuroraMetrics.BACKUP_BILLED) / GIB;
    double days = c.containsKey(BACKUP_RETENTION_DAYS) && currentDays != null
        ? Double.parseDouble(get(c, BACKUP_RETENTION_DAYS)) / Double.parseDouble(currentDays) : 1;
    cost += model.backupMonthly(UnitRate.AURORA_BACKUP_GB_MONTH, r.region(), billedGb * days, 0);
    // Every secondary region of a global database receives the primary's writes.
    if (!secondaries.isBlank()) {
      int regions = secondaries.split(",").length;
      double iosPerMonth = measured(r, m, AuroraMetrics.WRITE_IOPS) * DAYS_PER_MONTH * 86_400;
      cost += regions * model.auroraGlobalReplicationMonthly(r.region(), iosPerMonth);
    }
    return cost;
  }

  /** Storage and backup are billed by size, which CloudWatch measures: without it the cost is unknown, not zero. */
  private static double measured(Resource r, ResourceMetrics m, String metric) {
    return m.window(metric, "Average").map(WindowValue::value).orElseThrow(() -> new CostUnavailable(
        "Aurora cluster " + r.id() + ": " + metric + " Average was not fetched, so its storage or replication cost is unknown"));
  }

  @Override
  public Map<PurchaseOption, Double> monthlyByPurchaseOption(Resource r, Map<String, String> c, CostModel model) {
    boolean sameClass = c.getOrDefault(READER_CLASS, c.get(INSTANCE_CLASS)).equals(c.get(INSTANCE_CLASS));
    return sameClass ? model.monthlyByPurchaseOption(engine(c), get(c, INSTANCE_CLASS), r.region(), Deployment.SINGLE_AZ, 1 + i(c, READERS)) : Map.of();
  }

  static Service engine(Map<String, String> c) {
    String e = c.getOrDefault(ENGINE, "");
    if (e.equals("aurora-postgresql")) return Service.AURORA_POSTGRESQL;
    if (e.equals("aurora-mysql") || e.equals("aurora")) return Service.AURORA_MYSQL;
    throw new CostUnavailable("unknown Aurora engine '" + e + "'");
  }

  @Override
  public void rollback(RollbackScript s) {
    ActionKind k = s.action().kind();
    if (k.equals(DB_INSTANCE_CLASS)) instanceClass(s);
    else if (k.equals(DB_REMOVE_READER)) addReader(s);
    else if (k.equals(DB_BACKUP_RETENTION)) {
      s.command("aws rds modify-db-cluster --db-cluster-identifier " + s.id() + " --backup-retention-period " + s.need(BACKUP_RETENTION_DAYS)
          + " --apply-immediately" + s.region());
    } else if (k.equals(DB_REMOVE_SECONDARY_REGION)) addSecondary(s);
  }

  private static void instanceClass(RollbackScript s) {
    String cls = s.need(INSTANCE_CLASS);
    List<String> members = RollbackScript.list(s.value(MEMBER_IDS));
    if (members.isEmpty()) {
      s.note("The cluster's instance ids are not in the run records; list them with: aws rds describe-db-clusters --db-cluster-identifier "
          + s.id() + " --query 'DBClusters[0].DBClusterMembers[].DBInstanceIdentifier'" + s.region() + ".");
      return;
    }
    for (String m : members) s.command("aws rds modify-db-instance --db-instance-identifier " + m + " --db-instance-class " + cls + " --apply-immediately" + s.region());
  }

  private static void addReader(RollbackScript s) {
    List<String> gone = s.removed(MEMBER_IDS);
    String cls = s.value(READER_CLASS) != null ? s.value(READER_CLASS) : s.need(INSTANCE_CLASS);
    String engine = s.need(ENGINE);
    if (gone.isEmpty()) {
      int readersBefore = lenientCount(s.value(READERS));
      int readersAfter = lenientCount(s.action().after().get(READERS));
      List<String> named = new ArrayList<>();
      for (int i = readersAfter + 1; i <= readersBefore; i++) named.add(s.id() + "-reader-" + i);
      gone = named;
      s.note("The removed readers' ids were not recorded: the commands create new readers named after the cluster.");
    }
    for (String reader : gone) {
      s.command("aws rds create-db-instance --db-instance-identifier " + reader + " --db-cluster-identifier " + s.id()
          + " --db-instance-class " + cls + " --engine " + engine + s.region());
    }
  }

  private static int lenientCount(String v) {
    try {
      return v == null ? 0 : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void addSecondary(RollbackScript s) {
    String global = s.need(GLOBAL_CLUSTER_ID);
    String engine = s.need(ENGINE);
    String cls = s.need(INSTANCE_CLASS);
    List<String> gone = s.removed(SECONDARY_REGIONS);
    if (gone.isEmpty()) s.note("The removed secondary regions were not recorded in '" + SECONDARY_REGIONS + "'.");
    for (String r : gone) {
      String cluster = s.id() + "-" + r;
      s.command("aws rds create-db-cluster --db-cluster-identifier " + cluster + " --global-cluster-identifier " + global
          + " --engine " + engine + " --storage-encrypted --kms-key-id <KMS key of " + r + "> --region " + r);
      s.command("aws rds create-db-instance --db-instance-identifier " + cluster + "-1 --db-cluster-identifier " + cluster
          + " --db-instance-class " + cls + " --engine " + engine + " --region " + r);
    }
    if (!gone.isEmpty()) s.note("An encrypted secondary needs a KMS key in its own region; the copy of the data takes hours for a large cluster.");
  }

  @Override
  public Recovery recovery(Action a, RecoveryInputs in) {
    ActionKind k = a.kind();
    if (k.equals(DB_BACKUP_RETENTION)) return backupWindow(in);
    if (k.equals(DB_REMOVE_SECONDARY_REGION)) return regionFailure(in);
    return instanceFailure(in);
  }

  private static Objective rto(int readers) {
    return readers > 0 ? Objective.of(REPLICA_FAILOVER, "promote a reader") : Objective.of(INSTANCE_RECREATE, "recreate the writer");
  }

  private static Recovery instanceFailure(RecoveryInputs in) {
    int rb = count(in.before(), READERS);
    int ra = count(in.after(), READERS);
    Objective zero = new Objective(0L, "0 (shared storage, six copies over 3 AZs)");
    String reason = rb == ra
        ? "Readers stay at " + rb + ": " + (rb > 0 ? "a writer failure still fails over to a reader" : "a writer failure still waits for a new instance")
            + "; storage is shared, so no committed write is lost."
        : "Readers " + rb + " -> " + ra + ": " + (ra > 0 ? "a writer failure still fails over to a reader, with " + ra + " left to take reads meanwhile"
            : "no reader is left to promote, so a writer failure waits for a new instance") + "; storage is shared, so no committed write is lost.";
    if (rb < 0 || ra < 0) reason = "Reader count not recorded (" + READERS + "); figures assume readers as shown. " + reason;
    return in.result("writer instance failure", rto(Math.max(rb, 0)), rto(Math.max(ra, 0)), zero, zero, reason);
  }

  private static Recovery backupWindow(RecoveryInputs in) {
    String db = shown(in.before(), BACKUP_RETENTION_DAYS);
    String da = shown(in.after(), BACKUP_RETENTION_DAYS);
    Objective rpo = Objective.of(Objective.PITR_GRANULARITY, "latest restorable time");
    return in.result("restore after bad data (point in time)", Objective.open("restore time depends on volume size"),
        Objective.open("restore time depends on volume size"), rpo, rpo,
        "Point-in-time recovery reaches back " + db + " d before and " + da + " d after: damage found later than " + da
            + " d cannot be undone from automated backups (AWS Backup copies keep their own retention).");
  }

  private static Recovery regionFailure(RecoveryInputs in) {
    int rb = listSize(in.before(), SECONDARY_REGIONS);
    int ra = listSize(in.after(), SECONDARY_REGIONS);
    Objective rtoB = rb > 0 ? Objective.of(GLOBAL_FAILOVER, "global database failover") : Objective.open("hours (restore in another region)");
    Objective rtoA = ra > 0 ? Objective.of(GLOBAL_FAILOVER, "global database failover") : Objective.open("hours (restore in another region)");
    Objective rpoB = rb > 0 ? Objective.of(GLOBAL_LAG, "replication lag") : Objective.open("since the last cross-region backup copy");
    Objective rpoA = ra > 0 ? Objective.of(GLOBAL_LAG, "replication lag") : Objective.open("since the last cross-region backup copy");
    return in.result("primary region failure", rtoB, rtoA, rpoB, rpoA,
        "Secondary regions " + rb + " -> " + ra + " (" + shown(in.before(), SECONDARY_REGIONS) + " -> " + shown(in.after(), SECONDARY_REGIONS) + "): "
            + (ra > 0 ? "a region failure still fails over to a secondary." : "a region failure now means restoring from a backup copied to another region."));
  }

  /** Writer (and reader) CPU, the writer's FreeableMemory, replica lag and connections. */
  @Override
  public List<HealthSignal> healthSignals(Resource r) {
    java.util.Map<String, String> cluster = java.util.Map.of("DBClusterIdentifier", r.id());
    java.util.Map<String, String> writer = java.util.Map.of("DBClusterIdentifier", r.id(), "Role", "WRITER");
    java.util.Map<String, String> reader = java.util.Map.of("DBClusterIdentifier", r.id(), "Role", "READER");
    List<HealthSignal> out = new java.util.ArrayList<>(List.of(
        HealthSignal.above(r.id(), "Aurora writer CPU", "AWS/RDS", "CPUUtilization", writer, "Maximum", "guard.aurora.cpuMaxPct"),
        HealthSignal.below(r.id(), "Aurora writer FreeableMemory", "AWS/RDS", "FreeableMemory", writer, "Minimum", "guard.aurora.freeableMemoryMinGib")
            .scaled(1024.0 * 1024 * 1024),
        HealthSignal.above(r.id(), "Aurora connections", "AWS/RDS", "DatabaseConnections", cluster, "Maximum", "guard.aurora.connectionsMax")));
    if (Integer.parseInt(r.config().getOrDefault(dev.tap.optimizer.model.ConfigKeys.READERS, "0")) > 0) {
      out.add(HealthSignal.above(r.id(), "Aurora reader CPU", "AWS/RDS", "CPUUtilization", reader, "Maximum", "guard.aurora.cpuMaxPct"));
      out.add(HealthSignal.above(r.id(), "Aurora replica lag", "AWS/RDS", "AuroraReplicaLag", reader, "Maximum", "guard.aurora.replicaLagMaxMs"));
    }
    return out;
  }

  @Override
  public List<String> validate(ActionKind kind, Map<String, String> after) {
    AfterValues v = AfterValues.of(kind, after);
    if (kind.equals(DB_INSTANCE_CLASS)) {
      v.only(INSTANCE_CLASS, READER_CLASS).required(INSTANCE_CLASS);
    } else if (kind.equals(DB_REMOVE_READER)) {
      v.only(READERS, READER_CLASS, MEMBER_IDS).required(READERS).integer(READERS, 0, 15)
          .list(MEMBER_IDS, "[A-Za-z][A-Za-z0-9-]{0,62}", "a DB instance identifier");
    } else if (kind.equals(DB_BACKUP_RETENTION)) {
      v.only(BACKUP_RETENTION_DAYS).required(BACKUP_RETENTION_DAYS).integer(BACKUP_RETENTION_DAYS, 1, 35);
    } else if (kind.equals(DB_REMOVE_SECONDARY_REGION)) {
      v.only(SECONDARY_REGIONS).required(SECONDARY_REGIONS).list(SECONDARY_REGIONS, "[a-z]{2}(-gov)?-[a-z]+-\\d", "an AWS region");
    }
    return v.matches(INSTANCE_CLASS, "db\\.[a-z0-9]+\\.[a-z0-9]+", "a DB instance class such as db.r6g.xlarge")
        .matches(READER_CLASS, "db\\.[a-z0-9]+\\.[a-z0-9]+", "a DB instance class such as db.r6g.xlarge").problems();
  }
}
