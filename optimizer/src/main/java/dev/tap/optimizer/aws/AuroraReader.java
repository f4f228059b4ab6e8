package dev.tap.optimizer.aws;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.exec.MaintenanceWindow;
import dev.tap.optimizer.exec.PendingChanges;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.model.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.GlobalCluster;
import software.amazon.awssdk.services.rds.model.GlobalClusterMember;

/**
 * An Aurora cluster: engine, writer and reader classes, backups, its global database's regions;
 * for the executor, also its maintenance window and the changes waiting for it.
 */
final class AuroraReader implements FamilyReader {
  private final AwsClients aws;
  private final boolean forExecution;

  /** The inventory's reader ({@code tap analyze}): the configuration rules and plans use. */
  AuroraReader(AwsClients aws) {
    this(aws, false);
  }

  /**
   * With {@code forExecution}, also what the executor waits on: {@code preferredMaintenanceWindow}
   * and {@code pendingModifiedValues}, from the same describe calls (no further permission). The
   * inventory leaves them out, so snapshots and plans stay as they were.
   */
  AuroraReader(AwsClients aws, boolean forExecution) {
    this.aws = aws;
    this.forExecution = forExecution;
  }

  @Override
  public Optional<Resource> read(Target t, String region, List<String> problems) {
    var rds = aws.rds(region);
    Optional<DBCluster> found = aws.callIfFound("rds:DescribeDBClusters", region, () -> rds.describeDBClusters(r -> r.dbClusterIdentifier(t.id())).dbClusters())
        .flatMap(l -> l.stream().findFirst());
    if (found.isEmpty()) return Optional.empty();
    DBCluster c = found.get();

    Map<String, DBInstance> instances = new LinkedHashMap<>();
    for (DBInstance i : aws.call("rds:DescribeDBInstances", region, () -> rds.describeDBInstancesPaginator(r -> r.filters(
        Filter.builder().name("db-cluster-id").values(c.dbClusterIdentifier()).build())).dbInstances().stream().toList())) {
      instances.put(i.dbInstanceIdentifier(), i);
    }
    Map<String, String> classes = new LinkedHashMap<>();
    instances.forEach((id, i) -> classes.put(id, i.dbInstanceClass()));

    Map<String, String> config = new LinkedHashMap<>();
    config.put(ENGINE, c.engine());
    config.put(BACKUP_RETENTION_DAYS, String.valueOf(c.backupRetentionPeriod()));
    if (c.multiAZ() != null) config.put(MULTI_AZ, String.valueOf(c.multiAZ()));
    if (c.storageType() != null) config.put(STORAGE_TYPE, c.storageType());

    List<String> members = new ArrayList<>();
    TreeSet<String> readerClasses = new TreeSet<>();
    String writer = null;
    for (DBClusterMember m : c.dbClusterMembers()) {
      if (Boolean.TRUE.equals(m.isClusterWriter())) writer = m.dbInstanceIdentifier();
    }
    if (writer != null) {
      members.add(writer);
      config.put(INSTANCE_CLASS, classes.get(writer));
    } else {
      problems.add("Aurora cluster " + t.id() + " in " + region + " has no writer instance (a global database's secondary cluster?): its instance class is not inventoried");
    }
    int readers = 0;
    for (DBClusterMember m : c.dbClusterMembers().stream().sorted((a, b) -> a.dbInstanceIdentifier().compareTo(b.dbInstanceIdentifier())).toList()) {
      if (Boolean.TRUE.equals(m.isClusterWriter())) continue;
      readers++;
      members.add(m.dbInstanceIdentifier());
      readerClasses.add(classes.get(m.dbInstanceIdentifier()));
    }
    config.put(READERS, String.valueOf(readers));
    if (forExecution) pendingAndWindow(c, writer, members, instances, config);
    config.put(MEMBER_IDS, String.join(",", members));
    if (readerClasses.size() == 1) config.put(READER_CLASS, readerClasses.first());
    if (readerClasses.size() > 1) {
      problems.add("Aurora cluster " + t.id() + " has readers of several classes " + readerClasses + ": readerClass is not inventoried; rules that resize readers skip it");
    }

    String globalId = c.globalClusterIdentifier() != null ? c.globalClusterIdentifier() : t.expect().get(GLOBAL_CLUSTER_ID);
    String expectedGlobal = t.expect().get(GLOBAL_CLUSTER_ID);
    if (expectedGlobal != null && c.globalClusterIdentifier() != null && !expectedGlobal.equals(c.globalClusterIdentifier())) {
      problems.add("Aurora cluster " + t.id() + " belongs to global cluster " + c.globalClusterIdentifier() + " but " + t.origin() + " names " + expectedGlobal
          + ": inventoried as AWS describes it");
    }
    if (globalId != null) global(t, c, globalId, region, config, problems);

    Map<String, String> tags = FamilyReader.tags(c.tagList(), x -> x.key(), x -> x.value());
    return Optional.of(new Resource(c.dbClusterIdentifier(), AuroraFamily.AURORA, region, c.dbClusterArn(), config, tags));
  }

