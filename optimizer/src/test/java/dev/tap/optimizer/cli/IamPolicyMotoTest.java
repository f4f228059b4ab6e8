package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code tap analyze} as an IAM user that holds exactly the policy {@code tap iam-policy --for
 * analyze} prints, against a moto server that enforces IAM (after its first
 * {@code INITIAL_NO_AUTH_ACTION_COUNT} requests, which set the account up): it succeeds, and with
 * one permission taken out it fails naming that permission.
 */
class IamPolicyMotoTest {
  @TempDir Path dir;

  @AfterEach
  void clear() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  /**
   * moto checks an action under the SigV4 signing name of its service, which for CloudWatch is
   * {@code monitoring}, not the IAM prefix {@code cloudwatch}: the user gets both spellings of the
   * same permissions, nothing more.
   */
  static String forMoto(String policy) throws Exception {
    ObjectNode doc = (ObjectNode) new ObjectMapper().readTree(policy);
    for (JsonNode s : doc.get("Statement")) {
      ArrayNode actions = (ArrayNode) s.get("Action");
      for (int i = actions.size() - 1; i >= 0; i--) {
        String a = actions.get(i).asText();
        if (a.startsWith("cloudwatch:")) actions.add("monitoring:" + a.substring("cloudwatch:".length()));
      }
    }
    return doc.toString();
  }

  static AccessKey user(IamClient iam, String name, String policy) {
    iam.createUser(b -> b.userName(name));
    String arn = iam.createPolicy(b -> b.policyName(name + "-policy").policyDocument(policy)).policy().arn();
    iam.attachUserPolicy(b -> b.userName(name).policyArn(arn));
    return iam.createAccessKey(b -> b.userName(name)).accessKey();
  }

  ExecCommandsTest.Result analyzeAs(AccessKey key, MotoServer moto, Path outputs) {
    System.setProperty("aws.accessKeyId", key.accessKeyId());
    System.setProperty("aws.secretAccessKey", key.secretAccessKey());
    return ExecCommandsTest.tap("analyze", "--outputs", outputs.toString(), "--endpoint-url", moto.endpoint().toString(), "--format", "json");
  }

  @Test
  void analyzeRunsWithExactlyThePrintedPolicy_andFailsNamingAPermissionTakenOut() throws Exception {
    Assumptions.assumeTrue(MotoServer.installed(), "moto_server is not on the PATH: install moto (pip install 'moto[server]') to run this test");
    ExecCommandsTest.Result printed = ExecCommandsTest.tap("iam-policy", "--for", "analyze");
    assertThat(printed.exit()).as(printed.err()).isZero();
    String policy = printed.out();
    assertThat(policy).contains("dynamodb:DescribeTable").contains("sts:GetCallerIdentity").contains("cloudwatch:GetMetricData");
    String without = policy.replace("\"dynamodb:DescribeTable\",", "");
    assertThat(without).doesNotContain("dynamodb:DescribeTable");

    try (MotoServer moto = MotoServer.startWith(Map.of("INITIAL_NO_AUTH_ACTION_COUNT", "200"));
        AwsClients admin = moto.clients("us-east-1");
        IamClient iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
            .credentialsProvider(MotoServer.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
      admin.dynamoDb("us-east-1").createTable(b -> b.tableName("tap-dev-trades")
          .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
          .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
          .billingMode(BillingMode.PROVISIONED)
          .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(100L).writeCapacityUnits(50L).build()));
      AccessKey exact = user(iam, "tap-analyze", forMoto(policy));
      AccessKey short1 = user(iam, "tap-analyze-short", forMoto(without));
      enforceFromNowOn(moto);

      Path outputs = dir.resolve("all-outputs.json");
      Files.writeString(outputs, "{\"Tap-trading-dev\": {\"StackRegion\": \"us-east-1\", \"Blueprint\": \"trading\", \"EnvironmentSuffix\": \"dev\","
          + " \"TradesTableName\": \"tap-dev-trades\"}}");
      ExecCommandsTest.Result ok = analyzeAs(exact, moto, outputs);
      assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
      assertThat(ok.out()).contains("tap-dev-trades");

      ExecCommandsTest.Result denied = analyzeAs(short1, moto, outputs);
      assertThat(denied.exit()).as(denied.out() + denied.err()).isNotZero();
      assertThat(denied.err()).contains("Grant the IAM permission 'dynamodb:DescribeTable'");
    }
  }

  @Test
  void theApplyPolicyOfAPlanNamesItsResources_andAnalyzeTakesNoPlan() throws Exception {
    ExecCommandsTest helper = new ExecCommandsTest();
    helper.dir = dir;
    Path plan = helper.modestPlan();
    ExecCommandsTest.Result apply = ExecCommandsTest.tap("iam-policy", "--for", "apply", "--plan", plan.toString());
    assertThat(apply.exit()).as(apply.err()).isZero();
    assertThat(apply.out()).contains("arn:aws:elasticache:us-east-1:123456789012:replicationgroup:tap-dev-trading-redis")
        .contains("arn:aws:rds:us-east-1:123456789012:cluster:tap-dev-trading-aurora").contains("rds:ModifyDBCluster")
        .contains("elasticache:DecreaseReplicaCount").contains("arn:aws:ssm:us-east-1:123456789012:parameter/tap/run-lock")
        .doesNotContain("dynamodb:UpdateTable");
    ExecCommandsTest.Result any = ExecCommandsTest.tap("iam-policy", "--for", "apply");
    assertThat(any.exit()).isZero();
    assertThat(any.err()).contains("pass --plan FILE");
    ExecCommandsTest.Result bad = ExecCommandsTest.tap("iam-policy", "--for", "analyze", "--plan", plan.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--plan belongs to --for apply");
  }

  /** moto counts requests before it enforces IAM: spend the rest of the allowance with the setup's key until moto refuses it. */
  static void enforceFromNowOn(MotoServer moto) {
    try (StsClient sts = StsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create()).build()) {
      for (int i = 0; i < 250; i++) {
        try {
          sts.getCallerIdentity();
        } catch (RuntimeException refused) {
          return; // the unknown key is refused: IAM is enforced
        }
      }
    }
    throw new AssertionError("moto never started enforcing IAM");
  }
}
