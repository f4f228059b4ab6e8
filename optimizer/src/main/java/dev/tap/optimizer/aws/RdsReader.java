package dev.tap.optimizer.aws;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.exec.MaintenanceWindow;
import dev.tap.optimizer.exec.PendingChanges;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.model.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.PendingModifiedValues;

/**
 * An RDS instance (not Aurora) with its read replicas; for the executor, also its weekly
 * maintenance window and the changes waiting for it ({@code PendingModifiedValues}, under the
 * configuration keys they change).
 */
final class RdsReader implements FamilyReader {
  private final AwsClients aws;
  private final boolean forExecution;

  /** The inventory's reader ({@code tap analyze}): the configuration rules and plans use. */
  RdsReader(AwsClients aws) {
    this(aws, false);
  }

  /**
   * With {@code forExecution}, also what the executor waits on: {@code preferredMaintenanceWindow}
   * and {@code pendingModifiedValues}, from the same describe calls (no further permission). The
   * inventory leaves them out, so snapshots and plans stay as they were.
   */
  RdsReader(AwsClients aws, boolean forExecution) {
    this.aws = aws;
    this.forExecution = forExecution;
  }

  @Override
  public Optional<Resource> read(Target t, String region, List<String> problems) {
    Optional<DBInstance> found = describe(t.id(), region);
    if (found.isEmpty()) return Optional.empty();
    DBInstance db = found.get();
    if (db.dbClusterIdentifier() != null) {
      if (t.discovered()) return Optional.empty();
      problems.add(t.origin() + " names " + t.id() + ", an instance of Aurora cluster " + db.dbClusterIdentifier()
          + ": Aurora is inventoried by cluster (AuroraClusterId or the cluster ARN), so this instance is skipped");
      return Optional.empty();
    }
    Map<String, String> config = new LinkedHashMap<>();
    config.put(ENGINE, db.engine());
    config.put(INSTANCE_CLASS, db.dbInstanceClass());
    config.put(MULTI_AZ, String.valueOf(Boolean.TRUE.equals(db.multiAZ())));
    config.put(BACKUP_RETENTION_DAYS, String.valueOf(db.backupRetentionPeriod()));
    if (db.storageType() != null) config.put(STORAGE_TYPE, db.storageType());
    if (db.allocatedStorage() != null) config.put(ALLOCATED_STORAGE_GB, String.valueOf(db.allocatedStorage()));
    if (db.iops() != null) config.put(IOPS, String.valueOf(db.iops()));

    // replicas in other regions are listed by ARN
    List<String> replicas = new ArrayList<>();
    TreeSet<String> replicaClasses = new TreeSet<>();
    TreeSet<String> replicaPendingClasses = new TreeSet<>();
    for (String r : db.readReplicaDBInstanceIdentifiers()) {
      String replicaRegion = Arns.region(r) != null ? Arns.region(r) : region;
      String replicaId = Arns.parse(r) != null ? Arns.parse(r).resourceName() : r;
      replicas.add(replicaId);
      describe(r, replicaRegion).ifPresentOrElse(x -> {
        replicaClasses.add(x.dbInstanceClass());
        if (x.pendingModifiedValues() != null && x.pendingModifiedValues().dbInstanceClass() != null) {
          replicaPendingClasses.add(x.pendingModifiedValues().dbInstanceClass());
        }
      },
          () -> problems.add("read replica " + r + " of RDS instance " + t.id() + " was listed but not found in " + replicaRegion));
    }
    config.put(READERS, String.valueOf(replicas.size()));
    if (forExecution) {
      if (db.preferredMaintenanceWindow() != null) config.put(MaintenanceWindow.CONFIG_KEY, db.preferredMaintenanceWindow());
      Map<String, String> pending = pending(db.pendingModifiedValues());
      if (!replicaPendingClasses.isEmpty()) pending.put(READER_CLASS, String.join(",", replicaPendingClasses));
      config.put(PendingChanges.CONFIG_KEY, PendingChanges.encode(pending));
    }
    config.put(MEMBER_IDS, String.join(",", replicas));
    if (replicaClasses.size() == 1) config.put(READER_CLASS, replicaClasses.first());
    if (replicaClasses.size() > 1) problems.add("RDS instance " + t.id() + " has read replicas of several classes " + replicaClasses + ": readerClass is not inventoried");
    String expectedReplica = t.expect().get(MEMBER_IDS);
    if (expectedReplica != null && !replicas.contains(expectedReplica)) {
      problems.add(t.origin() + " names read replica " + expectedReplica + " but RDS lists " + (replicas.isEmpty() ? "no replicas" : replicas) + " for " + t.id()
          + ": inventoried as RDS describes it");
    }
    Map<String, String> tags = FamilyReader.tags(db.tagList(), x -> x.key(), x -> x.value());
    return Optional.of(new Resource(db.dbInstanceIdentifier(), RdsFamily.RDS, region, db.dbInstanceArn(), config, tags));
  }

  private Optional<DBInstance> describe(String idOrArn, String region) {
    return aws.callIfFound("rds:DescribeDBInstances", region, () -> aws.rds(region).describeDBInstances(r -> r.dbInstanceIdentifier(idOrArn)).dbInstances())
        .flatMap(l -> l.stream().findFirst());
  }

  /**
   * An instance's PendingModifiedValues under the configuration keys they will change (the format
   * of {@link PendingChanges}); fields TAP does not inventory (engine version, passwords) are left out.
   */
  static Map<String, String> pending(PendingModifiedValues p) {
    Map<String, String> out = new TreeMap<>();
    if (p == null) return out;
    if (p.dbInstanceClass() != null) out.put(INSTANCE_CLASS, p.dbInstanceClass());
    if (p.multiAZ() != null) out.put(MULTI_AZ, String.valueOf(p.multiAZ()));
    if (p.backupRetentionPeriod() != null) out.put(BACKUP_RETENTION_DAYS, String.valueOf(p.backupRetentionPeriod()));
    if (p.storageType() != null) out.put(STORAGE_TYPE, p.storageType());
    if (p.allocatedStorage() != null) out.put(ALLOCATED_STORAGE_GB, String.valueOf(p.allocatedStorage()));
    if (p.iops() != null) out.put(IOPS, String.valueOf(p.iops()));
    return out;
  }
}
