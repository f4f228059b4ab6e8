package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.CrashHook;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.Guard;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.MutableClock;
import dev.tap.optimizer.exec.PhaseRecord;
import dev.tap.optimizer.exec.PhaseState;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Resource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance windows, pending modifications and switched-over blue/green deployments as the AWS
 * adapters describe them, against served responses: moto applies every modification at once (it
 * reports no PendingModifiedValues) and answers blue/green calls with HTTP 500 or an empty list.
 */
class AwsMaintenanceWindowServedTest {
  static final String REGION = "us-east-1";
  static final String CLUSTER = "tap-dev-saas-aurora";
  static final String CLUSTER_ARN = "arn:aws:rds:us-east-1:" + AwsXml.ACCOUNT + ":cluster:" + CLUSTER;
  static final String WRITER = CLUSTER + "-writer";
  static final String DB = "tap-dev-staging-db";
  /** A Monday; the writer's window opens the following Sunday at 05:00 UTC. */
  static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");
  static final String INSTANCE_WINDOW = "sun:05:00-sun:05:30";
  static final String CLUSTER_WINDOW = "wed:03:00-wed:03:30";

  @TempDir Path dir;
  final ServedAws served = new ServedAws();

  @AfterEach
  void stop() {
    served.close();
  }

  List<Map<String, String>> forms() {
    return served.requests().stream().map(ServedAws.Request::form).toList();
  }

  // ------------------------------------------------------------------ responses

  static String cluster(String pendingBackupDays, String... writerAndReaders) {
    StringBuilder members = new StringBuilder();
    for (int i = 0; i < writerAndReaders.length; i++) {
      members.append("          <DBClusterMember><DBInstanceIdentifier>").append(writerAndReaders[i]).append("</DBInstanceIdentifier><IsClusterWriter>")
          .append(i == 0).append("</IsClusterWriter></DBClusterMember>\n");
    }
    return AwsXml.ok(ServedAws.RDS_XMLNS, "DescribeDBClusters", "    <DBClusters>\n      <DBCluster>\n"
        + "        <DBClusterIdentifier>" + CLUSTER + "</DBClusterIdentifier>\n        <DBClusterArn>" + CLUSTER_ARN + "</DBClusterArn>\n"
        + "        <Engine>aurora-postgresql</Engine>\n        <EngineVersion>15.4</EngineVersion>\n        <Status>available</Status>\n"
        + "        <BackupRetentionPeriod>7</BackupRetentionPeriod>\n"
        + "        <PreferredMaintenanceWindow>" + CLUSTER_WINDOW + "</PreferredMaintenanceWindow>\n"
        + (pendingBackupDays == null ? "" : "        <PendingModifiedValues><BackupRetentionPeriod>" + pendingBackupDays
            + "</BackupRetentionPeriod></PendingModifiedValues>\n")
        + "        <DBClusterMembers>\n" + members + "        </DBClusterMembers>\n"
        + "        <TagList><Tag><Key>Platform</Key><Value>TAP</Value></Tag></TagList>\n      </DBCluster>\n    </DBClusters>\n");
  }

  /** A DB instance with its own window and, when {@code pendingClass} is set, a class change waiting for it. */
  static String instance(String id, String cls, String pendingClass, String window, String clusterId) {
    return "      <DBInstance>\n        <DBInstanceIdentifier>" + id + "</DBInstanceIdentifier>\n        <DBInstanceClass>" + cls + "</DBInstanceClass>\n"
        + "        <Engine>" + (clusterId == null ? "postgres" : "aurora-postgresql") + "</Engine>\n        <DBInstanceStatus>available</DBInstanceStatus>\n"
        + (clusterId == null ? "" : "        <DBClusterIdentifier>" + clusterId + "</DBClusterIdentifier>\n")
        + "        <MultiAZ>false</MultiAZ>\n        <BackupRetentionPeriod>7</BackupRetentionPeriod>\n"
        + "        <PreferredMaintenanceWindow>" + window + "</PreferredMaintenanceWindow>\n"
        + (pendingClass == null ? "        <PendingModifiedValues/>\n"
            : "        <PendingModifiedValues><DBInstanceClass>" + pendingClass + "</DBInstanceClass></PendingModifiedValues>\n")
        + "        <DBInstanceArn>" + AwsXml.dbArn(id) + "</DBInstanceArn>\n        <ReadReplicaDBInstanceIdentifiers/>\n"
        + "        <TagList><Tag><Key>Platform</Key><Value>TAP</Value></Tag></TagList>\n      </DBInstance>\n";
  }

  static String deployments(String... members) {
    StringBuilder b = new StringBuilder("    <BlueGreenDeployments>\n");
    for (String m : members) b.append("      <member>\n").append(m).append("      </member>\n");
    return AwsXml.ok(ServedAws.RDS_XMLNS, "DescribeBlueGreenDeployments", b.append("    </BlueGreenDeployments>\n").toString());
  }

  // ------------------------------------------------------------------ describe

