package dev.tap.optimizer.sim.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.CrashHook;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.Guard;
import dev.tap.optimizer.exec.GuardPolicy;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.PhaseRecord;
import dev.tap.optimizer.exec.PhaseState;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Resource;
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

/** The whole loop on the simulated trading account: apply, observe on the virtual clock, roll back on a real breach. */
class SimExecutionTest {
  @TempDir Path dir;
  static final String ASG = "tap-dev-trading-asg";
  static final String AURORA = "tap-dev-trading-aurora";
  static final String REDIS = "tap-dev-trading-redis";
  static final String TRADES = "tap-dev-trades";
  static final String POSITIONS = "tap-dev-positions";
  final List<String> log = new ArrayList<>();

  static Action action(String id, ActionKind kind, String resource, Map<String, String> before, Map<String, String> after) {
    return new Action(id, kind, resource, "us-east-1", before, after, 1000, 500, Action.Risk.MEDIUM, 0.9, List.of(),
        new Backtest(90, 0, 0, 0, 0, 0, 0, 0, 0, true, "test"), "test");
  }

  static Plan plan(SimTarget sim, Phase... phases) {
    Instant now = sim.clock().instant();
    return new Plan(Plan.SCHEMA_VERSION, "plan-sim", "trading", sim.accountId(), "sim:trading", now, now.minus(Duration.ofDays(90)), now,
        "2026-11-01", List.of(phases), List.of());
  }

  static Executor.Progress drive(Executor ex, SimTarget sim, long id) {
    Executor.Progress p = ex.advance(id);
    while (!p.finished()) {
      sim.waitUntil(p.waitUntil());
      p = ex.advance(id);
    }
    return p;
  }

  static RunSettings settings() {
    return new RunSettings(RunSettings.SIM, SimAccount.ENVIRONMENT, null, false, GuardPolicy.DEFAULT);
  }

  @Test
  void aPlanThatShrinksComputeTooFarTripsTheGuardAndIsRolledBack_theDataPhaseIsKept() {
    // 20 -> 2 instances of half the size: the trading session's CPU passes 100 % and latency explodes.
    SimTarget sim = SimTarget.fresh(SimBlueprint.TRADING);
    Plan plan = plan(sim,
        new Phase(1, "data", Duration.ofHours(48), List.of(
            action("gsi", DynamoDbFamily.DYNAMODB_DELETE_GSI, TRADES, Map.of("gsis", "by-account,by-order,by-symbol"), Map.of("gsis", "by-account,by-symbol")),
            action("positions-stream", DynamoDbFamily.DYNAMODB_DISABLE_STREAM, POSITIONS, Map.of("streamEnabled", "true"), Map.of("streamEnabled", "false")))),
        new Phase(2, "compute", Duration.ofHours(48), List.of(
            action("asg-type", AsgFamily.ASG_INSTANCE_TYPE, ASG, Map.of("instanceType", "c6i.8xlarge"), Map.of("instanceType", "c6i.4xlarge")),
            action("asg-cap", AsgFamily.ASG_CAPACITY, ASG, Map.of("min", "15", "desired", "20", "max", "30"), Map.of("min", "2", "desired", "2", "max", "4")))),
        new Phase(3, "database", Duration.ofHours(48), List.of(
            action("aurora-reader", AuroraFamily.DB_REMOVE_READER, AURORA, Map.of("readers", "4"), Map.of("readers", "3")))));
    try (Journal journal = SqliteJournal.open(dir.resolve("state.db"))) {
      Executor ex = new Executor(journal, sim.registry(), new Guard(sim.metrics()), sim.clock(), CrashHook.NONE, log::add);
      long id = ex.start(plan, "sha", "plan.json", settings());
      assertThat(drive(ex, sim, id).state()).as(String.join("\n", log)).isEqualTo(RunState.ROLLED_BACK);

      assertThat(journal.phase(id, 1).state()).isEqualTo(PhaseState.PASSED);
      assertThat(journal.actions(id, 1)).extracting(ActionRecord::state).containsExactly(ActionState.DONE, ActionState.SKIPPED);
      assertThat(journal.actions(id, 1).get(1).message()).contains("CriticalPath=true");
      PhaseRecord compute = journal.phase(id, 2);
      assertThat(compute.state()).isEqualTo(PhaseState.ROLLED_BACK);
      assertThat(compute.breachRule()).isNotNull();
      assertThat(compute.breachValue()).isGreaterThan(compute.breachThreshold());
      assertThat(journal.phase(id, 3).state()).isEqualTo(PhaseState.NOT_STARTED);

      Resource asg = sim.simAccount().resource(ASG);
      assertThat(asg.config()).containsEntry("instanceType", "c6i.8xlarge").containsEntry("desired", "20").containsEntry("min", "15");
      assertThat(sim.simAccount().resource(TRADES).config().get("gsis")).isEqualTo("by-account,by-symbol");
      assertThat(sim.simAccount().resource(AURORA).config().get("readers")).isEqualTo("4");
      assertThat(journal.run(id).outcome()).contains("guard breach in phase 2");
      // The virtual clock ran 48 h of observation for phase 1 plus the checks of phase 2 until the breach.
      assertThat(sim.clock().instant()).isAfter(plan.createdAt().plus(Duration.ofHours(48)));
    }
  }

