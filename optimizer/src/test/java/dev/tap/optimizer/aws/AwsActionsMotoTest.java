package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.exec.ActionRegistry;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each AWS action and its inverse against moto: converge, read back, converge back. */
@ExtendWith(MotoServer.Extension.class)
class AwsActionsMotoTest {
  static final String REGION = "us-east-1";
  static final ActionContext FORWARD = new ActionContext(Instant.EPOCH, true, null, false);
  static final ActionContext BACK = new ActionContext(Instant.EPOCH, true, null, true);

  AwsClients aws;
  MotoFleet fleet;
  ActionRegistry registry;

  @BeforeEach
  void clients(MotoServer moto) {
    aws = new AwsClients(new AwsOptions(null, REGION, moto.endpoint().toString()), MotoServer.credentials(), 2,
        software.amazon.awssdk.retries.api.BackoffStrategy.retryImmediately());
    fleet = new MotoFleet(moto, aws);
    registry = AwsActionAdapters.registry(aws);
  }

  @AfterEach
  void close() {
    aws.close();
  }

  Resource apply(ActionKind kind, String id, Map<String, String> target, ActionContext ctx) {
    FamilyActions f = registry.forKind(kind);
    f.converge(kind, f.read(id, REGION), target, ctx);
    return f.read(id, REGION);
  }

  @Test
  void lambdaMemoryAndReservedConcurrency() {
    fleet.function(REGION, "tap-dev-staging-fn-1", 3008, 900, 100, Map.of("Platform", "TAP"));
    Resource r = apply(LambdaFamily.LAMBDA_MEMORY, "tap-dev-staging-fn-1", Map.of("memoryMb", "1024"), FORWARD);
    assertThat(r.config()).containsEntry("memoryMb", "1024");
    r = apply(LambdaFamily.LAMBDA_CONCURRENCY, "tap-dev-staging-fn-1", Map.of("reservedConcurrency", "20"), FORWARD);
    assertThat(r.config()).containsEntry("reservedConcurrency", "20");
    r = apply(LambdaFamily.LAMBDA_MEMORY, "tap-dev-staging-fn-1", Map.of("memoryMb", "3008"), BACK);
    assertThat(r.config()).containsEntry("memoryMb", "3008");
  }

  @Test
  void asgCapacity() {
    // moto 5.2 answers StartInstanceRefresh with HTTP 500: the instance-type rollout is not tested here.
    fleet.asg(REGION, "tap-dev-staging-asg", "c5.4xlarge", 2, 4, 6, Map.of("Platform", "TAP"));
    Resource r = apply(AsgFamily.ASG_CAPACITY, "tap-dev-staging-asg", Map.of("min", "1", "desired", "2", "max", "4"), FORWARD);
    assertThat(r.config()).containsEntry("min", "1").containsEntry("desired", "2").containsEntry("max", "4");
    r = apply(AsgFamily.ASG_CAPACITY, "tap-dev-staging-asg", Map.of("min", "2", "desired", "4", "max", "6"), BACK);
    assertThat(r.config()).containsEntry("min", "2").containsEntry("desired", "4").containsEntry("max", "6");
  }

  @Test
  void dynamoDbIndexDeletedAndReCreatedFromItsRecordedDefinition_streamAndBillingMode() {
    fleet.table(REGION, "tap-dev-orders", 100L, 50L, List.of("by-account", "by-status"), true, Map.of("Platform", "TAP"));
    FamilyActions f = registry.forKind(DynamoDbFamily.DYNAMODB_DELETE_GSI);
    Resource before = f.read("tap-dev-orders", REGION);
    assertThat(before.config()).containsEntry("gsis", "by-account,by-status")
        .containsEntry("gsi.by-status", "hash=by-statusKey:S;projection=ALL;rcu=100;wcu=50");

    Resource after = apply(DynamoDbFamily.DYNAMODB_DELETE_GSI, "tap-dev-orders", Map.of("gsis", "by-account"), FORWARD);
    assertThat(after.config()).containsEntry("gsis", "by-account").doesNotContainKey("gsi.by-status");
    // Rollback converges to the observed before-state, which carries the definition.
    Resource back = apply(DynamoDbFamily.DYNAMODB_DELETE_GSI, "tap-dev-orders", before.config(), BACK);
    assertThat(back.config()).containsEntry("gsis", "by-account,by-status").containsEntry("gsi.by-status", before.config().get("gsi.by-status"));

    assertThat(apply(DynamoDbFamily.DYNAMODB_DISABLE_STREAM, "tap-dev-orders", Map.of("streamEnabled", "false"), FORWARD).config())
        .containsEntry("streamEnabled", "false");
    // moto 5.2 refuses to re-enable a disabled stream (ResourceInUseException); AWS allows it, with a new stream ARN.
    assertThat(apply(DynamoDbFamily.DYNAMODB_BILLING_MODE, "tap-dev-orders", Map.of("billingMode", "PAY_PER_REQUEST"), FORWARD).config())
        .containsEntry("billingMode", "PAY_PER_REQUEST");
    assertThat(apply(DynamoDbFamily.DYNAMODB_BILLING_MODE, "tap-dev-orders",
        Map.of("billingMode", "PROVISIONED", "readCapacityUnits", "100", "writeCapacityUnits", "50"), BACK).config())
        .containsEntry("billingMode", "PROVISIONED").containsEntry("readCapacityUnits", "100");
  }

