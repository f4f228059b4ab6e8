package dev.tap.optimizer.report;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Action;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How one change moves the recovery time (RTO) and recovery point (RPO) objectives of the failure
 * it matters for, derived from the configuration before and after: replica counts and failover,
 * Multi-AZ, global-cluster secondaries, backup retention and point-in-time recovery. Durations are
 * AWS's documented typical figures for each mechanism, named below; where recovery has no fixed
 * duration (a restore whose time depends on data size) the objective says so instead of a number.
 */
public record RecoveryImpact(
    String actionId, String resourceId, String scenario, Objective rtoBefore, Objective rtoAfter, Objective rpoBefore, Objective rpoAfter, String reasoning) {

  /** A recovery objective: a duration in seconds where the mechanism has one, and its wording. */
  public record Objective(Long seconds, String text) {
    static Objective of(Duration d, String how) {
      return new Objective(d.getSeconds(), ReportText.duration(d) + " (" + how + ")");
    }

    static Objective open(String text) {
      return new Objective(null, text);
    }

    static final Objective NONE_LOST = new Objective(0L, "0 (nothing lost)");
  }

  /** Aurora promotes a replica: typically under 60 s (Aurora User Guide, "High availability"). */
  static final Duration AURORA_REPLICA_FAILOVER = Duration.ofSeconds(60);
  /** Aurora with no replica recreates the instance: typically under 10 minutes (Aurora FAQ). */
  static final Duration AURORA_INSTANCE_RECREATE = Duration.ofMinutes(10);
  /** Point-in-time restore reaches a point within the last 5 minutes (latest restorable time). */
  static final Duration PITR_GRANULARITY = Duration.ofMinutes(5);
  /** Global Database: replication lag typically under 1 s, managed failover about a minute. */
  static final Duration GLOBAL_LAG = Duration.ofSeconds(1);
  static final Duration GLOBAL_FAILOVER = Duration.ofMinutes(1);
  /** RDS Multi-AZ failover to the synchronous standby: typically 60 to 120 s. */
  static final Duration RDS_MULTI_AZ_FAILOVER = Duration.ofSeconds(120);
  /** ElastiCache promotes a replica of a failed primary: typically within a minute. */
  static final Duration REDIS_REPLICA_FAILOVER = Duration.ofSeconds(60);

  static RecoveryImpact of(Action a, Optional<Resource> resource) {
    Map<String, String> base = resource.map(Resource::config).orElse(Map.of());
    Map<String, String> before = new TreeMap<>(base);
    before.putAll(a.before());
    Map<String, String> after = new TreeMap<>(base);
    after.putAll(a.after());
    return new Derivation(a, before, after).derive();
  }

  private record Derivation(Action a, Map<String, String> before, Map<String, String> after) {

    RecoveryImpact result(String scenario, Objective rtoB, Objective rtoA, Objective rpoB, Objective rpoA, String reasoning) {
      return new RecoveryImpact(a.id(), a.resourceId(), scenario, rtoB, rtoA, rpoB, rpoA, reasoning);
    }

    int count(Map<String, String> cfg, String key) {
      String v = cfg.get(key);
      if (v == null || v.isBlank()) return -1;
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    int regions(Map<String, String> cfg) {
      String v = cfg.get(SECONDARY_REGIONS);
      return v == null || v.isBlank() ? 0 : (int) Arrays.stream(v.split(",")).filter(s -> !s.isBlank()).count();
    }

    String shown(Map<String, String> cfg, String key) {
      return cfg.getOrDefault(key, "unknown");
    }

    RecoveryImpact derive() {
      return switch (a.kind()) {
        case DB_INSTANCE_CLASS, DB_REMOVE_READER -> auroraInstanceFailure();
        case DB_BACKUP_RETENTION -> backupWindow();
        case DB_REMOVE_SECONDARY_REGION -> regionFailure();
        case RDS_INSTANCE_CLASS_BLUE_GREEN -> rdsInstanceFailure();
        case ASG_INSTANCE_TYPE, ASG_CAPACITY -> azLossOfInstances();
        case REDIS_NODE_TYPE, REDIS_SHARDS, REDIS_REPLICAS -> redisPrimaryFailure();
        case DYNAMODB_BILLING_MODE -> result("AZ failure", Objective.open("0 (regional service)"), Objective.open("0 (regional service)"),
            Objective.NONE_LOST, Objective.NONE_LOST,
            "Billing mode changes price and throttling, not durability: DynamoDB keeps three copies across AZs either way.");
        case DYNAMODB_DELETE_GSI -> result("index needed again", Objective.open("0 (index exists)"), Objective.open("index backfill (depends on table size)"),
            Objective.NONE_LOST, Objective.NONE_LOST,
            "A deleted index is rebuilt from the table, so nothing is lost; queries on it fail until the backfill finishes.");
        case DYNAMODB_DISABLE_STREAM -> result("change capture needed again", Objective.open("0 (stream on)"), Objective.open("minutes (re-enable, re-point consumers)"),
            Objective.NONE_LOST, Objective.open("changes made while the stream is off are not replayable"),
            "Streams keep 24 h of changes only while enabled; no consumer was found, so no consumer loses data today.");
        case DAX_NODES -> daxNodeFailure();
        case LAMBDA_MEMORY, LAMBDA_CONCURRENCY -> result("AZ failure", Objective.open("0 (multi-AZ service)"), Objective.open("0 (multi-AZ service)"),
            Objective.NONE_LOST, Objective.NONE_LOST,
            "Functions are stateless and run across AZs; memory and concurrency change capacity, not recovery.");
        case SAGEMAKER_ENDPOINT -> endpointInstanceFailure();
        case SAGEMAKER_TRAINING_SPOT -> result("training interruption", Objective.open("0 (on-demand, no interruptions)"),
            Objective.open("until spot capacity returns, bounded by MaxWaitTimeInSeconds"), Objective.NONE_LOST,
            Objective.open("work since the last checkpoint"),
            "Managed spot can interrupt a job; it resumes from its last checkpoint, so at most one checkpoint interval is redone.");
      };
    }

    private Objective auroraRto(int readers) {
      return readers > 0 ? Objective.of(AURORA_REPLICA_FAILOVER, "promote a reader") : Objective.of(AURORA_INSTANCE_RECREATE, "recreate the writer");
    }

    private RecoveryImpact auroraInstanceFailure() {
      int rb = count(before, READERS);
      int ra = count(after, READERS);
      Objective zero = new Objective(0L, "0 (shared storage, six copies over 3 AZs)");
      String reason = rb == ra
          ? "Readers stay at " + rb + ": " + (rb > 0 ? "a writer failure still fails over to a reader" : "a writer failure still waits for a new instance")
              + "; storage is shared, so no committed write is lost."
          : "Readers " + rb + " -> " + ra + ": " + (ra > 0 ? "a writer failure still fails over to a reader, with " + ra + " left to take reads meanwhile"
              : "no reader is left to promote, so a writer failure waits for a new instance") + "; storage is shared, so no committed write is lost.";
      if (rb < 0 || ra < 0) reason = "Reader count not recorded (" + READERS + "); figures assume readers as shown. " + reason;
      return result("writer instance failure", auroraRto(Math.max(rb, 0)), auroraRto(Math.max(ra, 0)), zero, zero, reason);
    }

    private RecoveryImpact backupWindow() {
      String db = shown(before, BACKUP_RETENTION_DAYS);
      String da = shown(after, BACKUP_RETENTION_DAYS);
      Objective rpo = Objective.of(PITR_GRANULARITY, "latest restorable time");
      return result("restore after bad data (point in time)", Objective.open("restore time depends on volume size"),
          Objective.open("restore time depends on volume size"), rpo, rpo,
          "Point-in-time recovery reaches back " + db + " d before and " + da + " d after: damage found later than " + da
              + " d cannot be undone from automated backups (AWS Backup copies keep their own retention).");
    }

    private RecoveryImpact regionFailure() {
      int rb = regions(before);
      int ra = regions(after);
      Objective rtoB = rb > 0 ? Objective.of(GLOBAL_FAILOVER, "global database failover") : Objective.open("hours (restore in another region)");
      Objective rtoA = ra > 0 ? Objective.of(GLOBAL_FAILOVER, "global database failover") : Objective.open("hours (restore in another region)");
      Objective rpoB = rb > 0 ? Objective.of(GLOBAL_LAG, "replication lag") : Objective.open("since the last cross-region backup copy");
      Objective rpoA = ra > 0 ? Objective.of(GLOBAL_LAG, "replication lag") : Objective.open("since the last cross-region backup copy");
      return result("primary region failure", rtoB, rtoA, rpoB, rpoA,
          "Secondary regions " + rb + " -> " + ra + " (" + shown(before, SECONDARY_REGIONS) + " -> " + shown(after, SECONDARY_REGIONS) + "): "
              + (ra > 0 ? "a region failure still fails over to a secondary." : "a region failure now means restoring from a backup copied to another region."));
    }

    private RecoveryImpact rdsInstanceFailure() {
      boolean mb = Boolean.parseBoolean(shown(before, MULTI_AZ));
      boolean ma = Boolean.parseBoolean(shown(after, MULTI_AZ));
      Objective rtoB = mb ? Objective.of(RDS_MULTI_AZ_FAILOVER, "Multi-AZ failover") : Objective.open("point-in-time restore (depends on size)");
      Objective rtoA = ma ? Objective.of(RDS_MULTI_AZ_FAILOVER, "Multi-AZ failover") : Objective.open("point-in-time restore (depends on size)");
      Objective rpoB = mb ? new Objective(0L, "0 (synchronous standby)") : Objective.of(PITR_GRANULARITY, "latest restorable time");
      Objective rpoA = ma ? new Objective(0L, "0 (synchronous standby)") : Objective.of(PITR_GRANULARITY, "latest restorable time");
      return result("primary instance failure", rtoB, rtoA, rpoB, rpoA,
          "Multi-AZ " + mb + " -> " + ma + ", class " + shown(before, INSTANCE_CLASS) + " -> " + shown(after, INSTANCE_CLASS)
              + ": the blue/green switchover pauses writes about a minute once; recovery after it is unchanged.");
    }

    private RecoveryImpact azLossOfInstances() {
      int db = count(before, DESIRED);
      int da = count(after, DESIRED);
      Objective rto = Objective.open("minutes (the group relaunches in the other AZs)");
      String reason = db >= 0 && da >= 0
          ? "Desired " + db + " -> " + da + " over 3 AZs: losing one AZ leaves about " + (db * 2 / 3) + " -> " + (da * 2 / 3)
              + " instances serving until replacements start; instances hold no data."
          : "Instance type " + shown(before, INSTANCE_TYPE) + " -> " + shown(after, INSTANCE_TYPE)
              + ": instances hold no data; an AZ loss is covered by relaunching in the other AZs.";
      return result("AZ failure", rto, rto, Objective.NONE_LOST, Objective.NONE_LOST, reason);
    }

    private RecoveryImpact redisPrimaryFailure() {
      int rb = count(before, REPLICAS_PER_SHARD);
      int ra = count(after, REPLICAS_PER_SHARD);
      int sb = count(before, SHARDS);
      int sa = count(after, SHARDS);
      Objective rtoB = rb != 0 ? Objective.of(REDIS_REPLICA_FAILOVER, "promote a replica") : Objective.open("node replacement, cache starts empty");
      Objective rtoA = ra != 0 ? Objective.of(REDIS_REPLICA_FAILOVER, "promote a replica") : Objective.open("node replacement, cache starts empty");
      Objective rpoB = rb != 0 ? Objective.open("seconds (asynchronous replication)") : Objective.open("all data since the last snapshot");
      Objective rpoA = ra != 0 ? Objective.open("seconds (asynchronous replication)") : Objective.open("all data since the last snapshot");
      String reason = "Replicas per shard " + rb + " -> " + ra + ", shards " + sb + " -> " + sa + ", node " + shown(before, NODE_TYPE) + " -> " + shown(after, NODE_TYPE)
          + ": " + (ra != 0 ? "a failed primary is still replaced by a replica" : "no replica is left, so a failed primary loses its keys")
          + (sa > 0 ? "; one shard holds 1/" + sa + " of the keys." : ".");
      if (rb < 0 || ra < 0) reason = "Replica count not recorded (" + REPLICAS_PER_SHARD + "). " + reason;
      return result("primary node failure", rtoB, rtoA, rpoB, rpoA, reason);
    }

    private RecoveryImpact daxNodeFailure() {
      int nb = count(before, NODES);
      int na = count(after, NODES);
      Objective rtoB = nb > 1 ? Objective.open("seconds (clients use another node)") : Objective.open("minutes (node replaced, cache cold)");
      Objective rtoA = na > 1 ? Objective.open("seconds (clients use another node)") : Objective.open("minutes (node replaced, cache cold)");
      return result("node failure", rtoB, rtoA, Objective.NONE_LOST, Objective.NONE_LOST,
          "Nodes " + nb + " -> " + na + ": DAX writes through to DynamoDB, so a lost node loses cached copies only"
              + (na > 1 ? "; other nodes keep serving." : "; with one node, reads go to DynamoDB until it is back."));
    }

    private RecoveryImpact endpointInstanceFailure() {
      int ib = count(before, "instanceCount");
      int ia = count(after, "instanceCount");
      Objective rtoB = ib > 1 ? Objective.open("0 (other instances serve)") : Objective.open("minutes (instance replaced)");
      Objective rtoA = ia > 1 ? Objective.open("0 (other instances serve)") : Objective.open("minutes (instance replaced)");
      return result("instance or AZ failure", rtoB, rtoA, Objective.NONE_LOST, Objective.NONE_LOST,
          "Instances " + ib + " -> " + ia + " (" + shown(before, "instanceType") + " -> " + shown(after, "instanceType")
              + "): inference holds no state; " + (ia > 1 ? "SageMaker spreads 2+ instances over AZs." : "one instance has no AZ redundancy."));
    }
  }
}
