package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.AwsActionCalls.act;
import static dev.tap.optimizer.aws.AwsActionCalls.run;
import static dev.tap.optimizer.model.ConfigKeys.GLOBAL_CLUSTER_ID;
import static dev.tap.optimizer.model.ConfigKeys.SECONDARY_REGIONS;

import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.aurora.AuroraApi;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.model.Resource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.GlobalCluster;
import software.amazon.awssdk.services.rds.model.GlobalClusterMember;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * Aurora instance classes, readers, backup retention and global-database secondary regions with
 * the AWS SDK. A secondary region's cluster lives in another region: its calls go to that region.
 */
public final class AwsAuroraApi implements AuroraApi {
  private final AwsClients aws;
  private final AuroraReader reader;
  private final AwsPolling polling;

  public AwsAuroraApi(AwsClients aws, AwsPolling polling) {
    this.aws = aws;
    this.polling = polling;
    this.reader = new AuroraReader(aws, true);
  }

  @Override
  public Resource describeCluster(String clusterId, String region) {
    Resource r = AwsActionCalls.describe(reader, AuroraFamily.AURORA, clusterId, region);
    String globalId = r.config().get(GLOBAL_CLUSTER_ID);
    if (globalId == null || r.config().getOrDefault(SECONDARY_REGIONS, "").isEmpty()) return r;
    Map<String, String> config = new LinkedHashMap<>(r.config());
    for (String secondaryRegion : r.config().get(SECONDARY_REGIONS).split(",")) {
      if (!aws.region(secondaryRegion).equals(secondaryRegion)) continue; // --region pins calls elsewhere: not describable
      // A member being deleted may already be gone: the read still succeeds, without its keys.
      secondaryMember(globalId, region, secondaryRegion).flatMap(arn -> findCluster(arn, secondaryRegion))
          .ifPresent(c -> config.putAll(secondary(c, secondaryRegion).config(secondaryRegion)));
    }
    return r.withConfig(config);
  }

  private DBCluster cluster(String clusterId, String region) {
    return act(aws, "rds:DescribeDBClusters", region,
        () -> aws.rds(region).describeDBClusters(r -> r.dbClusterIdentifier(clusterId)).dbClusters().get(0));
  }

  private List<String> members(String clusterId, String region, boolean writer) {
    return cluster(clusterId, region).dbClusterMembers().stream().filter(m -> Boolean.TRUE.equals(m.isClusterWriter()) == writer)
        .map(DBClusterMember::dbInstanceIdentifier).sorted().toList();
  }

  private void modifyClass(String instanceId, String region, String instanceClass, boolean applyImmediately) {
    run(aws, "rds:ModifyDBInstance", region, () -> aws.rds(region).modifyDBInstance(r -> r.dbInstanceIdentifier(instanceId)
        .dbInstanceClass(instanceClass).applyImmediately(applyImmediately)));
  }

  @Override
  public void modifyWriterClass(String clusterId, String region, String instanceClass, boolean applyImmediately) {
    for (String w : members(clusterId, region, true)) modifyClass(w, region, instanceClass, applyImmediately);
  }

  @Override
  public void modifyReaderClass(String clusterId, String region, String instanceClass, boolean applyImmediately) {
    for (String r : members(clusterId, region, false)) modifyClass(r, region, instanceClass, applyImmediately);
  }

  @Override
  public void addReader(String clusterId, String region, String instanceClass) {
    DBCluster c = cluster(clusterId, region);
    List<String> existing = c.dbClusterMembers().stream().map(DBClusterMember::dbInstanceIdentifier).toList();
    String id = nextReaderId(clusterId, existing);
    run(aws, "rds:CreateDBInstance", region, () -> aws.rds(region).createDBInstance(r -> r.dbInstanceIdentifier(id).dbClusterIdentifier(clusterId)
        .engine(c.engine()).dbInstanceClass(instanceClass)));
  }

  static String nextReaderId(String clusterId, List<String> existing) {
    for (int n = 1; ; n++) {
      String id = clusterId + "-tap-reader-" + n;
      if (!existing.contains(id)) return id;
    }
  }

  /** The newest reader by name order goes; the cluster volume (and the data) stays. */
  @Override
  public void removeReader(String clusterId, String region) {
    List<String> readers = members(clusterId, region, false);
    if (readers.isEmpty()) throw new ActionFailedException("Aurora cluster " + clusterId + " has no reader to remove");
    String last = readers.get(readers.size() - 1);
    run(aws, "rds:DeleteDBInstance", region, () -> aws.rds(region).deleteDBInstance(r -> r.dbInstanceIdentifier(last).skipFinalSnapshot(true)));
  }

  @Override
  public void setBackupRetention(String clusterId, String region, int days) {
    run(aws, "rds:ModifyDBCluster", region, () -> aws.rds(region).modifyDBCluster(r -> r.dbClusterIdentifier(clusterId).backupRetentionPeriod(days)
        .applyImmediately(true)));
  }

