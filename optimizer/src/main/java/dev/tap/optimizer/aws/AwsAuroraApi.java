package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.AwsActionCalls.act;
import static dev.tap.optimizer.aws.AwsActionCalls.run;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.aurora.AuroraApi;
import dev.tap.optimizer.inventory.Family;
import dev.tap.optimizer.inventory.Resource;
import java.util.List;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;

/**
 * Aurora instance classes, readers and backup retention with the AWS SDK. Secondary regions need a
 * cluster built in another region from the global cluster's settings; this adapter does not do
 * that yet, so {@link AwsActionAdapters} does not offer DB_REMOVE_SECONDARY_REGION on AWS (a plan
 * with it is refused before anything starts).
 */
public final class AwsAuroraApi implements AuroraApi {
  private final AwsClients aws;
  private final AuroraReader reader;

  public AwsAuroraApi(AwsClients aws) {
    this.aws = aws;
    this.reader = new AuroraReader(aws);
  }

  @Override
  public Resource describeCluster(String clusterId, String region) {
    return AwsActionCalls.describe(reader, Family.AURORA, clusterId, region);
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

  @Override
  public void removeSecondaryRegion(String clusterId, String region, String secondaryRegion) {
    throw unsupported(clusterId, "detaching secondary region " + secondaryRegion);
  }

  @Override
  public void addSecondaryRegion(String clusterId, String region, String secondaryRegion) {
    throw unsupported(clusterId, "re-creating secondary region " + secondaryRegion);
  }

  private static ActionFailedException unsupported(String clusterId, String what) {
    return new ActionFailedException(what + " of " + clusterId + " is not carried out by the AWS adapter yet; do it with the console or CLI");
  }
}
