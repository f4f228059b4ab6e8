package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.AwsXml.ELASTICACHE_XMLNS;
import static dev.tap.optimizer.aws.AwsXml.describeGroups;
import static dev.tap.optimizer.aws.AwsXml.groupResult;
import static dev.tap.optimizer.aws.AwsXml.nodeId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.exec.ActionFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ElastiCache adapter against served responses: moto 5.2 serves none of these calls. */
class AwsRedisApiServedTest {
  static final String REGION = "us-east-1";
  static final String GROUP = "tap-dev-trading-redis";

  final ServedAws served = new ServedAws();
  final AwsXml.SleepClock clock = new AwsXml.SleepClock(Instant.parse("2026-11-30T09:00:00Z"));
  AwsClients aws;
  AwsRedisApi api;

  @BeforeEach
  void clients() {
    aws = served.clients(REGION, 4);
    api = new AwsRedisApi(aws, clock.polling());
  }

  @AfterEach
  void stop() {
    aws.close();
    served.close();
  }

  static String error(String code, String message) {
    return ServedAws.queryError(ELASTICACHE_XMLNS, "Sender", code, message);
  }

  List<Map<String, String>> forms() {
    return served.requests().stream().map(ServedAws.Request::form).toList();
  }

  @Test
  void allowedNodeTypesAreTheScaleUpAndScaleDownLists() {
    served.answerXml(200, AwsXml.ok(ELASTICACHE_XMLNS, "ListAllowedNodeTypeModifications", """
            <ScaleUpModifications>
              <member>cache.r6g.2xlarge</member>
              <member>cache.r6g.4xlarge</member>
            </ScaleUpModifications>
            <ScaleDownModifications>
              <member>cache.r6g.large</member>
            </ScaleDownModifications>
        """));
    assertThat(api.allowedNodeTypes(GROUP, REGION)).containsExactly("cache.r6g.2xlarge", "cache.r6g.4xlarge", "cache.r6g.large");
    assertThat(forms().get(0)).containsEntry("Action", "ListAllowedNodeTypeModifications").containsEntry("ReplicationGroupId", GROUP);
  }