  /**
   * What waits for a maintenance window, in {@link PendingChanges}' format: the writer's pending
   * class as {@code instanceClass}, the readers' as {@code readerClass}, the cluster's pending backup
   * retention as {@code backupRetentionDays}. An instance class change waits for that instance's own
   * window, not the cluster's, so the window reported is that of the first instance (writer first)
   * with a change pending, else the writer's, else the cluster's.
   */
  private static void pendingAndWindow(DBCluster c, String writer, List<String> members, Map<String, DBInstance> instances,
      Map<String, String> config) {
    Map<String, String> pending = new TreeMap<>();
    if (c.pendingModifiedValues() != null && c.pendingModifiedValues().backupRetentionPeriod() != null) {
      pending.put(BACKUP_RETENTION_DAYS, String.valueOf(c.pendingModifiedValues().backupRetentionPeriod()));
    }
    TreeSet<String> readerPending = new TreeSet<>();
    String window = null;
    for (String id : members) {
      DBInstance i = instances.get(id);
      String cls = i == null || i.pendingModifiedValues() == null ? null : i.pendingModifiedValues().dbInstanceClass();
      if (cls == null) continue;
      if (id.equals(writer)) pending.put(INSTANCE_CLASS, cls);
      else readerPending.add(cls);
      if (window == null) window = i.preferredMaintenanceWindow();
    }
    if (!readerPending.isEmpty()) pending.put(READER_CLASS, String.join(",", readerPending));
    if (window == null && writer != null && instances.get(writer) != null) window = instances.get(writer).preferredMaintenanceWindow();
    if (window == null) window = c.preferredMaintenanceWindow();
    if (window != null) config.put(MaintenanceWindow.CONFIG_KEY, window);
    config.put(PendingChanges.CONFIG_KEY, PendingChanges.encode(pending));
  }

  /** Secondary regions are the regions of the global cluster's members other than the writer. */
  private void global(Target t, DBCluster c, String globalId, String region, Map<String, String> config, List<String> problems) {
    Optional<GlobalCluster> g = aws.callIfFound("rds:DescribeGlobalClusters", region,
        () -> aws.rds(region).describeGlobalClusters(r -> r.globalClusterIdentifier(globalId)).globalClusters()).flatMap(l -> l.stream().findFirst());
    if (g.isEmpty()) {
      problems.add("global cluster " + globalId + " of Aurora cluster " + t.id() + " was not found: its secondary regions are not inventoried");
      return;
    }
    boolean member = false;
    TreeSet<String> secondaries = new TreeSet<>();
    TreeMap<String, String> clusters = new TreeMap<>();
    for (GlobalClusterMember m : g.get().globalClusterMembers()) {
      member |= m.dbClusterArn().equals(c.dbClusterArn());
      if (!Boolean.TRUE.equals(m.isWriter())) {
        Arns arn = Arns.parse(m.dbClusterArn());
        secondaries.add(arn.region());
        clusters.put(arn.region(), arn.resourceName());
      }
    }
    if (!member) {
      problems.add("Aurora cluster " + t.id() + " is not a member of global cluster " + globalId + " named by " + t.origin() + ": global cluster not inventoried");
      return;
    }
    config.put(GLOBAL_CLUSTER_ID, globalId);
    config.put(SECONDARY_REGIONS, String.join(",", secondaries));
    // where each secondary publishes its metrics (the engine reads them in that region)
    config.put(SECONDARY_CLUSTERS, clusters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(",")));
  }
}
