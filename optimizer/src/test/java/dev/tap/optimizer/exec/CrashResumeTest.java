package dev.tap.optimizer.exec;

import static dev.tap.optimizer.exec.Plans.T0;
import static dev.tap.optimizer.exec.Plans.action;
import static dev.tap.optimizer.exec.Plans.phase;
import static dev.tap.optimizer.exec.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.exec.CrashHook.Step;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.model.Plan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills the executor at every step boundary (the crash hook throws an Error, which nothing
 * catches) and resumes from the journal alone (the SQLite file, and the DynamoDB table read by a new instance): every action ends done and recorded, or undone,
 * each cloud call made once, and no journal row lost or duplicated.
 */
class CrashResumeTest {
  @TempDir Path dir;

  static final class Crash extends Error {
    Crash(Step step) {
      super("simulated kill at " + step);
    }
  }

  /**
   * Two hours of observation (eight checks) instead of the plans' 48: every step boundary is still
   * crossed, and each check is a round trip to the journal's store, which for a table is a server.
   */
  static final RunSettings SETTINGS = new RunSettings(RunSettings.AWS, "dev", Duration.ofHours(2), false, GuardPolicy.DEFAULT);

  static final java.util.Set<Step> CLEANUP_STEPS = java.util.EnumSet.of(Step.BEFORE_CLEANUP_CALL, Step.AFTER_CLEANUP_CALL);

  static Stream<Arguments> boundaries() {
    return Stream.of(Journals.Store.values()).flatMap(store -> Stream.of(Step.values()).filter(s -> !CLEANUP_STEPS.contains(s))
        .flatMap(step -> Stream.of("first", "second").map(target -> Arguments.of(store, step, target))));
  }

  static Stream<Arguments> cleanupBoundaries() {
    return Stream.of(Journals.Store.values()).flatMap(store -> CLEANUP_STEPS.stream().sorted().map(step -> Arguments.of(store, step)));
  }

  @ParameterizedTest(name = "{0}: kill at {1} of the {2} action")
  @MethodSource("boundaries")
  void resumeEndsWithEveryActionDoneOrUndone(Journals.Store store, Step step, String target) throws Exception {
    Journals.Place state = store.at(dir);
    boolean rollbackStep = step == Step.BEFORE_UNDO_CALL || step == Step.AFTER_UNDO_CALL;
    FakeFamily cloud = FakeFamily.all()
        .add("first", RedisFamily.REDIS, Map.of("shards", "15", "replicasPerShard", "2"), Map.of())
        .add("second", LambdaFamily.LAMBDA, Map.of("memoryMb", "3008"), Map.of());
    FakeSlo slo = new FakeSlo();
    if (rollbackStep) slo.degradeFrom = T0; // the guard trips at the first check: the phase is undone
    MutableClock clock = new MutableClock(T0);
    Plan plan = plan(phase(1, "one",
        action("first", RedisFamily.REDIS_SHARDS, "first", Map.of("shards", "15"), Map.of("shards", "8")),
        action("second", LambdaFamily.LAMBDA_MEMORY, "second", Map.of("memoryMb", "3008"), Map.of("memoryMb", "1024"))));
    CrashHook killOnce = new CrashHook() {
      boolean fired;

      @Override
      public void at(Step s, String actionId) {
        if (!fired && s == step && (actionId == null || actionId.equals(target))) {
          fired = true;
          throw new Crash(s);
        }
      }
    };
    Journal first = state.open();
    Executor dying = new Executor(first, ActionRegistry.of(cloud), new Guard(slo), clock, killOnce, m -> {});
    long id = dying.start(plan, "sha", "plan.json", SETTINGS);
    assertThatThrownBy(() -> {
      Executor.Progress p = dying.advance(id);
      while (!p.finished()) {
        clock.set(p.waitUntil());
        p = dying.advance(id);
      }
    }).isInstanceOf(Crash.class);
    // The process is gone; its connection is never used again. A new one (another process, or for a table another machine) resumes from the store.
    clock.advance(Duration.ofMinutes(1));
    try (Journal journal = state.open()) {
      Executor resumed = new Executor(journal, ActionRegistry.of(cloud), new Guard(slo), clock, CrashHook.NONE, m -> {});
      Executor.Progress p = resumed.advance(id);
      while (!p.finished()) {
        clock.set(p.waitUntil());
        p = resumed.advance(id);
      }
      // A second resume (cron) after the end changes nothing.
      int calls = cloud.calls.size();
      assertThat(resumed.advance(id).finished()).isTrue();
      assertThat(cloud.calls).hasSize(calls);

      if (rollbackStep) {
        assertThat(p.state()).isEqualTo(RunState.ROLLED_BACK);
        assertThat(journal.actions(id)).allMatch(a -> a.state() == ActionState.UNDONE);
        assertThat(cloud.config("first", "shards")).isEqualTo("15");
        assertThat(cloud.config("second", "memoryMb")).isEqualTo("3008");
        assertThat(cloud.calls.stream().filter(c -> c.startsWith("undo "))).as("each inverse once").hasSize(2);
      } else {
        assertThat(p.state()).isEqualTo(RunState.COMPLETED);
        assertThat(journal.actions(id)).allMatch(a -> a.state() == ActionState.DONE);
        assertThat(cloud.config("first", "shards")).isEqualTo("8");
        assertThat(cloud.config("second", "memoryMb")).isEqualTo("1024");
      }
      assertThat(cloud.calls.stream().filter(c -> !c.startsWith("undo "))).as("each call once").hasSize(2);
    }
    assertThat(state.stored(id)).as("no row lost or duplicated").isEqualTo(new Journals.Stored(2, 2, 1));
  }