  /**
   * Detaches the secondary cluster of {@code secondaryRegion} from the global database and deletes
   * it. What re-creating it needs (identifier, engine version, instances and classes, subnet group,
   * security groups, KMS key) is in the before-state the executor commits to its journal before this
   * call: {@link #describeCluster} reports it as {@code secondary.<region>.*} keys.
   */
  @Override
  public void removeSecondaryRegion(String clusterId, String region, String secondaryRegion) {
    requireReachable(secondaryRegion);
    DBCluster primary = cluster(clusterId, region);
    String globalId = globalId(primary, clusterId, region);
    String memberArn = secondaryMember(globalId, region, secondaryRegion)
        .orElseThrow(() -> new ActionFailedException("global cluster " + globalId + " of " + clusterId + " has no secondary cluster in " + secondaryRegion));
    SecondaryCluster spec = secondary(findCluster(memberArn, secondaryRegion)
        .orElseThrow(() -> new ActionFailedException("secondary cluster " + memberArn + " was not found in " + secondaryRegion)), secondaryRegion);
    run(aws, "rds:RemoveFromGlobalCluster", secondaryRegion, () -> aws.rds(secondaryRegion).removeFromGlobalCluster(r -> r
        .globalClusterIdentifier(globalId).dbClusterIdentifier(memberArn)));
    // Detaching promotes the secondary to a standalone cluster; only then can it be deleted.
    polling.until("secondary cluster " + spec.clusterId() + " to leave global cluster " + globalId, DETACH_TIMEOUT, () -> {
      if (secondaryMember(globalId, region, secondaryRegion).isPresent()) return AwsPolling.Look.waiting("still a member");
      String status = cluster(spec.clusterId(), secondaryRegion).status();
      return "available".equals(status) ? AwsPolling.Look.settled() : AwsPolling.Look.waiting(status);
    });
    for (String instance : spec.instances().keySet()) {
      run(aws, "rds:DeleteDBInstance", secondaryRegion, () -> aws.rds(secondaryRegion).deleteDBInstance(r -> r.dbInstanceIdentifier(instance)));
    }
    // The secondary holds a replica of the primary's volume: a final snapshot would copy nothing new.
    run(aws, "rds:DeleteDBCluster", secondaryRegion, () -> aws.rds(secondaryRegion).deleteDBCluster(r -> r.dbClusterIdentifier(spec.clusterId())
        .skipFinalSnapshot(true)));
  }

  /**
   * Re-creates the secondary cluster from the recorded before-state's {@code secondary.<region>.*}
   * keys; the volume then replicates (hours for a large one).
   */
  @Override
  public void addSecondaryRegion(String clusterId, String region, String secondaryRegion, Map<String, String> recorded) {
    requireReachable(secondaryRegion);
    SecondaryCluster spec = SecondaryCluster.fromConfig(recorded, secondaryRegion).orElseThrow(() -> new ActionFailedException("cannot re-create "
        + "the secondary region " + secondaryRegion + " of " + clusterId + ": the recorded before-state has no " + SECONDARY_PREFIX + secondaryRegion
        + ".* keys (describe could not reach that region when the state was recorded). Re-create it from the blueprint (cdk deploy) instead"));
    DBCluster primary = cluster(clusterId, region);
    String globalId = globalId(primary, clusterId, region);
    // A removal moments ago may still be deleting the old cluster, whose identifier is reused.
    polling.until("the old secondary cluster " + spec.clusterId() + " in " + secondaryRegion + " to be deleted", DETACH_TIMEOUT, () -> {
      Optional<DBCluster> old = findCluster(spec.clusterId(), secondaryRegion);
      return old.isEmpty() ? AwsPolling.Look.settled() : AwsPolling.Look.waiting(old.get().status());
    });
    run(aws, "rds:CreateDBCluster", secondaryRegion, () -> aws.rds(secondaryRegion).createDBCluster(r -> r.dbClusterIdentifier(spec.clusterId())
        .globalClusterIdentifier(globalId).engine(primary.engine()).engineVersion(spec.engineVersion()).dbSubnetGroupName(spec.subnetGroup())
        .vpcSecurityGroupIds(spec.securityGroups().isEmpty() ? null : spec.securityGroups())
        .storageEncrypted(spec.kmsKeyId() != null ? Boolean.TRUE : null).kmsKeyId(spec.kmsKeyId())));
    for (var i : spec.instances().entrySet()) {
      run(aws, "rds:CreateDBInstance", secondaryRegion, () -> aws.rds(secondaryRegion).createDBInstance(r -> r.dbInstanceIdentifier(i.getKey())
          .dbClusterIdentifier(spec.clusterId()).engine(primary.engine()).dbInstanceClass(i.getValue())));
    }
  }

  /** Detaching, or an old cluster's deletion, takes minutes on AWS. */
  static final Duration DETACH_TIMEOUT = Duration.ofHours(1);

