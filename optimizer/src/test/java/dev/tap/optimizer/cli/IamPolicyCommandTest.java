package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code tap iam-policy --for} every command that calls AWS, each with the calls that command makes and nothing that changes. */
class IamPolicyCommandTest {

  @ParameterizedTest(name = "--for {0}")
  @CsvSource({
    "report,   ce:GetCostAndUsage,             cloudwatch:GetMetricData",
    "prices,   pricing:GetProducts,            sts:GetCallerIdentity",
    "loadtest, lambda:InvokeFunction,          sagemaker:DescribeEndpoint",
    "loadtest, secretsmanager:GetSecretValue,  ssm:PutParameter",
    "ml,       sagemaker:DescribeEndpoint,     sagemaker:UpdateEndpoint",
    "ml,       application-autoscaling:DescribeScalableTargets, application-autoscaling:RegisterScalableTarget",
    "ml,       cloudwatch:GetMetricData,       cloudwatch:PutMetricAlarm",
    "analyze,  dynamodb:DescribeTable,         dynamodb:UpdateTable",
  })
  void eachCommandsPolicyHasItsCallsAndNotOthers(String command, String has, String lacks) {
    var r = ExecCommandsTest.tap("iam-policy", "--for", command);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"2012-10-17\"").contains("\"" + has + "\"").doesNotContain("\"" + lacks + "\"");
  }

  @ParameterizedTest(name = "--for {0} --plan")
  @CsvSource({"report", "prices", "loadtest", "ml", "analyze"})
  void planBelongsToApplyOnly(String command) {
    var r = ExecCommandsTest.tap("iam-policy", "--for", command, "--plan", "plan.json");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--plan belongs to --for apply").contains(command);
  }
}
