package dev.tap.optimizer.aws;

import static dev.tap.optimizer.model.ConfigKeys.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.inventory.OutputsFile;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AwsInventory against served responses, for what moto does not serve or cannot be made to answer. */
class AwsInventoryServedTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T09:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  final ServedAws served = new ServedAws();

  @AfterEach
  void stop() {
    served.close();
  }

  OutputsFile outputs(String json) throws IOException {
    return OutputsFile.read(Files.writeString(dir.resolve("flat-outputs.json"), json));
  }

  @Test
  void accessDeniedOnADescribeCallNamesThatPermission() throws IOException {
    served.answerCallerIdentity().answerXml(403, ServedAws.queryError(ServedAws.RDS_XMLNS, "Sender", "AccessDenied",
        "User: arn:aws:sts::111122223333:assumed-role/tap-readonly/sre-session is not authorized to perform: rds:DescribeDBClusters on resource: "
            + "arn:aws:rds:us-east-1:111122223333:cluster:tap-dev-trading-aurora because no identity-based policy allows the rds:DescribeDBClusters action"));
    OutputsFile file = outputs("{\"StackRegion\": \"us-east-1\", \"AuroraClusterId\": \"tap-dev-trading-aurora\"}");

    try (AwsClients aws = served.clients(null, 2)) {
      assertThatThrownBy(() -> AwsInventory.fromOutputs(aws, file, CLOCK).snapshot())
          .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AWS_ACCESS))
          .hasMessageStartingWith("AWS denied rds:DescribeDBClusters in us-east-1. Grant the IAM permission 'rds:DescribeDBClusters'")
          .hasMessageContaining("assumed-role/tap-readonly/sre-session");
    }
    assertThat(served.requests().get(1).form()).containsEntry("Action", "DescribeDBClusters").containsEntry("DBClusterIdentifier", "tap-dev-trading-aurora");
  }

  @Test
  void lambdaProvisionedConcurrencyIsSummedOverAliases() throws IOException {
    String arn = "arn:aws:lambda:us-east-1:111122223333:function:tap-dev-staging-fn-1";
    served.answerCallerIdentity()
        .answerJson(200, """
            {"FunctionName": "tap-dev-staging-fn-1", "FunctionArn": "%s", "Runtime": "java17", "Role": "arn:aws:iam::111122223333:role/tap-dev-staging-fn",
             "Handler": "dev.tap.Handler::handle", "CodeSize": 52346, "Timeout": 900, "MemorySize": 3008, "LastModified": "2026-10-30T12:00:00.000+0000",
             "Version": "$LATEST", "State": "Active", "PackageType": "Zip", "Architectures": ["arm64"]}
            """.formatted(arn))
        .answerJson(200, "{\"ReservedConcurrentExecutions\": 100}")
        .answerJson(200, """
            {"ProvisionedConcurrencyConfigs": [
              {"FunctionArn": "%1$s:live", "RequestedProvisionedConcurrentExecutions": 50, "AvailableProvisionedConcurrentExecutions": 50,
               "AllocatedProvisionedConcurrentExecutions": 50, "Status": "READY", "LastModified": "2026-10-30T12:05:00+0000"},
              {"FunctionArn": "%1$s:canary", "RequestedProvisionedConcurrentExecutions": 5, "AvailableProvisionedConcurrentExecutions": 0,
               "AllocatedProvisionedConcurrentExecutions": 0, "Status": "IN_PROGRESS", "LastModified": "2026-11-01T08:00:00+0000"}]}
            """.formatted(arn))
        .answerJson(200, "{\"Tags\": {\"Platform\": \"TAP\", \"Environment\": \"dev\"}}");
    OutputsFile file = outputs("{\"StackRegion\": \"us-east-1\", \"LambdaFunctionNames\": \"tap-dev-staging-fn-1\"}");

    Snapshot s;
    try (AwsClients aws = served.clients(null, 2)) {
      s = AwsInventory.fromOutputs(aws, file, CLOCK).snapshot();
    }

    assertThat(s.account()).isEqualTo("111122223333");
    assertThat(s.problems()).isEmpty();
    Resource fn = s.resources().get(0);
    assertThat(fn.arn()).isEqualTo(arn);
    assertThat(fn.config()).containsOnly(entry(MEMORY_MB, "3008"), entry(TIMEOUT_S, "900"), entry(RESERVED_CONCURRENCY, "100"), entry(PROVISIONED_CONCURRENCY, "55"));
    assertThat(fn.tags()).containsEntry("Environment", "dev");
    assertThat(served.requests()).extracting(ServedAws.Request::path).containsExactly("/",
        "/2015-03-31/functions/tap-dev-staging-fn-1/configuration",
        "/2019-09-30/functions/tap-dev-staging-fn-1/concurrency",
        "/2019-09-30/functions/tap-dev-staging-fn-1/provisioned-concurrency?List=ALL",
        "/2017-03-31/tags/" + arn.replace(":", "%3A"));
  }
}
