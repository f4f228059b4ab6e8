package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.AwsXml.blueGreenResult;
import static dev.tap.optimizer.aws.AwsXml.dbArn;
import static dev.tap.optimizer.aws.AwsXml.dbInstance;
import static dev.tap.optimizer.aws.AwsXml.describeBlueGreen;
import static dev.tap.optimizer.aws.AwsXml.describeInstances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.rds.RdsActions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RDS Blue/Green Deployments against served responses: moto 5.2 answers CreateBlueGreenDeployment with HTTP 500. */
class AwsRdsApiServedTest {
  static final String REGION = "us-east-1";
  static final String DB = "tap-dev-staging-db";
  static final String BGD = "bgd-v53303vg2ewvx4q5";
  static final String GREEN = dbArn(DB + "-green-abc123");

  final ServedAws served = new ServedAws();
  final AwsXml.SleepClock clock = new AwsXml.SleepClock(Instant.parse("2026-11-30T09:00:00Z"));
  AwsClients aws;
  AwsRdsApi api;

  @BeforeEach
  void clients() {
    aws = served.clients(REGION, 4);
    api = new AwsRdsApi(aws, clock.polling());
  }

  @AfterEach
  void stop() {
    aws.close();
    served.close();
  }

  List<Map<String, String>> forms() {
    return served.requests().stream().map(ServedAws.Request::form).toList();
  }

  @Test
  void blueGreenSwitchCreatesWaitsSwitchesOverWithTheTimeoutAndWaitsForCompletion_throughThrottling() {
    served.answerXml(200, describeInstances(dbInstance(DB, "db.r6g.2xlarge", "available")))
        .answerXml(200, AwsXml.ok(ServedAws.RDS_XMLNS, "DescribeBlueGreenDeployments", "    <BlueGreenDeployments/>\n"))
        .answerXml(400, ServedAws.queryError(ServedAws.RDS_XMLNS, "Sender", "Throttling", "Rate exceeded"))
        .answerXml(503, ServedAws.queryError(ServedAws.RDS_XMLNS, "Receiver", "ServiceUnavailable", "Service unavailable"))
        .answerXml(200, blueGreenResult("CreateBlueGreenDeployment", BGD, "PROVISIONING", dbArn(DB), GREEN, "PROVISIONING"))
        .answerXml(200, describeBlueGreen(BGD, "PROVISIONING", dbArn(DB), GREEN, "PROVISIONING"))
        .answerXml(200, describeBlueGreen(BGD, "AVAILABLE", dbArn(DB), GREEN, "AVAILABLE"))
        .answerXml(200, blueGreenResult("SwitchoverBlueGreenDeployment", BGD, "SWITCHOVER_IN_PROGRESS", dbArn(DB), GREEN, "SWITCHOVER_IN_PROGRESS"))
        .answerXml(200, describeBlueGreen(BGD, "SWITCHOVER_IN_PROGRESS", dbArn(DB), GREEN, "SWITCHOVER_IN_PROGRESS"))
        .answerXml(200, describeBlueGreen(BGD, "SWITCHOVER_COMPLETED", dbArn(DB), GREEN, "SWITCHOVER_COMPLETED"));

    assertThat(api.blueGreenSwitch(DB, REGION, "db.r6g.large", RdsActions.SWITCHOVER_TIMEOUT)).isEqualTo(BGD);

    List<Map<String, String>> f = forms();
    assertThat(f).hasSize(10);
    assertThat(f.get(1)).containsEntry("Action", "DescribeBlueGreenDeployments");
    assertThat(f.subList(2, 5)).allSatisfy(r -> assertThat(r).containsEntry("Action", "CreateBlueGreenDeployment")
        .containsEntry("BlueGreenDeploymentName", DB + "-tap-" + Instant.parse("2026-11-30T09:00:00Z").getEpochSecond())
        .containsEntry("Source", dbArn(DB)).containsEntry("TargetDBInstanceClass", "db.r6g.large"));
    assertThat(f.get(7)).containsEntry("Action", "SwitchoverBlueGreenDeployment").containsEntry("BlueGreenDeploymentIdentifier", BGD)
        .containsEntry("SwitchoverTimeout", "300");
    assertThat(clock.sleeps).hasSize(2);
  }

