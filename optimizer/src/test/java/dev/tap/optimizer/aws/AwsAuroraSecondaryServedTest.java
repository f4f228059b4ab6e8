package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.exec.ActionFailedException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Detaching and re-creating an Aurora global database's secondary region against served responses:
 * moto 5.2 ignores RemoveFromGlobalCluster for a member in another region.
 */
class AwsAuroraSecondaryServedTest {
  static final String PRIMARY = "tap-dev-trading-aurora";
  static final String SECONDARY = "tap-dev-trading-aurora-usw2";
  static final String GLOBAL = "tap-dev-trading-global";
  static final String PRIMARY_ARN = "arn:aws:rds:us-east-1:111122223333:cluster:" + PRIMARY;
  static final String SECONDARY_ARN = "arn:aws:rds:us-west-2:111122223333:cluster:" + SECONDARY;
  static final String KMS = "arn:aws:kms:us-west-2:111122223333:key/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9";

  final ServedAws served = new ServedAws();
  final AwsXml.SleepClock clock = new AwsXml.SleepClock(Instant.parse("2026-11-30T09:00:00Z"));
  AwsClients aws;
  AwsAuroraApi api;

  @BeforeEach
  void clients() {
    // No --region: each call goes to its resource's region.
    aws = served.clients(null, 4);
    api = new AwsAuroraApi(aws, clock.polling());
  }

  @AfterEach
  void stop() {
    aws.close();
    served.close();
  }

  static String cluster(String id, String arn, String status, boolean global, String... writerAndReaders) {
    StringBuilder members = new StringBuilder();
    for (int i = 0; i < writerAndReaders.length; i++) {
      members.append("          <DBClusterMember><DBInstanceIdentifier>").append(writerAndReaders[i]).append("</DBInstanceIdentifier><IsClusterWriter>")
          .append(i == 0 && arn.equals(PRIMARY_ARN)).append("</IsClusterWriter></DBClusterMember>\n");
    }
    return AwsXml.ok(ServedAws.RDS_XMLNS, "DescribeDBClusters", "    <DBClusters>\n      <DBCluster>\n"
        + "        <DBClusterIdentifier>" + id + "</DBClusterIdentifier>\n        <DBClusterArn>" + arn + "</DBClusterArn>\n"
        + "        <Engine>aurora-postgresql</Engine>\n        <EngineVersion>15.4</EngineVersion>\n        <Status>" + status + "</Status>\n"
        + (global ? "        <GlobalClusterIdentifier>" + GLOBAL + "</GlobalClusterIdentifier>\n" : "")
        + "        <DBSubnetGroup>tap-dev-trading-usw2-db</DBSubnetGroup>\n        <VpcSecurityGroups>\n"
        + "          <VpcSecurityGroupMembership><VpcSecurityGroupId>sg-0b1c2d3e4f5a6b7c8</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroupMembership>\n"
        + "          <VpcSecurityGroupMembership><VpcSecurityGroupId>sg-0a1b2c3d4e5f6a7b8</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroupMembership>\n"
        + "        </VpcSecurityGroups>\n        <StorageEncrypted>true</StorageEncrypted>\n        <KmsKeyId>" + KMS + "</KmsKeyId>\n"
        + "        <BackupRetentionPeriod>7</BackupRetentionPeriod>\n        <DBClusterMembers>\n" + members + "        </DBClusterMembers>\n"
        + "        <TagList><Tag><Key>Platform</Key><Value>TAP</Value></Tag></TagList>\n      </DBCluster>\n    </DBClusters>\n");
  }

  static String global(boolean withSecondary) {
    return AwsXml.ok(ServedAws.RDS_XMLNS, "DescribeGlobalClusters", "    <GlobalClusters>\n      <GlobalClusterMember>\n"
        + "        <GlobalClusterIdentifier>" + GLOBAL + "</GlobalClusterIdentifier>\n        <Engine>aurora-postgresql</Engine>\n"
        + "        <Status>available</Status>\n        <GlobalClusterMembers>\n"
        + "          <GlobalClusterMember><DBClusterArn>" + PRIMARY_ARN + "</DBClusterArn><IsWriter>true</IsWriter></GlobalClusterMember>\n"
        + (withSecondary ? "          <GlobalClusterMember><DBClusterArn>" + SECONDARY_ARN + "</DBClusterArn><IsWriter>false</IsWriter></GlobalClusterMember>\n" : "")
        + "        </GlobalClusterMembers>\n      </GlobalClusterMember>\n    </GlobalClusters>\n");
  }

  static String instance(String id, String cls) {
    return "      <DBInstance>\n        <DBInstanceIdentifier>" + id + "</DBInstanceIdentifier>\n        <DBInstanceClass>" + cls + "</DBInstanceClass>\n"
        + "        <Engine>aurora-postgresql</Engine>\n        <DBInstanceStatus>available</DBInstanceStatus>\n        <DBClusterIdentifier>" + SECONDARY
        + "</DBClusterIdentifier>\n      </DBInstance>\n";
  }