  @Test
  void nodeTypeChangeIsRetriedThroughThrottlingAnd503_thenWaitsUntilAvailable() {
    served.answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 3, 1))
        .answerXml(400, error("Throttling", "Rate exceeded"))
        .answerXml(503, ServedAws.queryError(ELASTICACHE_XMLNS, "Receiver", "ServiceUnavailable", "Service is unavailable. Please try again later."))
        .answerXml(200, groupResult("ModifyReplicationGroup", GROUP, "modifying", "cache.r6g.xlarge", 3, 1))
        .answerXml(200, describeGroups(GROUP, "modifying", "cache.r6g.xlarge", 3, 1))
        .answerXml(200, describeGroups(GROUP, "available", "cache.r6g.large", 3, 1));

    api.modifyNodeType(GROUP, REGION, "cache.r6g.large");

    List<Map<String, String>> f = forms();
    assertThat(f).hasSize(6);
    assertThat(f.get(0)).containsEntry("Action", "DescribeReplicationGroups");
    assertThat(f.subList(1, 4)).allSatisfy(r -> assertThat(r).containsEntry("Action", "ModifyReplicationGroup")
        .containsEntry("ReplicationGroupId", GROUP).containsEntry("CacheNodeType", "cache.r6g.large").containsEntry("ApplyImmediately", "true"));
    assertThat(f.get(4)).containsEntry("Action", "DescribeReplicationGroups");
    assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void reshardingToFewerShardsNamesTheHighestShardsForRemovalAndWaitsForTheNewShape() {
    served.answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 4, 1))
        .answerXml(200, groupResult("ModifyReplicationGroupShardConfiguration", GROUP, "modifying", "cache.r6g.xlarge", 4, 1))
        // AWS may still say available with the old shape just after the call; that is not done.
        .answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 4, 1))
        .answerXml(200, describeGroups(GROUP, "modifying", "cache.r6g.xlarge", 3, 1))
        .answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 2, 1));

    api.reshard(GROUP, REGION, 2);

    Map<String, String> call = forms().get(1);
    assertThat(call).containsEntry("Action", "ModifyReplicationGroupShardConfiguration").containsEntry("NodeGroupCount", "2")
        .containsEntry("ApplyImmediately", "true").containsEntry("NodeGroupsToRemove.NodeGroupToRemove.1", "0003")
        .containsEntry("NodeGroupsToRemove.NodeGroupToRemove.2", "0004").doesNotContainKey("NodeGroupsToRemove.NodeGroupToRemove.3");
    assertThat(clock.sleeps).hasSize(2);
  }

  @Test
  void replicasGoDownWithDecreaseReplicaCountAndUpWithIncreaseReplicaCount() {
    served.answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 2, 2))
        .answerXml(200, groupResult("DecreaseReplicaCount", GROUP, "modifying", "cache.r6g.xlarge", 2, 2))
        .answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 2, 1));
    api.setReplicasPerShard(GROUP, REGION, 1);
    assertThat(forms().get(1)).containsEntry("Action", "DecreaseReplicaCount").containsEntry("NewReplicaCount", "1").containsEntry("ApplyImmediately", "true");

    served.answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 2, 1))
        .answerXml(200, groupResult("IncreaseReplicaCount", GROUP, "modifying", "cache.r6g.xlarge", 2, 1))
        .answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 2, 2));
    api.setReplicasPerShard(GROUP, REGION, 2);
    assertThat(forms().get(4)).containsEntry("Action", "IncreaseReplicaCount").containsEntry("NewReplicaCount", "2");
  }

  @Test
  void memoryInUseIsTheDailyPeakOfEachShardSummed() {
    served.answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 2, 1))
        .answerXml(200, AwsCloudWatchServedTest.response(null,
            AwsCloudWatchServedTest.result("m0", "Complete", new String[] {"2026-11-29T10:00:00Z", "2026-11-29T11:00:00Z"}, new double[] {4.0e9, 6.0e9}),
            AwsCloudWatchServedTest.result("m1", "Complete", new String[] {"2026-11-29T10:00:00Z"}, new double[] {5.9e9}),
            AwsCloudWatchServedTest.result("m2", "Complete", new String[] {"2026-11-29T10:00:00Z"}, new double[] {2.0e9}),
            AwsCloudWatchServedTest.result("m3", "Complete", new String[] {"2026-11-29T10:00:00Z"}, new double[] {2.5e9})));

    assertThat(api.memoryInUseBytes(GROUP, REGION)).hasValue(8_500_000_000L);
    Map<String, String> q = forms().get(1);
    assertThat(q).containsEntry("Action", "GetMetricData").containsEntry("StartTime", "2026-11-29T09:00:00Z").containsEntry("EndTime", "2026-11-30T09:00:00Z")
        .containsEntry("MetricDataQueries.member.1.MetricStat.Metric.MetricName", "BytesUsedForCache")
        .containsEntry("MetricDataQueries.member.1.MetricStat.Stat", "Maximum")
        .containsValue(nodeId(GROUP, 2, 2));
  }

  @Test
  void aShardWithoutDataMakesTheMemoryUnknownRatherThanTooLow() {
    served.answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 2, 0))
        .answerXml(200, AwsCloudWatchServedTest.response(null,
            AwsCloudWatchServedTest.result("m0", "Complete", new String[] {"2026-11-29T10:00:00Z"}, new double[] {4.0e9}),
            AwsCloudWatchServedTest.result("m1", "Complete", new String[0], new double[0])));
    assertThat(api.memoryInUseBytes(GROUP, REGION)).isEmpty();
  }

  @Test
  void aGroupThatNeverSettlesFailsTheActionAfterTheBoundedWait() {
    api = new AwsRedisApi(aws, clock.polling(Duration.ofMinutes(20)));
    served.answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 1, 1));
    served.answerXml(200, groupResult("ModifyReplicationGroup", GROUP, "modifying", "cache.r6g.xlarge", 1, 1));
    long polls = AwsRedisApi.MODIFY_TIMEOUT.toMinutes() / 20 + 1;
    for (long i = 0; i < polls; i++) served.answerXml(200, describeGroups(GROUP, "modifying", "cache.r6g.xlarge", 1, 1));

    assertThatThrownBy(() -> api.modifyNodeType(GROUP, REGION, "cache.r6g.large"))
        .isInstanceOf(ActionFailedException.class)
        .hasMessageContaining("gave up waiting after 120 min for Redis replication group " + GROUP + " to be available with node type cache.r6g.large")
        .hasMessageContaining("now modifying");
    assertThat(clock.sleeps).hasSize((int) polls - 1);
  }

  @Test
  void aCallResumedAfterACrashWaitsForTheEarlierOneAndDoesNotRepeatIt() {
    served.answerXml(200, describeGroups(GROUP, "modifying", "cache.r6g.xlarge", 3, 1))
        .answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 2, 1));
    api.reshard(GROUP, REGION, 2);
    assertThat(forms()).extracting(r -> r.get("Action")).containsExactly("DescribeReplicationGroups", "DescribeReplicationGroups");
    assertThat(clock.sleeps).hasSize(1);
  }

  @Test
  void accessDeniedOnReshardingNamesTheMissingPermission() {
    served.answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 3, 1))
        .answerXml(403, error("AccessDenied", "User: arn:aws:sts::111122223333:assumed-role/tap-apply/sre is not authorized to perform: "
            + "elasticache:ModifyReplicationGroupShardConfiguration on resource: arn:aws:elasticache:us-east-1:111122223333:replicationgroup:" + GROUP));
    assertThatThrownBy(() -> api.reshard(GROUP, REGION, 2))
        .isInstanceOfSatisfying(ActionFailedException.class, e -> assertThat(e.missingPermission()).isEqualTo("elasticache:ModifyReplicationGroupShardConfiguration"))
        .hasMessageContaining("Grant the IAM permission 'elasticache:ModifyReplicationGroupShardConfiguration'").hasMessageContaining("docs/aws-adapters.md");
    assertThat(served.requests()).hasSize(2);
  }
}