  @Test
  void aFailedSwitchoverFailsTheActionNamingTheStatus() {
    served.answerXml(200, describeInstances(dbInstance(DB, "db.r6g.2xlarge", "available")))
        .answerXml(200, AwsXml.ok(ServedAws.RDS_XMLNS, "DescribeBlueGreenDeployments", "    <BlueGreenDeployments/>\n"))
        .answerXml(200, blueGreenResult("CreateBlueGreenDeployment", BGD, "PROVISIONING", dbArn(DB), GREEN, "PROVISIONING"))
        .answerXml(200, describeBlueGreen(BGD, "AVAILABLE", dbArn(DB), GREEN, "AVAILABLE"))
        .answerXml(200, blueGreenResult("SwitchoverBlueGreenDeployment", BGD, "SWITCHOVER_IN_PROGRESS", dbArn(DB), GREEN, "SWITCHOVER_IN_PROGRESS"))
        .answerXml(200, describeBlueGreen(BGD, "SWITCHOVER_FAILED", dbArn(DB), GREEN, "SWITCHOVER_FAILED"));

    assertThatThrownBy(() -> api.blueGreenSwitch(DB, REGION, "db.r6g.large", RdsActions.SWITCHOVER_TIMEOUT))
        .isInstanceOf(ActionFailedException.class)
        .hasMessageContaining("blue/green deployment " + BGD + " is SWITCHOVER_FAILED")
        .hasMessageContaining("the blue instance keeps serving");
  }

  @Test
  void anInvalidConfigurationStopsBeforeAnySwitchover() {
    served.answerXml(200, describeInstances(dbInstance(DB, "db.r6g.2xlarge", "available")))
        .answerXml(200, AwsXml.ok(ServedAws.RDS_XMLNS, "DescribeBlueGreenDeployments", "    <BlueGreenDeployments/>\n"))
        .answerXml(200, blueGreenResult("CreateBlueGreenDeployment", BGD, "PROVISIONING", dbArn(DB), GREEN, "PROVISIONING"))
        .answerXml(200, describeBlueGreen(BGD, "INVALID_CONFIGURATION", dbArn(DB), GREEN, "PROVISIONING"));
    assertThatThrownBy(() -> api.blueGreenSwitch(DB, REGION, "db.r6g.large", RdsActions.SWITCHOVER_TIMEOUT))
        .isInstanceOf(ActionFailedException.class).hasMessageContaining("is INVALID_CONFIGURATION");
    assertThat(forms()).noneMatch(r -> "SwitchoverBlueGreenDeployment".equals(r.get("Action")));
  }

  static String deployments(String... members) {
    StringBuilder b = new StringBuilder("    <BlueGreenDeployments>\n");
    for (String m : members) b.append("      <member>\n").append(m).append("      </member>\n");
    return AwsXml.ok(ServedAws.RDS_XMLNS, "DescribeBlueGreenDeployments", b.append("    </BlueGreenDeployments>\n").toString());
  }

  @Test
  void aSwitchResumedAfterACrashCarriesOnTheDeploymentItHadCreated() {
    served.answerXml(200, describeInstances(dbInstance(DB, "db.r6g.2xlarge", "available")))
        .answerXml(200, deployments(AwsXml.blueGreen(BGD, "AVAILABLE", dbArn(DB), GREEN, "AVAILABLE"),
            AwsXml.blueGreen("bgd-other", "AVAILABLE", dbArn("tap-dev-other-db"), dbArn("tap-dev-other-db-green-x"), "AVAILABLE")))
        .answerXml(200, describeBlueGreen(BGD, "AVAILABLE", dbArn(DB), GREEN, "AVAILABLE"))
        .answerXml(200, blueGreenResult("SwitchoverBlueGreenDeployment", BGD, "SWITCHOVER_IN_PROGRESS", dbArn(DB), GREEN, "SWITCHOVER_IN_PROGRESS"))
        .answerXml(200, describeBlueGreen(BGD, "SWITCHOVER_COMPLETED", dbArn(DB), GREEN, "SWITCHOVER_COMPLETED"));
    assertThat(api.blueGreenSwitch(DB, REGION, "db.r6g.large", RdsActions.SWITCHOVER_TIMEOUT)).isEqualTo(BGD);
    assertThat(forms()).extracting(r -> r.get("Action")).doesNotContain("CreateBlueGreenDeployment");
  }