  List<Map<String, String>> forms() {
    return served.requests().stream().map(ServedAws.Request::form).toList();
  }

  String signedRegion(int request) {
    String auth = served.requests().get(request).headers().get("authorization");
    return auth.split("/")[2];
  }

  @Test
  void removingASecondaryDetachesItThroughThrottlingAndDeletesIt_writingNothingOnThePrimary() {
    served.answerXml(200, cluster(PRIMARY, PRIMARY_ARN, "available", true, PRIMARY + "-writer"))
        .answerXml(200, global(true))
        .answerXml(200, cluster(SECONDARY, SECONDARY_ARN, "available", true, SECONDARY + "-1", SECONDARY + "-2"))
        .answerXml(200, AwsXml.describeInstances(instance(SECONDARY + "-1", "db.r6g.2xlarge"), instance(SECONDARY + "-2", "db.r6g.large")))
        .answerXml(400, ServedAws.queryError(ServedAws.RDS_XMLNS, "Sender", "Throttling", "Rate exceeded"))
        .answerXml(503, ServedAws.queryError(ServedAws.RDS_XMLNS, "Receiver", "ServiceUnavailable", "Service unavailable"))
        .answerXml(200, AwsXml.ok(ServedAws.RDS_XMLNS, "RemoveFromGlobalCluster", "    <GlobalCluster><GlobalClusterIdentifier>" + GLOBAL
            + "</GlobalClusterIdentifier><Status>modifying</Status></GlobalCluster>\n"))
        .answerXml(200, global(true))
        .answerXml(200, global(false))
        .answerXml(200, cluster(SECONDARY, SECONDARY_ARN, "available", false, SECONDARY + "-1", SECONDARY + "-2"))
        .answerXml(200, AwsXml.ok(ServedAws.RDS_XMLNS, "DeleteDBInstance", instance(SECONDARY + "-1", "db.r6g.2xlarge")))
        .answerXml(200, AwsXml.ok(ServedAws.RDS_XMLNS, "DeleteDBInstance", instance(SECONDARY + "-2", "db.r6g.large")))
        .answerXml(200, AwsXml.ok(ServedAws.RDS_XMLNS, "DeleteDBCluster", "    <DBCluster><DBClusterIdentifier>" + SECONDARY
            + "</DBClusterIdentifier><Status>deleting</Status></DBCluster>\n"));

    api.removeSecondaryRegion(PRIMARY, "us-east-1", "us-west-2");

    List<Map<String, String>> f = forms();
    assertThat(f).hasSize(13);
    // What a rollback re-creates is in the journal's before-state; nothing is written on the primary.
    assertThat(f).extracting(r -> r.get("Action")).doesNotContain("AddTagsToResource");
    for (int i = 4; i <= 6; i++) {
      assertThat(f.get(i)).containsEntry("Action", "RemoveFromGlobalCluster").containsEntry("GlobalClusterIdentifier", GLOBAL)
          .containsEntry("DbClusterIdentifier", SECONDARY_ARN);
      assertThat(signedRegion(i)).isEqualTo("us-west-2");
    }
    assertThat(f.get(10)).containsEntry("Action", "DeleteDBInstance").containsEntry("DBInstanceIdentifier", SECONDARY + "-1");
    assertThat(f.get(11)).containsEntry("Action", "DeleteDBInstance").containsEntry("DBInstanceIdentifier", SECONDARY + "-2");
    assertThat(f.get(12)).containsEntry("Action", "DeleteDBCluster").containsEntry("DBClusterIdentifier", SECONDARY).containsEntry("SkipFinalSnapshot", "true");
    assertThat(signedRegion(12)).isEqualTo("us-west-2");
    assertThat(clock.sleeps).hasSize(1);
  }

  @Test
  void describeReportsTheSecondaryAsTheKeysTheReAddIsBuiltFrom() {
    served.answerXml(200, cluster(PRIMARY, PRIMARY_ARN, "available", true, PRIMARY + "-writer"))
        .answerXml(200, AwsXml.describeInstances(AwsXml.dbInstance(PRIMARY + "-writer", "db.r6g.2xlarge", "available")))
        .answerXml(200, global(true))
        .answerXml(200, global(true))
        .answerXml(200, cluster(SECONDARY, SECONDARY_ARN, "available", true, SECONDARY + "-1", SECONDARY + "-2"))
        .answerXml(200, AwsXml.describeInstances(instance(SECONDARY + "-1", "db.r6g.2xlarge"), instance(SECONDARY + "-2", "db.r6g.large")));

    Map<String, String> config = api.describeCluster(PRIMARY, "us-east-1").config();

    assertThat(config).containsEntry("secondaryRegions", "us-west-2").containsAllEntriesOf(RECORDED);
    AwsAuroraApi.SecondaryCluster spec = AwsAuroraApi.SecondaryCluster.fromConfig(config, "us-west-2").orElseThrow();
    assertThat(spec.config("us-west-2")).isEqualTo(RECORDED);
    assertThat(AwsAuroraApi.SecondaryCluster.fromConfig(config, "eu-west-1")).isEmpty();
  }

