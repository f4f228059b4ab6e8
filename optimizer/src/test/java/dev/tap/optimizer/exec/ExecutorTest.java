package dev.tap.optimizer.exec;

import static dev.tap.optimizer.exec.Plans.T0;
import static dev.tap.optimizer.exec.Plans.action;
import static dev.tap.optimizer.exec.Plans.phase;
import static dev.tap.optimizer.exec.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.model.Plan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorTest {
  @TempDir Path dir;
  FakeFamily cloud;
  FakeSlo slo;
  MutableClock clock;
  Journal journal;
  List<String> log = new ArrayList<>();

  @BeforeEach
  void setUp() {
    cloud = FakeFamily.all()
        .add("db", AuroraFamily.AURORA, Map.of("instanceClass", "db.r6g.8xlarge", "readers", "4", "backupRetentionDays", "35"), Map.of())
        .add("asg", AsgFamily.ASG, Map.of("instanceType", "c6i.8xlarge", "min", "15", "desired", "20", "max", "30"), Map.of())
        .add("trades", DynamoDbFamily.DYNAMODB, Map.of("billingMode", "PROVISIONED", "streamEnabled", "true"), Map.of());
    slo = new FakeSlo();
    clock = new MutableClock(T0);
    journal = SqliteJournal.open(dir.resolve("state.db"));
  }

  Executor executor(CrashHook hook) {
    return new Executor(journal, ActionRegistry.of(cloud), new Guard(slo), clock, hook, log::add);
  }

  /** Drives a run to its end the way a foreground apply does: wait (here: move the clock) until due. */
  Executor.Progress drive(Executor ex, long id) {
    Executor.Progress p = ex.advance(id);
    while (!p.finished()) {
      clock.set(p.waitUntil());
      p = ex.advance(id);
    }
    return p;
  }

  static Plan threePhases() {
    return plan(
        phase(1, "data", action("p1-stream", DynamoDbFamily.DYNAMODB_DISABLE_STREAM, "trades", Map.of("streamEnabled", "true"), Map.of("streamEnabled", "false"))),
        phase(2, "compute",
            action("p2-type", AsgFamily.ASG_INSTANCE_TYPE, "asg", Map.of("instanceType", "c6i.8xlarge"), Map.of("instanceType", "c6i.4xlarge")),
            action("p2-cap", AsgFamily.ASG_CAPACITY, "asg", Map.of("min", "15", "desired", "20", "max", "30"), Map.of("min", "8", "desired", "10", "max", "15"))),
        phase(3, "database", action("p3-class", AuroraFamily.DB_INSTANCE_CLASS, "db", Map.of("instanceClass", "db.r6g.8xlarge"), Map.of("instanceClass", "db.r6g.4xlarge"))));
  }

  @Test
  void appliesPhasesInOrder_observesEachFor48Hours_andCompletes() {
    Executor ex = executor(CrashHook.NONE);
    long id = ex.start(threePhases(), "sha", "plan.json", RunSettings.defaults("dev"));
    assertThat(cloud.calls).as("start records the run; nothing changes before advance").isEmpty();

    Executor.Progress first = ex.advance(id);
    assertThat(first.finished()).isFalse();
    assertThat(first.waitUntil()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    assertThat(cloud.calls).hasSize(1);
    assertThat(journal.phase(id, 1).observeUntil()).isEqualTo(T0.plus(Duration.ofHours(48)));

    Executor.Progress end = drive(ex, id);
    assertThat(end.state()).isEqualTo(RunState.COMPLETED);
    assertThat(cloud.calls).extracting(c -> c.split(" ")[1])
        .containsExactly("trades", "asg", "asg", "db");
    assertThat(journal.phases(id)).allMatch(p -> p.state() == PhaseState.PASSED);
    assertThat(journal.actions(id)).allMatch(a -> a.state() == ActionState.DONE);
    // 48 h at one check per 15 min, per phase; five rules per check.
    assertThat(journal.readings(id).stream().filter(r -> r.phase() == 2).map(GuardReading::checkedAt).distinct()).hasSize(192);
    assertThat(journal.readings(id)).noneMatch(GuardReading::breached);
    assertThat(journal.phase(id, 2).startedAt()).isEqualTo(journal.phase(id, 1).observeUntil());
    assertThat(cloud.config("db", "instanceClass")).isEqualTo("db.r6g.4xlarge");
  }

  @Test
  void intentAndTheReReadBeforeStateAreCommittedBeforeTheCloudCall() {
    Executor ex = executor(CrashHook.NONE);
    long id = ex.start(threePhases(), "sha", "plan.json", RunSettings.defaults("dev"));
    List<ActionRecord> seenAtCall = new ArrayList<>();
    cloud.beforeConverge = resource -> {
      // A second connection sees only what is committed.
      try (Journal other = SqliteJournal.openExisting(dir.resolve("state.db"))) {
        other.actions(id).stream().filter(a -> a.resourceId().equals(resource) && a.state() != ActionState.PENDING
            && a.state() != ActionState.DONE).forEach(seenAtCall::add);
      }
    };
    ex.advance(id);
    assertThat(seenAtCall).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(ActionState.INTENT);
      assertThat(a.observedBefore()).containsEntry("streamEnabled", "true").containsEntry("billingMode", "PROVISIONED");
      assertThat(a.intentAt()).isEqualTo(T0);
    });
    assertThat(journal.actions(id, 1).get(0).observedAfter()).containsEntry("streamEnabled", "false");
  }

  @Test
  void aResourceChangedSinceThePlanOrNewlyExcludedIsSkippedAndReported() {
    cloud.add("asg", AsgFamily.ASG, Map.of("instanceType", "c6i.8xlarge", "min", "15", "desired", "24", "max", "30"), Map.of());
    cloud.add("db", AuroraFamily.AURORA, Map.of("instanceClass", "db.r6g.8xlarge", "readers", "4"), Map.of("CriticalPath", "true"));
    Executor ex = executor(CrashHook.NONE);
    long id = ex.start(threePhases(), "sha", "plan.json", RunSettings.defaults("dev"));
    assertThat(drive(ex, id).state()).isEqualTo(RunState.COMPLETED);

    ActionRecord cap = journal.actions(id, 2).get(1);
    assertThat(cap.state()).isEqualTo(ActionState.SKIPPED);
    assertThat(cap.message()).contains("desired=24 (expected 20)").contains("not applied over someone else's change");
    ActionRecord db = journal.actions(id, 3).get(0);
    assertThat(db.state()).isEqualTo(ActionState.SKIPPED);
    assertThat(db.message()).contains("CriticalPath=true");
    assertThat(cloud.config("asg", "desired")).isEqualTo("24");
    assertThat(cloud.config("db", "instanceClass")).isEqualTo("db.r6g.8xlarge");
    assertThat(journal.phase(id, 3).state()).as("nothing changed, nothing to observe").isEqualTo(PhaseState.PASSED);
    assertThat(journal.phase(id, 3).observeUntil()).isNull();
  }

  @Test
  void aGuardBreachUndoesThePhaseInReverseOrder_recordsTheBreach_andStopsTheRun() {
    // Phase 2 is applied at T0 + 48 h; latency doubles from then on.
    slo.degradeFrom = T0.plus(Duration.ofHours(48));
    Executor ex = executor(CrashHook.NONE);
    long id = ex.start(threePhases(), "sha", "plan.json", RunSettings.defaults("dev"));
    assertThat(drive(ex, id).state()).isEqualTo(RunState.ROLLED_BACK);

    assertThat(cloud.calls).containsExactly(
        "DYNAMODB_DISABLE_STREAM trades {streamEnabled=false}",
        "ASG_INSTANCE_TYPE asg {instanceType=c6i.4xlarge}",
        "ASG_CAPACITY asg {desired=10, max=15, min=8}",
        "undo ASG_CAPACITY asg {desired=20, instanceType=c6i.4xlarge, max=30, min=15}",
        "undo ASG_INSTANCE_TYPE asg {desired=20, instanceType=c6i.8xlarge, max=30, min=15}");
    PhaseRecord p2 = journal.phase(id, 2);
    assertThat(p2.state()).isEqualTo(PhaseState.ROLLED_BACK);
    // p95 doubles to 16 ms > 15 ms and p99 to 24 ms > 12 * 1.2: the first rule that fired is recorded.
    assertThat(p2.breachRule()).isEqualTo("O7 p99 rise: Latency p99");
    assertThat(p2.breachValue()).isEqualTo(24.0);
    assertThat(p2.breachThreshold()).isCloseTo(14.4, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(journal.phase(id, 1).state()).isEqualTo(PhaseState.PASSED);
    assertThat(journal.phase(id, 3).state()).isEqualTo(PhaseState.NOT_STARTED);
    assertThat(journal.actions(id, 2)).allMatch(a -> a.state() == ActionState.UNDONE);
    assertThat(cloud.config("asg", "instanceType")).isEqualTo("c6i.8xlarge");
    assertThat(cloud.config("asg", "desired")).isEqualTo("20");
    assertThat(cloud.config("trades", "streamEnabled")).as("phase 1 is kept").isEqualTo("false");
    assertThat(journal.run(id).outcome()).contains("Latency p99 = 24.00 > 14.40").contains("later phases not started");
    // The breach tripped at the third check in a row after the change (45 minutes sustained).
    assertThat(journal.readings(id).stream().filter(r -> r.phase() == 2).map(GuardReading::checkedAt).distinct()).hasSize(3);
    assertThat(journal.run(id).outcome()).contains("3 checks in a row");
  }

  @Test
  void anO3TriggerAloneTripsTheGuard() {
    slo.degradeFrom = T0.plus(Duration.ofHours(50));
    slo.degradeMetric = "QueueDepth";
    slo.degradeFactor = 30; // 50 -> 1,500 messages
    Executor ex = executor(CrashHook.NONE);
    long id = ex.start(threePhases(), "sha", "plan.json", RunSettings.defaults("dev"));
    drive(ex, id);
    PhaseRecord p2 = journal.phase(id, 2);
    assertThat(p2.breachRule()).isEqualTo("O3 queue depth: QueueDepth Maximum");
    assertThat(p2.breachValue()).isEqualTo(1500.0);
    assertThat(p2.breachThreshold()).isEqualTo(1000.0);
    // Checks every 15 min from T0+48h; the first interval wholly after T0+50h ends at T0+50h15m.
    Duration first = Duration.ofHours(50).plusMinutes(15);
    assertThat(journal.readings(id).stream().filter(GuardReading::breached).map(GuardReading::checkedAt).distinct())
        .containsExactly(T0.plus(first), T0.plus(first).plusSeconds(900), T0.plus(first).plusSeconds(1800));
  }

  @Test
  void aBreachThatDoesNotLastIsRecordedButDoesNotTrip() {
    FakeSlo spikeOnce = new FakeSlo() {
      @Override
      public MetricDataPage getMetricData(MetricDataRequest r) {
        // two 15-minute intervals of 1,500 messages, then back to 50
        boolean spike = !r.start().isBefore(T0.plus(Duration.ofHours(50))) && r.start().isBefore(T0.plus(Duration.ofMinutes(50 * 60 + 30)));
        queueDepth = spike ? 1500 : 50;
        return super.getMetricData(r);
      }
    };
    Executor ex = new Executor(journal, ActionRegistry.of(cloud), new Guard(spikeOnce), clock, CrashHook.NONE, log::add);
    long id = ex.start(threePhases(), "sha", "plan.json", RunSettings.defaults("dev"));
    assertThat(drive(ex, id).state()).isEqualTo(RunState.COMPLETED);
    assertThat(journal.readings(id).stream().filter(GuardReading::breached).map(GuardReading::checkedAt).distinct()).hasSize(2);
  }

  @Test
  void aPermanentErrorPartWayRollsBackThePhaseAndFailsTheRunNamingThePermission() {
    cloud.add("asg2", AsgFamily.ASG, Map.of("desired", "10"), Map.of());
    cloud.failOnConverge.put("asg2", ActionFailedException.accessDenied("autoscaling:UpdateAutoScalingGroup", "asg2", null));
    Plan plan = plan(phase(1, "compute",
        action("a", AsgFamily.ASG_INSTANCE_TYPE, "asg", Map.of("instanceType", "c6i.8xlarge"), Map.of("instanceType", "c6i.4xlarge")),
        action("b", AsgFamily.ASG_CAPACITY, "asg2", Map.of("desired", "10"), Map.of("desired", "5")),
        action("c", AuroraFamily.DB_INSTANCE_CLASS, "db", Map.of("instanceClass", "db.r6g.8xlarge"), Map.of("instanceClass", "db.r6g.4xlarge"))),
        phase(2, "later", action("d", DynamoDbFamily.DYNAMODB_DISABLE_STREAM, "trades", Map.of("streamEnabled", "true"), Map.of("streamEnabled", "false"))));
    Executor ex = executor(CrashHook.NONE);
    long id = ex.start(plan, "sha", "plan.json", RunSettings.defaults("dev"));
    assertThat(drive(ex, id).state()).isEqualTo(RunState.FAILED);
    assertThat(journal.run(id).outcome()).contains("autoscaling:UpdateAutoScalingGroup").contains("asg2");
    assertThat(journal.actions(id, 1)).extracting(ActionRecord::state)
        .containsExactly(ActionState.UNDONE, ActionState.UNDONE, ActionState.PENDING);
    assertThat(journal.phase(id, 1).error()).contains("access denied");
    assertThat(journal.phase(id, 2).state()).isEqualTo(PhaseState.NOT_STARTED);
    assertThat(cloud.config("asg", "instanceType")).isEqualTo("c6i.8xlarge");
    assertThat(cloud.calls).noneMatch(c -> c.contains(" db ") || c.contains("trades"));
  }

  @Test
  void theObservationDeadlineLivesInTheJournal_aNewProcessFinishesTheWindow() {
    long id;
    {
      Executor ex = executor(CrashHook.NONE);
      id = ex.start(plan(phase(1, "data", action("p1", DynamoDbFamily.DYNAMODB_DISABLE_STREAM, "trades",
          Map.of("streamEnabled", "true"), Map.of("streamEnabled", "false")))), "sha", "plan.json", RunSettings.defaults("dev"));
      ex.advance(id);
      clock.advance(Duration.ofHours(3));
      ex.advance(id);
      journal.close();
    }
    // Much later, a different process (cron's tap resume) with nothing but the state file.
    journal = SqliteJournal.openExisting(dir.resolve("state.db"));
    clock.set(T0.plus(Duration.ofHours(49)));
    Executor ex = executor(CrashHook.NONE);
    assertThat(ex.advance(id).state()).isEqualTo(RunState.COMPLETED);
    assertThat(journal.readings(id).stream().map(GuardReading::checkedAt).distinct()).hasSize(192)
        .last().isEqualTo(T0.plus(Duration.ofHours(48)));
    assertThat(cloud.calls).hasSize(1);
  }

  @Test
  void anObservationOverrideReplacesEveryPhasesWindow() {
    Executor ex = executor(CrashHook.NONE);
    RunSettings s = new RunSettings(RunSettings.AWS, "dev", Duration.ofHours(2), false, GuardPolicy.DEFAULT);
    long id = ex.start(threePhases(), "sha", "plan.json", s);
    drive(ex, id);
    assertThat(journal.phase(id, 1).observeUntil()).isEqualTo(T0.plus(Duration.ofHours(2)));
    assertThat(journal.readings(id).stream().filter(r -> r.phase() == 1).map(GuardReading::checkedAt).distinct()).hasSize(8);
  }

  @Test
  void rollbackOnRequestUndoesTheLatestPhaseFirst() {
    Executor ex = executor(CrashHook.NONE);
    long id = ex.start(threePhases(), "sha", "plan.json", RunSettings.defaults("dev"));
    drive(ex, id);
    cloud.calls.clear();
    assertThat(ex.requestRollback(id, 2).state()).isEqualTo(RunState.ROLLED_BACK);
    assertThat(cloud.calls).extracting(c -> c.split(" ")[1] + " " + c.split(" ")[2])
        .containsExactly("DB_INSTANCE_CLASS db", "ASG_CAPACITY asg", "ASG_INSTANCE_TYPE asg");
    assertThat(journal.phase(id, 1).state()).isEqualTo(PhaseState.PASSED);
    assertThat(journal.run(id).outcome()).isEqualTo("rolled back on request from phase 2");
    assertThat(cloud.config("trades", "streamEnabled")).isEqualTo("false");
    // Again: nothing left to undo, nothing called.
    cloud.calls.clear();
    ex.requestRollback(id, 2);
    assertThat(cloud.calls).isEmpty();
    assertThatThrownBy(() -> ex.requestRollback(id, 9)).isInstanceOf(UserError.class).hasMessageContaining("no phase 9");
  }

  @Test
  void aPlanWithKindsNoAdapterCarriesOutIsRefusedBeforeAnythingStarts() {
    FakeFamily onlyAsg = new FakeFamily(Set.of(AsgFamily.ASG_CAPACITY));
    Executor ex = new Executor(journal, ActionRegistry.of(onlyAsg), new Guard(slo), clock, CrashHook.NONE, log::add);
    assertThatThrownBy(() -> ex.start(threePhases(), "sha", "plan.json", RunSettings.defaults("dev")))
        .isInstanceOf(UserError.class).hasMessageContaining("DB_INSTANCE_CLASS").hasMessageContaining("Nothing was changed");
    assertThat(journal.runs()).isEmpty();
  }

  @Test
  void aCleanUpRunsOnlyAfterTheWindowPasses_andAFailedOneIsRecordedWithoutUndoingThePhase() {
    cloud.add("pg", RdsFamily.RDS, Map.of("instanceClass", "db.r6g.2xlarge"), Map.of());
    cloud.cleanupKinds.add(RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN);
    Plan plan = plan(
        phase(1, "database", action("bg", RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN, "pg", Map.of("instanceClass", "db.r6g.2xlarge"), Map.of("instanceClass", "db.r6g.xlarge"))),
        phase(2, "data", action("stream", DynamoDbFamily.DYNAMODB_DISABLE_STREAM, "trades", Map.of("streamEnabled", "true"), Map.of("streamEnabled", "false"))));
    cloud.failOnCleanup = new ActionFailedException("AccessDenied: rds:DeleteBlueGreenDeployment");
    Executor ex = executor(CrashHook.NONE);
    long id = ex.start(plan, "sha", "plan.json", RunSettings.defaults("dev"));
    ex.advance(id);
    assertThat(cloud.leftovers).as("kept during the window").containsExactly("pg");
    assertThat(journal.actions(id, 1).get(0).cleanup()).isNull();

    assertThat(drive(ex, id).state()).as("a failed clean-up does not undo a phase that passed").isEqualTo(RunState.COMPLETED);
    ActionRecord bg = journal.actions(id, 1).get(0);
    assertThat(bg.state()).isEqualTo(ActionState.DONE);
    assertThat(bg.cleanup()).isEqualTo(CleanupState.FAILED);
    assertThat(bg.cleanupMessage()).contains("rds:DeleteBlueGreenDeployment");
    assertThat(bg.cleanupAt()).isEqualTo(journal.phase(id, 1).observeUntil());
    assertThat(journal.actions(id, 2).get(0).state()).isEqualTo(ActionState.DONE);
    assertThat(cloud.leftovers).containsExactly("pg");
  }
}