  /**
   * The clean-up after a passed window (a blue/green's old instance) killed before and after its
   * call: the resume finishes it, removes the leftover exactly once, and records it once.
   */
  @ParameterizedTest(name = "{0}: kill at {1}")
  @MethodSource("cleanupBoundaries")
  void aCleanUpKilledMidwayIsFinishedOnceByResume(Journals.Store store, Step step) throws Exception {
    Journals.Place state = store.at(dir);
    FakeFamily cloud = FakeFamily.all().add("db", RdsFamily.RDS, Map.of("instanceClass", "db.r6g.2xlarge"), Map.of())
        .add("fn", LambdaFamily.LAMBDA, Map.of("memoryMb", "3008"), Map.of());
    cloud.cleanupKinds.add(RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN);
    FakeSlo slo = new FakeSlo();
    MutableClock clock = new MutableClock(T0);
    Plan plan = plan(phase(1, "database",
        action("bg", RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN, "db", Map.of("instanceClass", "db.r6g.2xlarge"), Map.of("instanceClass", "db.r6g.xlarge"))),
        phase(2, "later", action("later", LambdaFamily.LAMBDA_MEMORY, "fn", Map.of("memoryMb", "3008"), Map.of("memoryMb", "2048"))));
    CrashHook kill = (s, actionId) -> {
      if (s == step) throw new Crash(s);
    };
    Journal first = state.open();
    Executor dying = new Executor(first, ActionRegistry.of(cloud), new Guard(slo), clock, kill, m -> {});
    long id = dying.start(plan, "sha", "plan.json", SETTINGS);
    assertThatThrownBy(() -> {
      Executor.Progress p = dying.advance(id);
      while (!p.finished()) {
        clock.set(p.waitUntil());
        p = dying.advance(id);
      }
    }).isInstanceOf(Crash.class);
    assertThat(first.action(first.actions(id).get(0).rowId()).cleanup()).as("intent committed before the call").isEqualTo(CleanupState.INTENT);
    assertThat(first.phase(id, 2).state()).as("the next phase waits for the clean-up").isEqualTo(PhaseState.PENDING);

    try (Journal journal = state.open()) {
      Executor resumed = new Executor(journal, ActionRegistry.of(cloud), new Guard(slo), clock, CrashHook.NONE, m -> {});
      Executor.Progress p = resumed.advance(id);
      while (!p.finished()) {
        clock.set(p.waitUntil());
        p = resumed.advance(id);
      }
      assertThat(p.state()).isEqualTo(RunState.COMPLETED);
      ActionRecord bg = journal.actions(id, 1).get(0);
      assertThat(bg.cleanup()).isEqualTo(CleanupState.DONE);
      assertThat(bg.cleanupMessage()).isEqualTo(step == Step.BEFORE_CLEANUP_CALL ? "removed what bg left behind" : "already removed");
      assertThat(bg.cleanupAt()).isAfterOrEqualTo(journal.phase(id, 1).observeUntil());
      assertThat(journal.actions(id, 2).get(0).cleanup()).as("only kinds that leave something behind").isNull();
      assertThat(cloud.calls.stream().filter(c -> c.startsWith("cleanup "))).as("removed once").hasSize(1);
      assertThat(cloud.leftovers).isEmpty();
      assertThat(journal.events(id).stream().filter(e -> e.contains("bg cleaned up"))).as("recorded once").hasSize(1);
    }
  }
}