  @Test
  void auroraReaderRemovedAndReAdded_retention_writerClass() {
    fleet.aurora(REGION, "tap-dev-saas-aurora", "aurora-mysql", "8.0.mysql_aurora.3.04.0", "db.r6g.4xlarge", "db.r6g.4xlarge", 2, 30, null, Map.of("Platform", "TAP"));
    Resource r = apply(AuroraFamily.DB_REMOVE_READER, "tap-dev-saas-aurora", Map.of("readers", "1"), FORWARD);
    assertThat(r.config()).containsEntry("readers", "1");
    r = apply(AuroraFamily.DB_REMOVE_READER, "tap-dev-saas-aurora", Map.of("readers", "2", "readerClass", "db.r6g.4xlarge"), BACK);
    assertThat(r.config()).containsEntry("readers", "2").containsEntry("readerClass", "db.r6g.4xlarge");
    r = apply(AuroraFamily.DB_BACKUP_RETENTION, "tap-dev-saas-aurora", Map.of("backupRetentionDays", "14"), FORWARD);
    assertThat(r.config()).containsEntry("backupRetentionDays", "14");
    r = apply(AuroraFamily.DB_INSTANCE_CLASS, "tap-dev-saas-aurora", Map.of("instanceClass", "db.r6g.xlarge"), FORWARD);
    // moto applies a modification at once: nothing is left pending for the window the executor is told of.
    assertThat(r.config()).containsEntry("instanceClass", "db.r6g.xlarge").containsEntry("pendingModifiedValues", "")
        .hasEntrySatisfying("preferredMaintenanceWindow", w -> assertThat(dev.tap.optimizer.exec.MaintenanceWindow.parse(w).length()).isPositive());
  }

  @Test
  void everyActionKindIsOfferedOnAws_andAMissingResourceFailsTheAction() {
    for (ActionKind k : List.of(AuroraFamily.DB_REMOVE_SECONDARY_REGION, RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN, RedisFamily.REDIS_NODE_TYPE,
        RedisFamily.REDIS_SHARDS, RedisFamily.REDIS_REPLICAS)) {
      assertThat(registry.find(k)).as(k.name()).isPresent();
    }
    assertThatThrownBy(() -> registry.forKind(LambdaFamily.LAMBDA_MEMORY).read("no-such-fn", REGION))
        .isInstanceOf(ActionFailedException.class).hasMessageContaining("no-such-fn was not found");
  }

  @Test
  void redisGroupIsDescribedWithTheKeysTheRedisActionsUse() {
    fleet.redis(REGION, "tap-dev-trading-redis", "cache.r6g.xlarge", 3, 1, false, Map.of("Platform", "TAP"));
    Resource r = registry.forKind(RedisFamily.REDIS_SHARDS).read("tap-dev-trading-redis", REGION);
    assertThat(r.config()).containsEntry("nodeType", "cache.r6g.xlarge").containsEntry("shards", "3").containsEntry("replicasPerShard", "1");
    assertThat(r.tags()).containsEntry("Platform", "TAP");
  }

