package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.inventory.OutputsFile;
import dev.tap.optimizer.model.ConfigKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which resources an outputs file names, and what it is reported for (docs/outputs.md). */
class OutputsTargetsTest {

  @TempDir Path dir;
  final List<String> problems = new ArrayList<>();

  List<Target> targets(String json) throws IOException {
    return OutputsTargets.of(OutputsFile.read(Files.writeString(dir.resolve("outputs.json"), json)), problems);
  }

  static final String TRADING = """
      {"Tap-trading-dev": {"StackRegion": "us-east-1", "Blueprint": "trading", "AuroraClusterId": "a", "AsgName": "g", "RedisReplicationGroupId": "r",
       "TradesTableName": "t1", "OrdersTableName": "t2", "PositionsTableName": "t3", "DaxClusterName": "d"}}
      """;

  @Test
  void aCompleteTradingStackNamesEveryFamilyInItsRegion() throws IOException {
    List<Target> t = targets(TRADING);

    assertThat(t).extracting(x -> x.family() + " " + x.id() + " " + x.region()).containsExactly(
        "AURORA a us-east-1", "ASG g us-east-1", "REDIS r us-east-1", "DYNAMODB t1 us-east-1", "DYNAMODB t2 us-east-1", "DYNAMODB t3 us-east-1", "DAX d us-east-1");
    assertThat(t.get(0).origin()).isEqualTo("outputs key AuroraClusterId of stack Tap-trading-dev");
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest(name = "{0} missing from a {1} stack")
  @CsvSource({
      "AuroraClusterId, trading, Aurora",
      "DaxClusterName, trading, DAX",
      "PositionsTableName, trading, DynamoDB table Positions",
      "AlbArn, saas, ALB",
      "AuditLogsTableName, saas, DynamoDB table AuditLogs",
      "LambdaFunctionNames, staging, Lambda",
      "NlbArn, staging, NLB",
      "RdsInstanceId, staging, RDS",
  })
  void aRequiredIdentifierMissingIsReported(String key, String blueprint, String label) throws IOException {
    targets("{\"Tap-" + blueprint + "-dev\": {\"StackRegion\": \"us-east-1\", \"Blueprint\": \"" + blueprint + "\"}}");

    assertThat(problems).contains("outputs key " + key + " missing in stack Tap-" + blueprint + "-dev: " + label + " not inventoried");
  }

  @Test
  void aRelatedKeyWithoutItsIdentifierIsReportedEvenWithoutABlueprint() throws IOException {
    List<Target> t = targets("{\"StackRegion\": \"eu-west-1\", \"AuroraClusterArn\": \"arn:aws:rds:eu-west-1:1:cluster:a\", \"AsgName\": \"g\"}");

    assertThat(t).extracting(Target::id).containsExactly("g");
    assertThat(problems).containsExactly("outputs key AuroraClusterId missing in outputs file outputs.json: Aurora not inventoried (AuroraClusterArn present)");
  }

  @Test
  void withoutABlueprintNothingIsRequired() throws IOException {
    targets("{\"StackRegion\": \"us-east-1\", \"AsgName\": \"g\"}");

    assertThat(problems).isEmpty();
  }

  @Test
  void aSecondarySaasStackRequiresNoFamilies() throws IOException {
    List<Target> t = targets("{\"Tap-saas-dev-eu\": {\"StackRegion\": \"eu-west-1\", \"Blueprint\": \"saas\", \"AuroraSecondaryClusterId\": \"s\", "
        + "\"AuroraSecondaryClusterArn\": \"arn:aws:rds:eu-west-1:1:cluster:s\"}}");

    assertThat(t).isEmpty();
    assertThat(problems).isEmpty();
  }

  @Test
  void unknownKeysAndBlueprintsAreReportedNotGuessed() throws IOException {
    List<Target> t = targets("{\"S\": {\"Blueprint\": \"trading-v2\", \"AsgName\": \"g\", \"AsgNmae\": \"h\", \"FooTableName\": \"x\"}}");

    assertThat(t).extracting(Target::id).containsExactly("g");
    assertThat(problems).containsExactly(
        "outputs key AsgNmae in stack S is not a TAP output (docs/outputs.md): ignored",
        "outputs key FooTableName in stack S is not a TAP output (docs/outputs.md): ignored",
        "outputs key Blueprint in stack S is 'trading-v2', not one of [saas, staging, trading]: only the families whose keys are present were inventoried");
  }

  @Test
  void withoutStackRegionTheFirstArnGivesTheRegionAndLoadBalancersUseTheirOwn() throws IOException {
    List<Target> t = targets("""
        {"KmsKeyArn": {"value": "arn:aws:kms:eu-central-1:1:key/k"}, "AsgName": {"value": "g"},
         "AlbArn": {"value": "arn:aws:elasticloadbalancing:us-west-2:1:loadbalancer/app/alb/abc"}, "AlbFullName": {"value": "app/alb/abc"}}
        """);

    assertThat(t).extracting(x -> x.family() + " " + x.region()).containsExactly("ASG eu-central-1", "ALB us-west-2");
    assertThat(t.get(1).expect()).isEqualTo(Map.of(ConfigKeys.LB_FULL_NAME, "app/alb/abc"));
  }

  @Test
  void noRegionAnywhereLeavesItToTheFlagOrTheSdkChain() throws IOException {
    assertThat(targets("{\"AsgName\": \"g\"}").get(0).region()).isNull();
  }

  @Test
  void lambdaFunctionNamesAreOneTargetEachAndCrossChecksAreCarried() throws IOException {
    List<Target> t = targets("{\"LambdaFunctionNames\": \"f1, f2\", \"RdsInstanceId\": \"db\", \"RdsReplicaId\": \"db-replica\", "
        + "\"AuroraClusterId\": \"a\", \"AuroraGlobalClusterId\": \"g\"}");

    assertThat(t).extracting(x -> x.family() + " " + x.id()).containsExactly("AURORA a", "RDS db", "LAMBDA f1", "LAMBDA f2");
    assertThat(t.get(0).expect()).isEqualTo(Map.of(ConfigKeys.GLOBAL_CLUSTER_ID, "g"));
    assertThat(t.get(1).expect()).isEqualTo(Map.of(ConfigKeys.MEMBER_IDS, "db-replica"));
    assertThat(t).allMatch(x -> x.family() != DaxFamily.DAX);
  }
}