  @Test
  void aModestPlanCompletes_andANewProcessRebuildsTheSimulatedAccountFromTheJournal() {
    SimTarget sim = SimTarget.fresh(SimBlueprint.TRADING);
    Plan plan = plan(sim,
        new Phase(1, "data", Duration.ofHours(48), List.of(
            action("gsi", DynamoDbFamily.DYNAMODB_DELETE_GSI, TRADES, Map.of("gsis", "by-account,by-order,by-symbol"), Map.of("gsis", "by-account,by-symbol")))),
        new Phase(2, "cache and database", Duration.ofHours(48), List.of(
            action("redis-replicas", RedisFamily.REDIS_REPLICAS, REDIS, Map.of("replicasPerShard", "2"), Map.of("replicasPerShard", "1")),
            action("aurora-reader", AuroraFamily.DB_REMOVE_READER, AURORA, Map.of("readers", "4"), Map.of("readers", "3")),
            action("aurora-retention", AuroraFamily.DB_BACKUP_RETENTION, AURORA, Map.of("backupRetentionDays", "35"), Map.of("backupRetentionDays", "14")))));
    Path state = dir.resolve("state.db");
    long id;
    try (Journal journal = SqliteJournal.open(state)) {
      Executor ex = new Executor(journal, sim.registry(), new Guard(sim.metrics()), sim.clock(), CrashHook.NONE, log::add);
      id = ex.start(plan, "sha", "plan.json", settings());
      // Apply phase 1 and observe 10 hours of it, then the process ends.
      Executor.Progress p = ex.advance(id);
      Instant stopAt = sim.clock().instant().plus(Duration.ofHours(10));
      while (p.waitUntil().isBefore(stopAt)) {
        sim.waitUntil(p.waitUntil());
        p = ex.advance(id);
      }
      assertThat(p.finished()).isFalse();
    }
    Instant stoppedAt = SimTarget.fresh(SimBlueprint.TRADING).clock().instant().plus(Duration.ofHours(10));
    try (Journal journal = SqliteJournal.openExisting(state)) {
      SimTarget again = SimTarget.restore(SimBlueprint.TRADING, journal);
      assertThat(again.simAccount().resource(TRADES).config()).containsEntry("gsis", "by-account,by-symbol");
      assertThat(again.clock().instant()).isAfterOrEqualTo(stoppedAt.minus(Duration.ofMinutes(15)));
      Executor ex = new Executor(journal, again.registry(), new Guard(again.metrics()), again.clock(), CrashHook.NONE, log::add);
      assertThat(drive(ex, again, id).state()).as(String.join("\n", log)).isEqualTo(RunState.COMPLETED);
      assertThat(journal.actions(id)).allMatch(a -> a.state() == ActionState.DONE);
      assertThat(again.simAccount().resource(REDIS).config()).containsEntry("replicasPerShard", "1");
      assertThat(again.simAccount().resource(AURORA).config()).containsEntry("readers", "3").containsEntry("backupRetentionDays", "14");
      assertThat(journal.readings(id).stream().map(r -> r.phase() + "@" + r.checkedAt()).distinct()).hasSize(2 * 192);
      // The simulated p99 is noisy: single 15-minute readings may cross the limit, but none lasted three checks.
      assertThat(journal.phases(id)).allMatch(p -> p.state() == PhaseState.PASSED && p.breachRule() == null);
    }
  }
}