  @Test
  void rdsInstanceClassIsModifiedAndDescribed() {
    aws.rds(REGION).createDBInstance(r -> r.dbInstanceIdentifier("tap-dev-staging-db").engine("postgres").dbInstanceClass("db.r6g.2xlarge")
        .masterUsername("tapadmin").masterUserPassword("not-a-secret-1").allocatedStorage(100).tags(MotoFleet.rdsTags(Map.of("Platform", "TAP"))));
    AwsRdsApi rds = new AwsRdsApi(aws, AwsPolling.real(java.time.Clock.systemUTC()));
    // moto applies modifications at once and has no blue/green deployments to list: both keys are reported, empty.
    assertThat(rds.describeInstance("tap-dev-staging-db", REGION).config()).containsEntry("instanceClass", "db.r6g.2xlarge").containsEntry("engine", "postgres")
        .containsKey("preferredMaintenanceWindow").containsEntry("pendingModifiedValues", "").containsEntry("blueGreenDeployments", "");
    rds.modifyInstanceClass("tap-dev-staging-db", REGION, "db.r6g.large", true);
    assertThat(rds.describeInstance("tap-dev-staging-db", REGION).config()).containsEntry("instanceClass", "db.r6g.large");
  }

  @Test
  void auroraSecondaryIsRecordedInTheBeforeStateAndReCreatedFromIt(MotoServer moto) {
    // Cross-region: no --region, each call goes to its resource's region.
    try (AwsClients regional = new AwsClients(new AwsOptions(null, null, moto.endpoint().toString()), MotoServer.credentials(), 2,
        software.amazon.awssdk.retries.api.BackoffStrategy.retryImmediately())) {
      MotoFleet f = new MotoFleet(moto, regional);
      regional.rds(REGION).createGlobalCluster(r -> r.globalClusterIdentifier("tap-dev-trading-global").engine("aurora-postgresql").engineVersion("15.4"));
      f.aurora(REGION, "tap-dev-trading-aurora", "aurora-postgresql", "15.4", "db.r6g.2xlarge", "db.r6g.2xlarge", 1, 7, "tap-dev-trading-global", Map.of());
      f.aurora("us-west-2", "tap-dev-trading-usw2", "aurora-postgresql", "15.4", null, "db.r6g.large", 2, 7, "tap-dev-trading-global", Map.of());
      AwsAuroraApi api = new AwsAuroraApi(regional, AwsPolling.real(java.time.Clock.systemUTC()));
      FamilyActions aurora = new dev.tap.optimizer.family.aurora.AuroraActions(api);

      Resource before = aurora.read("tap-dev-trading-aurora", REGION);
      assertThat(before.config()).containsEntry("secondaryRegions", "us-west-2")
          .containsEntry("secondary.us-west-2.cluster", "tap-dev-trading-usw2").containsEntry("secondary.us-west-2.engineVersion", "15.4")
          .containsEntry("secondary.us-west-2.instance:tap-dev-trading-usw2-reader-1", "db.r6g.large")
          .containsEntry("secondary.us-west-2.instance:tap-dev-trading-usw2-reader-2", "db.r6g.large");

      // moto 5.2 cannot detach a member in another region (RemoveFromGlobalCluster is a no-op there), so the re-creation is
      // shown for a third region: a rollback's target as the journal would hold it had eu-west-1 been removed (its keys
      // made from the recorded us-west-2 ones).
      Map<String, String> restore = new java.util.TreeMap<>(before.config());
      before.config().forEach((k, v) -> {
        if (k.startsWith("secondary.us-west-2.")) {
          restore.put("secondary.eu-west-1." + k.substring("secondary.us-west-2.".length()).replace("usw2", "euw1"), v.replace("usw2", "euw1"));
        }
      });
      restore.put("secondaryRegions", "eu-west-1,us-west-2");

      String note = aurora.converge(AuroraFamily.DB_REMOVE_SECONDARY_REGION, before, restore, BACK);
      assertThat(note).contains("re-created secondary region eu-west-1");
      Resource back = aurora.read("tap-dev-trading-aurora", REGION);
      assertThat(back.config()).containsEntry("secondaryRegions", "eu-west-1,us-west-2")
          .containsEntry("secondary.eu-west-1.cluster", "tap-dev-trading-euw1").containsEntry("secondary.eu-west-1.engineVersion", "15.4")
          .containsEntry("secondary.eu-west-1.instance:tap-dev-trading-euw1-reader-1", "db.r6g.large")
          .containsEntry("secondary.eu-west-1.instance:tap-dev-trading-euw1-reader-2", "db.r6g.large");
      assertThat(regional.rds("eu-west-1").describeDBClusters(r -> r.dbClusterIdentifier("tap-dev-trading-euw1")).dbClusters().get(0).engine())
          .isEqualTo("aurora-postgresql");
    }
  }
}
