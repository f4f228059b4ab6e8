package dev.tap.optimizer.sim.actions;

import static dev.tap.optimizer.sim.actions.SimExecutionTest.action;
import static dev.tap.optimizer.sim.actions.SimExecutionTest.drive;
import static dev.tap.optimizer.sim.actions.SimExecutionTest.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.CleanupState;
import dev.tap.optimizer.exec.CrashHook;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.Guard;
import dev.tap.optimizer.exec.GuardPolicy;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging's RDS class change through Blue/Green: the old instance is kept through the window and deleted only after it. */
class SimBlueGreenTest {
  @TempDir Path dir;
  static final String DB = "tap-dev-staging-db";
  final List<String> log = new ArrayList<>();

  /** A plan of the staging account: the guard reads staging's SLO (a trading plan's would find no data here and go blind). */
  static Plan classDown(SimTarget sim) {
    Plan p = classDownAs(sim);
    return new Plan(p.schemaVersion(), p.id(), "staging", p.account(), "sim:staging", p.createdAt(), p.lookbackStart(), p.lookbackEnd(),
        p.priceListDate(), p.phases(), p.skipped(), SimAccount.ENVIRONMENT);
  }

  private static Plan classDownAs(SimTarget sim) {
    return plan(sim, new Phase(1, "database", Duration.ofHours(48), List.of(
        action("bg", RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN, DB,
            Map.of("instanceClass", "db.r6g.2xlarge", "readerClass", "db.r6g.2xlarge"), Map.of("instanceClass", "db.r6g.xlarge", "readerClass", "db.r6g.xlarge")))));
  }

  static RunSettings settings() {
    return new RunSettings(RunSettings.SIM, SimAccount.ENVIRONMENT, Duration.ofHours(6), false, GuardPolicy.forBlueprint("staging"));
  }

  static String kept(SimTarget sim) {
    return sim.apis().describeInstance(DB, "us-east-1").config().get("blueGreenDeployments");
  }

  @Test
  void theOldInstanceIsKeptDuringTheWindow_andDeletedOnceWhenItPasses() {
    SimTarget sim = SimTarget.fresh(SimBlueprint.STAGING);
    try (Journal journal = SqliteJournal.open(dir.resolve("state.db"))) {
      Executor ex = new Executor(journal, sim.registry(), new Guard(sim.metrics()), sim.clock(), CrashHook.NONE, log::add);
      long id = ex.start(classDown(sim), "sha", "plan.json", settings());
      ex.advance(id);
      String deployment = kept(sim);
      assertThat(deployment).startsWith("bgd-sim-");
      assertThat(journal.actions(id).get(0).message()).contains(deployment).contains("kept until the observation window has passed");

      Instant deadline = journal.phase(id, 1).observeUntil();
      sim.waitUntil(deadline.minus(Duration.ofMinutes(15)));
      ex.advance(id);
      assertThat(kept(sim)).as("still kept a check before the deadline").isEqualTo(deployment);
      assertThat(journal.actions(id).get(0).cleanup()).isNull();

      assertThat(drive(ex, sim, id).state()).as(String.join("\n", log)).isEqualTo(RunState.COMPLETED);
      ActionRecord a = journal.actions(id).get(0);
      assertThat(a.cleanup()).isEqualTo(CleanupState.DONE);
      assertThat(a.cleanupAt()).isEqualTo(deadline);
      assertThat(a.cleanupMessage()).isEqualTo("deleted blue/green deployment " + deployment + " and its old instance");
      assertThat(kept(sim)).isEmpty();
      assertThat(sim.apis().deletedDeployments()).isEqualTo(1);
      // The green environment's read replicas move with it.
      assertThat(sim.simAccount().resource(DB).config()).containsEntry("instanceClass", "db.r6g.xlarge").containsEntry("readerClass", "db.r6g.xlarge");
      assertThat(a.message()).doesNotContain("does not report");
      // A later resume (cron) deletes nothing more.
      ex.advance(id);
      assertThat(sim.apis().deletedDeployments()).isEqualTo(1);
    }
    // tap status shows the clean-up.
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cl = dev.tap.optimizer.cli.TapCli.newCommandLine();
    cl.setOut(new java.io.PrintWriter(out));
    assertThat(cl.execute("status", "--state", dir.resolve("state.db").toString())).isZero();
    assertThat(out.toString()).contains("clean-up DONE").contains("deleted blue/green deployment bgd-sim-");
  }

  @Test
  void aRollbackBeforeTheWindowEndsSwitchesBackThroughANewDeployment_andKeepsBothOldInstancesForInspection() {
    SimTarget sim = SimTarget.fresh(SimBlueprint.STAGING);
    try (Journal journal = SqliteJournal.open(dir.resolve("state.db"))) {
      Executor ex = new Executor(journal, sim.registry(), new Guard(sim.metrics()), sim.clock(), CrashHook.NONE, log::add);
      long id = ex.start(classDown(sim), "sha", "plan.json", settings());
      ex.advance(id);
      String forward = kept(sim);
      sim.waitUntil(sim.clock().instant().plus(Duration.ofHours(3)));
      ex.advance(id);
      assertThat(ex.requestRollback(id, null).state()).isEqualTo(RunState.ROLLED_BACK);

      ActionRecord a = journal.actions(id).get(0);
      assertThat(a.state()).isEqualTo(ActionState.UNDONE);
      assertThat(a.cleanup()).as("the window never passed: nothing deleted").isNull();
      assertThat(sim.simAccount().resource(DB).config()).containsEntry("instanceClass", "db.r6g.2xlarge").containsEntry("readerClass", "db.r6g.2xlarge");
      List<String> deployments = List.of(kept(sim).split(","));
      assertThat(deployments).hasSize(2).contains(forward);
      String back = deployments.get(1);
      assertThat(a.message()).contains("new blue/green deployment " + back).contains(forward).contains("delete-blue-green-deployment");
      assertThat(sim.apis().deletedDeployments()).isZero();
    }
  }
}
