package dev.tap.optimizer.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Query-protocol responses shaped as in the ElastiCache and RDS API references (list members
 * named as each API names them: {@code NodeGroups.NodeGroup.N}, {@code GlobalClusters.GlobalClusterMember.N},
 * {@code SwitchoverDetails.member.N}), and a clock that the polling's sleeper moves.
 */
final class AwsXml {
  private AwsXml() {}

  static final String ELASTICACHE_XMLNS = "http://elasticache.amazonaws.com/doc/2015-02-02/";
  static final String ACCOUNT = "111122223333";

  /** {@code <OpResponse><OpResult>inner</OpResult><ResponseMetadata/></OpResponse>}. */
  static String ok(String xmlns, String op, String inner) {
    return "<" + op + "Response xmlns=\"" + xmlns + "\">\n  <" + op + "Result>\n" + inner + "  </" + op + "Result>\n"
        + "  <ResponseMetadata>\n    <RequestId>7f3b2c1d-5e4a-4b3c-9d2e-1f0a9b8c7d6e</RequestId>\n  </ResponseMetadata>\n</" + op + "Response>\n";
  }

  /** A response with no result element (AddTagsToResource, RemoveTagsFromResource). */
  static String empty(String xmlns, String op) {
    return "<" + op + "Response xmlns=\"" + xmlns + "\">\n  <ResponseMetadata>\n    <RequestId>7f3b2c1d-5e4a-4b3c-9d2e-1f0a9b8c7d6e</RequestId>\n"
        + "  </ResponseMetadata>\n</" + op + "Response>\n";
  }

  // ------------------------------------------------------------------ ElastiCache

  /** A cluster-mode replication group, shards 0001..N, each with a primary and {@code replicas} replicas. */
  static String replicationGroup(String id, String status, String nodeType, int shards, int replicas) {
    StringBuilder b = new StringBuilder("    <ReplicationGroup>\n      <ReplicationGroupId>").append(id).append("</ReplicationGroupId>\n")
        .append("      <Description>TAP trading cache</Description>\n      <Status>").append(status).append("</Status>\n")
        .append("      <NodeGroups>\n");
    for (int s = 1; s <= shards; s++) {
      String ng = String.format("%04d", s);
      b.append("        <NodeGroup>\n          <NodeGroupId>").append(ng).append("</NodeGroupId>\n          <Status>").append(status)
          .append("</Status>\n          <Slots>").append(s).append("</Slots>\n          <NodeGroupMembers>\n");
      for (int n = 1; n <= replicas + 1; n++) {
        b.append("            <NodeGroupMember>\n              <CacheClusterId>").append(nodeId(id, s, n)).append("</CacheClusterId>\n")
            .append("              <CacheNodeId>0001</CacheNodeId>\n              <PreferredAvailabilityZone>us-east-1").append((char) ('a' + n - 1))
            .append("</PreferredAvailabilityZone>\n            </NodeGroupMember>\n");
      }
      b.append("          </NodeGroupMembers>\n        </NodeGroup>\n");
    }
    return b.append("      </NodeGroups>\n      <ClusterEnabled>true</ClusterEnabled>\n      <CacheNodeType>").append(nodeType).append("</CacheNodeType>\n")
        .append("      <Engine>redis</Engine>\n      <MultiAZ>enabled</MultiAZ>\n      <DataTiering>disabled</DataTiering>\n")
        .append("      <ARN>arn:aws:elasticache:us-east-1:").append(ACCOUNT).append(":replicationgroup:").append(id).append("</ARN>\n")
        .append("    </ReplicationGroup>\n").toString();
  }

  static String nodeId(String group, int shard, int node) {
    return String.format("%s-%04d-%03d", group, shard, node);
  }

  static String describeGroups(String id, String status, String nodeType, int shards, int replicas) {
    return ok(ELASTICACHE_XMLNS, "DescribeReplicationGroups", "    <ReplicationGroups>\n" + replicationGroup(id, status, nodeType, shards, replicas)
        + "    </ReplicationGroups>\n");
  }

  /** ModifyReplicationGroup, ModifyReplicationGroupShardConfiguration, Increase/DecreaseReplicaCount: the group as it is now. */
  static String groupResult(String op, String id, String status, String nodeType, int shards, int replicas) {
    return ok(ELASTICACHE_XMLNS, op, replicationGroup(id, status, nodeType, shards, replicas));
  }

