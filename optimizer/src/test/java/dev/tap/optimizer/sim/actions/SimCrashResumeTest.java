package dev.tap.optimizer.sim.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.CleanupState;
import dev.tap.optimizer.exec.CrashHook;
import dev.tap.optimizer.exec.CrashHook.Step;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.Guard;
import dev.tap.optimizer.exec.GuardPolicy;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.family.sagemaker.SageMakerFamily;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One action of each family on the simulated account, killed at every step boundary (applying,
 * observing, and undoing on request), then resumed by a new executor on a new journal connection.
 * The simulated account plays the cloud: it outlives the killed process, as AWS would.
 */
class SimCrashResumeTest {
  @TempDir Path dir;

  static final class Crash extends Error {
    Crash(Step s) {
      super("simulated kill at " + s);
    }
  }

  record Case(String family, SimBlueprint blueprint, ActionKind kind, String resource, Map<String, String> before, Map<String, String> after) {
    @Override
    public String toString() {
      return family;
    }
  }

  static final List<Case> CASES = List.of(
      new Case("aurora", SimBlueprint.TRADING, AuroraFamily.DB_REMOVE_READER, "tap-dev-trading-aurora", Map.of("readers", "4"), Map.of("readers", "3")),
      // Not applied immediately: the change waits for Sunday's maintenance window, observation starts there.
      new Case("aurora-class", SimBlueprint.TRADING, AuroraFamily.DB_INSTANCE_CLASS, "tap-dev-trading-aurora",
          Map.of("instanceClass", "db.r6g.8xlarge"), Map.of("instanceClass", "db.r6g.4xlarge")),
      new Case("rds", SimBlueprint.STAGING, RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN, "tap-dev-staging-db",
          Map.of("instanceClass", "db.r6g.2xlarge", "readerClass", "db.r6g.2xlarge"), Map.of("instanceClass", "db.r6g.xlarge", "readerClass", "db.r6g.xlarge")),
      new Case("asg", SimBlueprint.TRADING, AsgFamily.ASG_CAPACITY, "tap-dev-trading-asg",
          Map.of("min", "15", "desired", "20", "max", "30"), Map.of("min", "15", "desired", "19", "max", "30")),
      new Case("redis", SimBlueprint.TRADING, RedisFamily.REDIS_REPLICAS, "tap-dev-trading-redis", Map.of("replicasPerShard", "2"), Map.of("replicasPerShard", "1")),
      new Case("dynamodb", SimBlueprint.TRADING, DynamoDbFamily.DYNAMODB_DELETE_GSI, "tap-dev-trades",
          Map.of("gsis", "by-account,by-order,by-symbol"), Map.of("gsis", "by-account,by-symbol")),
      new Case("lambda", SimBlueprint.STAGING, LambdaFamily.LAMBDA_MEMORY, "tap-dev-staging-fn-1", Map.of("memoryMb", "3008"), Map.of("memoryMb", "2048")),
      new Case("dax", SimBlueprint.TRADING, DaxFamily.DAX_NODES, "tap-dev-dax", Map.of("nodes", "6"), Map.of("nodes", "3")),
      // the ML platform (us-west-2): the forward change runs the rollout gates, the undo does not
      new Case("sagemaker", SimBlueprint.TRADING, SageMakerFamily.SAGEMAKER_ENDPOINT, "tap-trading-fraud-scoring",
          Map.of("instanceType", "ml.g4dn.12xlarge", "instanceCount", "10", "autoscaling", "none", "minInstances", "10", "maxInstances", "10"),
          Map.of("instanceType", "ml.g4dn.xlarge", "instanceCount", "12", "minInstances", "12", "maxInstances", "50",
              "targetInvocationsPerInstancePerMinute", "9000", "model", "fp32", "autoscaling", "target-tracking")));

  static Stream<Arguments> cases() {
    // The clean-up after the window exists only for blue/green (RDS): its boundaries are killed there.
    return CASES.stream().flatMap(c -> Stream.of(Step.values())
        .filter(s -> c.kind() == RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN || (s != Step.BEFORE_CLEANUP_CALL && s != Step.AFTER_CLEANUP_CALL))
        .map(s -> Arguments.of(c, s)));
  }