  /** {@code --region} pins every client to one region; a secondary region must be reached in its own. */
  private void requireReachable(String secondaryRegion) {
    String pinned = aws.region(secondaryRegion);
    if (!pinned.equals(secondaryRegion)) {
      throw new ActionFailedException("--region " + pinned + " sends every call there, but the secondary cluster is in " + secondaryRegion
          + "; run without --region (each resource's region is taken from its outputs and ARN)");
    }
  }

  private String globalId(DBCluster primary, String clusterId, String region) {
    String id = primary.globalClusterIdentifier() != null ? primary.globalClusterIdentifier() : describeCluster(clusterId, region).config().get(GLOBAL_CLUSTER_ID);
    if (id == null) throw new ActionFailedException("Aurora cluster " + clusterId + " is not part of a global database");
    return id;
  }

  private Optional<String> secondaryMember(String globalId, String region, String secondaryRegion) {
    List<GlobalCluster> globals = act(aws, "rds:DescribeGlobalClusters", region,
        () -> aws.rds(region).describeGlobalClusters(r -> r.globalClusterIdentifier(globalId)).globalClusters());
    return globals.stream().flatMap(g -> g.globalClusterMembers().stream())
        .filter(m -> !Boolean.TRUE.equals(m.isWriter()) && secondaryRegion.equals(Arns.region(m.dbClusterArn())))
        .map(GlobalClusterMember::dbClusterArn).findFirst();
  }

  private Optional<DBCluster> findCluster(String idOrArn, String region) {
    try {
      return aws.callIfFound("rds:DescribeDBClusters", region, () -> aws.rds(region).describeDBClusters(r -> r.dbClusterIdentifier(idOrArn)).dbClusters())
          .flatMap(l -> l.stream().findFirst());
    } catch (UserError e) {
      throw new ActionFailedException(e.getMessage(), e.getMessage().contains("denied") ? "rds:DescribeDBClusters" : null, e);
    }
  }

  /** The secondary cluster as it stands, with what re-creating it takes. */
  private SecondaryCluster secondary(DBCluster c, String secondaryRegion) {
    Map<String, String> instances = new TreeMap<>();
    act(aws, "rds:DescribeDBInstances", secondaryRegion, () -> aws.rds(secondaryRegion).describeDBInstancesPaginator(r -> r.filters(
        Filter.builder().name("db-cluster-id").values(c.dbClusterIdentifier()).build())).dbInstances().stream().toList())
        .forEach(i -> instances.put(i.dbInstanceIdentifier(), i.dbInstanceClass()));
    return new SecondaryCluster(c.dbClusterIdentifier(), c.engineVersion(), c.dbSubnetGroup(),
        c.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).sorted().toList(),
        Boolean.TRUE.equals(c.storageEncrypted()) ? c.kmsKeyId() : null, instances);
  }

  /**
   * What a secondary cluster is re-created from, as {@code secondary.<region>.*} configuration keys
   * of the primary: so the journal's before-state, committed before the removal, carries it.
   */
  record SecondaryCluster(String clusterId, String engineVersion, String subnetGroup, List<String> securityGroups, String kmsKeyId,
      Map<String, String> instances) {

    private static String prefix(String region) {
      return SECONDARY_PREFIX + region + ".";
    }

    /** {@code secondary.us-west-2.cluster}, {@code .engineVersion}, {@code .subnetGroup}, {@code .securityGroups}, {@code .kmsKeyId}, {@code .instance:<id>}. */
    Map<String, String> config(String region) {
      Map<String, String> c = new LinkedHashMap<>();
      String p = prefix(region);
      c.put(p + "cluster", clusterId);
      if (engineVersion != null) c.put(p + "engineVersion", engineVersion);
      if (subnetGroup != null) c.put(p + "subnetGroup", subnetGroup);
      if (!securityGroups.isEmpty()) c.put(p + "securityGroups", String.join(" ", securityGroups));
      if (kmsKeyId != null) c.put(p + "kmsKeyId", kmsKeyId);
      instances.forEach((id, cls) -> c.put(p + "instance:" + id, cls));
      return c;
    }

    static Optional<SecondaryCluster> fromConfig(Map<String, String> config, String region) {
      String p = prefix(region);
      if (config == null || !config.containsKey(p + "cluster")) return Optional.empty();
      Map<String, String> instances = new TreeMap<>();
      config.forEach((k, v) -> {
        if (k.startsWith(p + "instance:")) instances.put(k.substring((p + "instance:").length()), v);
      });
      String sgs = config.getOrDefault(p + "securityGroups", "").trim();
      return Optional.of(new SecondaryCluster(config.get(p + "cluster"), config.get(p + "engineVersion"), config.get(p + "subnetGroup"),
          sgs.isEmpty() ? List.of() : List.of(sgs.split("\\s+")), config.get(p + "kmsKeyId"), instances));
    }
  }
}