  @Test
  void auroraReportsTheWritersAndReadersPendingClassesAndTheWindowOfTheFirstInstanceWaiting() {
    served.answerXml(200, cluster("14", WRITER, CLUSTER + "-r1", CLUSTER + "-r2"))
        .answerXml(200, AwsXml.describeInstances(instance(WRITER, "db.r6g.4xlarge", "db.r6g.2xlarge", INSTANCE_WINDOW, CLUSTER),
            instance(CLUSTER + "-r1", "db.r6g.4xlarge", null, "mon:07:00-mon:07:30", CLUSTER),
            instance(CLUSTER + "-r2", "db.r6g.4xlarge", "db.r6g.xlarge", "tue:08:00-tue:08:30", CLUSTER)));
    try (AwsClients aws = served.clients(REGION, 2)) {
      Resource r = new AwsAuroraApi(aws, AwsPolling.real(Clock.systemUTC())).describeCluster(CLUSTER, REGION);
      // The format of the simulated account (SimApis): key=value pairs sorted by key, joined by ';'.
      assertThat(r.config()).containsEntry("pendingModifiedValues", "backupRetentionDays=14;instanceClass=db.r6g.2xlarge;readerClass=db.r6g.xlarge")
          .containsEntry("preferredMaintenanceWindow", INSTANCE_WINDOW).containsEntry("instanceClass", "db.r6g.4xlarge")
          .containsEntry("readerClass", "db.r6g.4xlarge");
    }
  }

  @Test
  void auroraWithNothingPendingReportsAnEmptyValueAndTheWritersWindow() {
    served.answerXml(200, cluster(null, WRITER, CLUSTER + "-r1"))
        .answerXml(200, AwsXml.describeInstances(instance(WRITER, "db.r6g.4xlarge", null, INSTANCE_WINDOW, CLUSTER),
            instance(CLUSTER + "-r1", "db.r6g.4xlarge", null, "mon:07:00-mon:07:30", CLUSTER)));
    try (AwsClients aws = served.clients(REGION, 2)) {
      Resource r = new AwsAuroraApi(aws, AwsPolling.real(Clock.systemUTC())).describeCluster(CLUSTER, REGION);
      assertThat(r.config()).containsEntry("pendingModifiedValues", "").containsEntry("preferredMaintenanceWindow", INSTANCE_WINDOW);
    }
  }

  @Test
  void rdsReportsItsWindowPendingClassAndTheSwitchedOverDeploymentsWhoseTargetItIs_askingByTargetArn() {
    String old = AwsXml.dbArn(DB + "-old1");
    served.answerXml(200, AwsXml.describeInstances(instance(DB, "db.r6g.large", "db.r6g.xlarge", INSTANCE_WINDOW, null)))
        .answerXml(200, deployments(
            AwsXml.blueGreen("bgd-kept2", "SWITCHOVER_COMPLETED", AwsXml.dbArn(DB + "-old2"), AwsXml.dbArn(DB), "SWITCHOVER_COMPLETED"),
            AwsXml.blueGreen("bgd-kept1", "SWITCHOVER_COMPLETED", old, AwsXml.dbArn(DB), "SWITCHOVER_COMPLETED"),
            // under way, or of another instance: not old sources of this one
            AwsXml.blueGreen("bgd-running", "AVAILABLE", AwsXml.dbArn(DB), AwsXml.dbArn(DB + "-green-x"), "AVAILABLE"),
            AwsXml.blueGreen("bgd-other", "SWITCHOVER_COMPLETED", AwsXml.dbArn("other-old1"), AwsXml.dbArn("other"), "SWITCHOVER_COMPLETED")));
    try (AwsClients aws = served.clients(REGION, 2)) {
      Resource r = new AwsRdsApi(aws, AwsPolling.real(Clock.systemUTC())).describeInstance(DB, REGION);
      assertThat(r.config()).containsEntry("pendingModifiedValues", "instanceClass=db.r6g.xlarge")
          .containsEntry("preferredMaintenanceWindow", INSTANCE_WINDOW).containsEntry("blueGreenDeployments", "bgd-kept1,bgd-kept2");
    }
    assertThat(forms().get(1)).containsEntry("Action", "DescribeBlueGreenDeployments").containsEntry("Filters.Filter.1.Name", "target")
        .containsEntry("Filters.Filter.1.Values.Value.1", AwsXml.dbArn(DB));
  }

  @Test
  void rdsWithNoDeploymentReportsAnEmptyList() {
    served.answerXml(200, AwsXml.describeInstances(instance(DB, "db.r6g.large", null, INSTANCE_WINDOW, null)))
        .answerXml(200, deployments());
    try (AwsClients aws = served.clients(REGION, 2)) {
      Resource r = new AwsRdsApi(aws, AwsPolling.real(Clock.systemUTC())).describeInstance(DB, REGION);
      assertThat(r.config()).containsEntry("blueGreenDeployments", "").containsEntry("pendingModifiedValues", "");
    }
  }

  // ------------------------------------------------------------------ executor