  static String elastiCacheTags(String... keyValues) {
    StringBuilder b = new StringBuilder("    <TagList>\n");
    for (int i = 0; i < keyValues.length; i += 2) {
      b.append("      <Tag><Key>").append(keyValues[i]).append("</Key><Value>").append(keyValues[i + 1]).append("</Value></Tag>\n");
    }
    return ok(ELASTICACHE_XMLNS, "ListTagsForResource", b.append("    </TagList>\n").toString());
  }

  // ------------------------------------------------------------------ RDS

  static String dbInstance(String id, String instanceClass, String status) {
    return "      <DBInstance>\n        <DBInstanceIdentifier>" + id + "</DBInstanceIdentifier>\n        <DBInstanceClass>" + instanceClass
        + "</DBInstanceClass>\n        <Engine>postgres</Engine>\n        <DBInstanceStatus>" + status + "</DBInstanceStatus>\n"
        + "        <MultiAZ>false</MultiAZ>\n        <BackupRetentionPeriod>7</BackupRetentionPeriod>\n        <StorageType>gp3</StorageType>\n"
        + "        <AllocatedStorage>100</AllocatedStorage>\n        <DBInstanceArn>" + dbArn(id) + "</DBInstanceArn>\n"
        + "        <ReadReplicaDBInstanceIdentifiers/>\n        <TagList><Tag><Key>Platform</Key><Value>TAP</Value></Tag></TagList>\n      </DBInstance>\n";
  }

  static String dbArn(String id) {
    return "arn:aws:rds:us-east-1:" + ACCOUNT + ":db:" + id;
  }

  static String describeInstances(String... instances) {
    return ok(ServedAws.RDS_XMLNS, "DescribeDBInstances", "    <DBInstances>\n" + String.join("", instances) + "    </DBInstances>\n");
  }

  static String instanceNotFound(String id) {
    return ServedAws.queryError(ServedAws.RDS_XMLNS, "Sender", "DBInstanceNotFound", "DBInstance " + id + " not found.");
  }

  /** A blue/green deployment; {@code switchover} is the one SwitchoverDetails member, source and target. */
  static String blueGreen(String id, String status, String source, String target, String switchoverStatus) {
    return "      <BlueGreenDeploymentIdentifier>" + id + "</BlueGreenDeploymentIdentifier>\n"
        + "      <BlueGreenDeploymentName>" + (id.startsWith("bgd-manual") ? "manual-upgrade" : "tap-dev-staging-db-tap-1796029200")
        + "</BlueGreenDeploymentName>\n"
        + "      <Source>" + source + "</Source>\n      <Target>" + target + "</Target>\n"
        + "      <SwitchoverDetails>\n        <member>\n          <SourceMember>" + source + "</SourceMember>\n          <TargetMember>" + target
        + "</TargetMember>\n          <Status>" + switchoverStatus + "</Status>\n        </member>\n      </SwitchoverDetails>\n"
        + "      <Status>" + status + "</Status>\n      <CreateTime>2026-11-30T09:00:00.000Z</CreateTime>\n";
  }

  static String describeBlueGreen(String id, String status, String source, String target, String switchoverStatus) {
    return ok(ServedAws.RDS_XMLNS, "DescribeBlueGreenDeployments", "    <BlueGreenDeployments>\n      <member>\n"
        + blueGreen(id, status, source, target, switchoverStatus) + "      </member>\n    </BlueGreenDeployments>\n");
  }

  static String blueGreenResult(String op, String id, String status, String source, String target, String switchoverStatus) {
    return ok(ServedAws.RDS_XMLNS, op, "    <BlueGreenDeployment>\n" + blueGreen(id, status, source, target, switchoverStatus) + "    </BlueGreenDeployment>\n");
  }

  /** A clock that only the polling's sleeper moves, and a record of every sleep. */
  static final class SleepClock extends Clock {
    private Instant now;
    final List<Duration> sleeps = new ArrayList<>();

    SleepClock(Instant start) {
      this.now = start;
    }

    AwsPolling polling() {
      return polling(Duration.ofSeconds(30));
    }

    AwsPolling polling(Duration interval) {
      return new AwsPolling(this, d -> {
        sleeps.add(d);
        now = now.plus(d);
      }, interval);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