  /** The primary's before-state as describe records it, with the secondary cluster's keys. */
  static final Map<String, String> RECORDED = Map.of("secondary.us-west-2.cluster", SECONDARY, "secondary.us-west-2.engineVersion", "15.4",
      "secondary.us-west-2.subnetGroup", "tap-dev-trading-usw2-db", "secondary.us-west-2.securityGroups", "sg-0a1b2c3d4e5f6a7b8 sg-0b1c2d3e4f5a6b7c8",
      "secondary.us-west-2.kmsKeyId", KMS, "secondary.us-west-2.instance:" + SECONDARY + "-1", "db.r6g.2xlarge",
      "secondary.us-west-2.instance:" + SECONDARY + "-2", "db.r6g.large");

  @Test
  void reAddingASecondaryBuildsItFromTheRecordedBeforeState() {
    served.answerXml(200, cluster(PRIMARY, PRIMARY_ARN, "available", true, PRIMARY + "-writer"))
        // the old cluster of that name is still being deleted, then gone
        .answerXml(200, cluster(SECONDARY, SECONDARY_ARN, "deleting", false))
        .answerXml(404, ServedAws.queryError(ServedAws.RDS_XMLNS, "Sender", "DBClusterNotFoundFault", "DBCluster " + SECONDARY + " not found."))
        .answerXml(200, AwsXml.ok(ServedAws.RDS_XMLNS, "CreateDBCluster", "    <DBCluster><DBClusterIdentifier>" + SECONDARY
            + "</DBClusterIdentifier><Status>creating</Status></DBCluster>\n"))
        .answerXml(200, AwsXml.ok(ServedAws.RDS_XMLNS, "CreateDBInstance", instance(SECONDARY + "-1", "db.r6g.2xlarge")))
        .answerXml(200, AwsXml.ok(ServedAws.RDS_XMLNS, "CreateDBInstance", instance(SECONDARY + "-2", "db.r6g.large")));

    Map<String, String> recorded = new java.util.TreeMap<>(RECORDED);
    recorded.put("secondaryRegions", "us-west-2");
    recorded.put("instanceClass", "db.r6g.2xlarge");
    api.addSecondaryRegion(PRIMARY, "us-east-1", "us-west-2", recorded);

    List<Map<String, String>> f = forms();
    assertThat(f).hasSize(6);
    assertThat(f.get(3)).containsEntry("Action", "CreateDBCluster").containsEntry("DBClusterIdentifier", SECONDARY)
        .containsEntry("GlobalClusterIdentifier", GLOBAL).containsEntry("Engine", "aurora-postgresql").containsEntry("EngineVersion", "15.4")
        .containsEntry("DBSubnetGroupName", "tap-dev-trading-usw2-db").containsEntry("KmsKeyId", KMS).containsEntry("StorageEncrypted", "true")
        .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.1", "sg-0a1b2c3d4e5f6a7b8").containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.2", "sg-0b1c2d3e4f5a6b7c8");
    assertThat(signedRegion(3)).isEqualTo("us-west-2");
    assertThat(f.get(4)).containsEntry("Action", "CreateDBInstance").containsEntry("DBInstanceIdentifier", SECONDARY + "-1")
        .containsEntry("DBClusterIdentifier", SECONDARY).containsEntry("DBInstanceClass", "db.r6g.2xlarge");
    assertThat(f.get(5)).containsEntry("Action", "CreateDBInstance").containsEntry("DBInstanceIdentifier", SECONDARY + "-2")
        .containsEntry("DBInstanceClass", "db.r6g.large");
    assertThat(f).extracting(r -> r.get("Action")).doesNotContain("ListTagsForResource", "RemoveTagsFromResource");
    assertThat(clock.sleeps).hasSize(1);
  }

  @Test
  void withoutTheSecondarysKeysInTheRecordedStateTheReAddFailsBeforeAnyCall_sayingHowToReCreateIt() {
    assertThatThrownBy(() -> api.addSecondaryRegion(PRIMARY, "us-east-1", "us-west-2", Map.of("secondaryRegions", "us-west-2")))
        .isInstanceOf(ActionFailedException.class).hasMessageContaining("has no secondary.us-west-2.* keys").hasMessageContaining("cdk deploy");
    assertThat(served.requests()).isEmpty();
  }

  @Test
  void aRegionPinnedByDashDashRegionCannotReachTheSecondary() {
    try (AwsClients pinned = served.clients("us-east-1", 2)) {
      assertThatThrownBy(() -> new AwsAuroraApi(pinned, clock.polling()).removeSecondaryRegion(PRIMARY, "us-east-1", "us-west-2"))
          .isInstanceOf(ActionFailedException.class).hasMessageContaining("run without --region");
    }
    assertThat(served.requests()).isEmpty();
  }
}