  @Test
  void theRollbackSwitchFirstDeletesTheFinishedForwardDeploymentKeepingItsInstances() {
    String old = dbArn(DB + "-old1");
    served.answerXml(200, describeInstances(dbInstance(DB, "db.r6g.large", "available")))
        .answerXml(200, deployments(AwsXml.blueGreen(BGD, "SWITCHOVER_COMPLETED", old, dbArn(DB), "SWITCHOVER_COMPLETED")))
        .answerXml(200, describeBlueGreen(BGD, "SWITCHOVER_COMPLETED", old, dbArn(DB), "SWITCHOVER_COMPLETED"))
        .answerXml(200, blueGreenResult("DeleteBlueGreenDeployment", BGD, "DELETING", old, dbArn(DB), "SWITCHOVER_COMPLETED"))
        .answerXml(200, blueGreenResult("CreateBlueGreenDeployment", "bgd-back", "PROVISIONING", dbArn(DB), GREEN, "PROVISIONING"))
        .answerXml(200, describeBlueGreen("bgd-back", "AVAILABLE", dbArn(DB), GREEN, "AVAILABLE"))
        .answerXml(200, blueGreenResult("SwitchoverBlueGreenDeployment", "bgd-back", "SWITCHOVER_IN_PROGRESS", dbArn(DB), GREEN, "SWITCHOVER_IN_PROGRESS"))
        .answerXml(200, describeBlueGreen("bgd-back", "SWITCHOVER_COMPLETED", dbArn(DB), GREEN, "SWITCHOVER_COMPLETED"));
    assertThat(api.blueGreenSwitch(DB, REGION, "db.r6g.2xlarge", RdsActions.SWITCHOVER_TIMEOUT)).isEqualTo("bgd-back");
    assertThat(forms()).extracting(r -> r.get("Action")).containsSubsequence("DeleteBlueGreenDeployment", "CreateBlueGreenDeployment")
        .doesNotContain("DeleteDBInstance");
    assertThat(forms().get(4)).containsEntry("TargetDBInstanceClass", "db.r6g.2xlarge");
  }

  @Test
  void aDeploymentTapDidNotCreateStopsTheSwitch() {
    served.answerXml(200, describeInstances(dbInstance(DB, "db.r6g.2xlarge", "available")))
        .answerXml(200, deployments(AwsXml.blueGreen("bgd-manual", "AVAILABLE", dbArn(DB), GREEN, "AVAILABLE")));
    assertThatThrownBy(() -> api.blueGreenSwitch(DB, REGION, "db.r6g.large", RdsActions.SWITCHOVER_TIMEOUT))
        .isInstanceOf(ActionFailedException.class).hasMessageContaining("bgd-manual").hasMessageContaining("that TAP did not create");
    assertThat(served.requests()).hasSize(2);
  }

  @Test
  void deleteBlueGreenDeletesTheDeploymentThenTheRenamedOldInstance() {
    served.answerXml(200, describeBlueGreen(BGD, "SWITCHOVER_COMPLETED", dbArn(DB), GREEN, "SWITCHOVER_COMPLETED"))
        .answerXml(200, describeInstances(dbInstance(DB + "-old1", "db.r6g.2xlarge", "available")))
        .answerXml(200, blueGreenResult("DeleteBlueGreenDeployment", BGD, "DELETING", dbArn(DB), GREEN, "SWITCHOVER_COMPLETED"))
        .answerXml(200, AwsXml.ok(ServedAws.RDS_XMLNS, "DeleteDBInstance", dbInstance(DB + "-old1", "db.r6g.2xlarge", "deleting")));

    api.deleteBlueGreen(BGD, REGION, true);

    List<Map<String, String>> f = forms();
    assertThat(f.get(1)).containsEntry("Action", "DescribeDBInstances").containsEntry("DBInstanceIdentifier", DB + "-old1");
    // After a switchover the target is the live database: DeleteTarget must not be sent.
    assertThat(f.get(2)).containsEntry("Action", "DeleteBlueGreenDeployment").containsEntry("BlueGreenDeploymentIdentifier", BGD).doesNotContainKey("DeleteTarget");
    assertThat(f.get(3)).containsEntry("Action", "DeleteDBInstance").containsEntry("DBInstanceIdentifier", DB + "-old1").containsEntry("SkipFinalSnapshot", "true");
  }

  @Test
  void theLiveSourceOfADeploymentNotSwitchedOverIsNeverDeleted() {
    served.answerXml(200, describeBlueGreen(BGD, "AVAILABLE", dbArn(DB), GREEN, "AVAILABLE"));
    assertThatThrownBy(() -> api.deleteBlueGreen(BGD, REGION, true))
        .isInstanceOf(ActionFailedException.class).hasMessageContaining("is AVAILABLE, not SWITCHOVER_COMPLETED");
    assertThat(served.requests()).hasSize(1);
  }

  @Test
  void deploymentNamesStayWithinSixtyCharacters() {
    assertThat(AwsRdsApi.deploymentName("a".repeat(63), 1792141200L)).hasSize(60).endsWith("-tap-1792141200");
    assertThat(AwsRdsApi.deploymentName(DB, 1792141200L)).isEqualTo(DB + "-tap-1792141200");
  }
}