  static Plan classPlan() {
    Action a = new Action("p1-aurora-class", AuroraFamily.DB_INSTANCE_CLASS, CLUSTER, REGION, Map.of("instanceClass", "db.r6g.4xlarge"),
        Map.of("instanceClass", "db.r6g.2xlarge"), 2400, 1200, Action.Risk.MEDIUM, 0.9, List.of(),
        new Backtest(90, 40, 45, 60, 70, 0.01, 0.01, 55, 0, true, "test"), "writer class down one size");
    return new Plan(Plan.SCHEMA_VERSION, "plan-aurora", "saas", AwsXml.ACCOUNT, "test", NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(91)),
        NOW.minus(Duration.ofDays(1)), "2026-11-01", List.of(new Phase(1, "database", Duration.ofHours(48), List.of(a))), List.of());
  }

  /** The two calls of one describe: the cluster, then its instances (one writer, its class and what is pending). */
  void answerCluster(String cls, String pending) {
    served.answerXml(200, cluster(null, WRITER))
        .answerXml(200, AwsXml.describeInstances(instance(WRITER, cls, pending, INSTANCE_WINDOW, CLUSTER)));
  }

  @Test
  void aClassChangeForTheMaintenanceWindowWaitsWhilePendingAndIsObservedFromWhenItTookEffect() {
    answerCluster("db.r6g.4xlarge", null); // the re-read before acting
    served.answerXml(200, cluster(null, WRITER)) // the writer to modify
        .answerXml(200, AwsXml.ok(ServedAws.RDS_XMLNS, "ModifyDBInstance", instance(WRITER, "db.r6g.4xlarge", "db.r6g.2xlarge", INSTANCE_WINDOW, CLUSTER)));
    answerCluster("db.r6g.4xlarge", "db.r6g.2xlarge"); // confirmed: accepted, pending
    answerCluster("db.r6g.4xlarge", "db.r6g.2xlarge"); // is it in effect? not yet
    answerCluster("db.r6g.4xlarge", "db.r6g.2xlarge"); // when to look next: the window's start

    List<String> log = new ArrayList<>();
    MutableClock clock = new MutableClock(NOW);
    try (AwsClients aws = served.clients(REGION, 2); Journal journal = SqliteJournal.open(dir.resolve("tap-state.db"))) {
      Guard guard = new Guard(request -> {
        throw new AssertionError("the guard is not consulted before the change takes effect");
      });
      Executor ex = new Executor(journal, AwsActionAdapters.registry(aws, AwsPolling.real(clock)), guard, clock, CrashHook.NONE, log::add);
      long run = ex.start(classPlan(), "sha", "plan.json", RunSettings.defaults("dev"));

      Executor.Progress p = ex.advance(run);
      Instant windowStart = Instant.parse("2026-12-06T05:00:00Z");
      assertThat(p.state()).isEqualTo(RunState.RUNNING);
      assertThat(p.waitUntil()).isEqualTo(windowStart);
      assertThat(journal.phase(run, 1).state()).isEqualTo(PhaseState.AWAITING_WINDOW);
      ActionRecord a = journal.actions(run).get(0);
      assertThat(a.state()).isEqualTo(ActionState.DONE);
      assertThat(a.message()).contains("maintenance window");
      assertThat(forms().get(3)).containsEntry("Action", "ModifyDBInstance").containsEntry("DBInstanceIdentifier", WRITER)
          .containsEntry("DBInstanceClass", "db.r6g.2xlarge").containsEntry("ApplyImmediately", "false");

      // Before the window nothing is read.
      clock.set(windowStart.minus(Duration.ofHours(1)));
      int calls = served.requests().size();
      assertThat(ex.advance(run).waitUntil()).isEqualTo(windowStart);
      assertThat(served.requests()).hasSize(calls);

      // At the window's start RDS is still making the change: look again one check later, not a week later.
      clock.set(windowStart);
      answerCluster("db.r6g.4xlarge", "db.r6g.2xlarge"); // is it in effect? not yet
      answerCluster("db.r6g.4xlarge", "db.r6g.2xlarge"); // when to look next: the window is being worked through
      Instant effective = windowStart.plus(Duration.ofMinutes(15));
      assertThat(ex.advance(run).waitUntil()).isEqualTo(effective);
      assertThat(journal.phase(run, 1).state()).isEqualTo(PhaseState.AWAITING_WINDOW);

      // A check later the change is made: nothing pending, the observation window opens from now.
      clock.set(effective);
      answerCluster("db.r6g.2xlarge", null);
      p = ex.advance(run);
      PhaseRecord phase = journal.phase(run, 1);
      assertThat(phase.state()).isEqualTo(PhaseState.OBSERVING);
      assertThat(phase.effectiveAt()).isEqualTo(effective);
      assertThat(phase.observeUntil()).isEqualTo(effective.plus(Duration.ofHours(48)));
      assertThat(p.waitUntil()).isAfter(effective);
      assertThat(journal.actions(run).get(0).effectiveAt()).isEqualTo(effective);
    }
  }
}