  @ParameterizedTest(name = "{0}: kill at {1}")
  @MethodSource("cases")
  void everyActionEndsDoneOrUndone_eachCallOnce_noRowLostOrDuplicated(Case c, Step step) throws Exception {
    SimTarget sim = SimTarget.fresh(c.blueprint());
    String region = c.kind().family() == SageMakerFamily.SAGEMAKER ? "us-west-2" : "us-east-1";
    // the ML platform lives beside the account: read it through its adapter; the rest as the account holds it
    java.util.function.Supplier<Map<String, String>> config = () -> region.equals("us-west-2")
        ? sim.registry().forKind(c.kind()).read(c.resource(), region).config() : sim.simAccount().resource(c.resource()).config();
    Map<String, String> initial = config.get();
    var now = sim.clock().instant();
    Action action = new Action("a", c.kind(), c.resource(), region, c.before(), c.after(), 100, 50, Action.Risk.LOW, 0.9, List.of(),
        new Backtest(90, 0, 0, 0, 0, 0, 0, 0, 0, true, "t"), "t");
    Plan plan = new Plan(Plan.SCHEMA_VERSION, "p", c.blueprint().id(), sim.accountId(), "sim:" + c.blueprint().id(), now,
        now.minus(Duration.ofDays(90)), now, "2026-11-01", List.of(new Phase(1, c.family(), Duration.ofHours(48), List.of(action))), List.of());
    RunSettings settings = new RunSettings(RunSettings.SIM, SimAccount.ENVIRONMENT, Duration.ofHours(1), false, GuardPolicy.forBlueprint(c.blueprint().id()));
    boolean undoStep = step == Step.BEFORE_UNDO_CALL || step == Step.AFTER_UNDO_CALL;
    Path state = dir.resolve("state.db");
    CrashHook kill = new CrashHook() {
      boolean fired;

      @Override
      public void at(Step s, String actionId) {
        if (!fired && s == step) {
          fired = true;
          throw new Crash(s);
        }
      }
    };

    long id;
    Journal dying = SqliteJournal.open(state);
    Executor first = new Executor(dying, sim.registry(), new Guard(sim.metrics()), sim.clock(), kill, m -> {});
    id = first.start(plan, "sha", "plan.json", settings);
    Supplier<RunState> driveFirst = () -> {
      Executor.Progress p = first.advance(id);
      while (!p.finished()) {
        sim.waitUntil(p.waitUntil());
        p = first.advance(id);
      }
      return p.state();
    };
    if (undoStep) {
      assertThat(driveFirst.get()).isEqualTo(RunState.COMPLETED);
      assertThatThrownBy(() -> first.requestRollback(id, null)).isInstanceOf(Crash.class);
    } else {
      assertThatThrownBy(driveFirst::get).isInstanceOf(Crash.class);
    }

    try (Journal journal = SqliteJournal.openExisting(state)) {
      Executor second = new Executor(journal, sim.registry(), new Guard(sim.metrics()), sim.clock(), CrashHook.NONE, m -> {});
      Executor.Progress p = second.advance(id);
      while (!p.finished()) {
        sim.waitUntil(p.waitUntil());
        p = second.advance(id);
      }
      Map<String, String> end = config.get();
      if (undoStep) {
        assertThat(p.state()).isEqualTo(RunState.ROLLED_BACK);
        assertThat(journal.actions(id)).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(ActionState.UNDONE));
        assertThat(end).containsAllEntriesOf(c.before());
      } else {
        assertThat(p.state()).as(journal.run(id).outcome()).isEqualTo(RunState.COMPLETED);
        assertThat(journal.actions(id)).singleElement().satisfies(a -> {
          assertThat(a.state()).isEqualTo(ActionState.DONE);
          assertThat(a.observedBefore()).containsAllEntriesOf(c.before());
        });
        assertThat(end).containsAllEntriesOf(c.after());
      }
      assertThat(journal.readings(id)).isNotEmpty();
      if (c.kind() == RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN) {
        // The forward switch's old instance is deleted once, after the window, whatever was killed.
        assertThat(journal.actions(id).get(0).cleanup()).isEqualTo(CleanupState.DONE);
        assertThat(sim.apis().deletedDeployments()).isEqualTo(1);
        if (!undoStep) assertThat(sim.apis().describeInstance(c.resource(), "us-east-1").config()).containsEntry("blueGreenDeployments", "");
      }
      if (c.kind() == AuroraFamily.DB_INSTANCE_CLASS) {
        Instant window = Instant.parse("2026-11-22T05:00:00Z");
        assertThat(journal.phase(id, 1).effectiveAt()).isEqualTo(window);
        assertThat(journal.readings(id)).allMatch(r -> r.checkedAt().isAfter(window));
        assertThat(sim.apis().describeCluster(c.resource(), "us-east-1").config()).containsEntry("pendingModifiedValues", "");
      }
    }
    // Nothing else in the account moved, and the journal holds one row per plan entity.
    Map<String, String> untouched = new java.util.HashMap<>(initial);
    c.before().keySet().forEach(untouched::remove);
    assertThat(config.get()).containsAllEntriesOf(untouched);
    try (var conn = DriverManager.getConnection("jdbc:sqlite:" + state); var s = conn.createStatement()) {
      try (var rs = s.executeQuery("SELECT (SELECT count(*) FROM runs), (SELECT count(*) FROM phases), (SELECT count(*) FROM actions)")) {
        rs.next();
        assertThat(List.of(rs.getInt(1), rs.getInt(2), rs.getInt(3))).containsExactly(1, 1, 1);
      }
    }
  }
}
