package dev.tap.optimizer.cli;

import static dev.tap.optimizer.cli.ExecCommandsTest.ACCOUNT;
import static dev.tap.optimizer.cli.ExecCommandsTest.action;
import static dev.tap.optimizer.cli.ExecCommandsTest.tap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.cli.ExecCommandsTest.Result;
import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionRegistry;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.CrashHook;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.exec.Guard;
import dev.tap.optimizer.exec.GuardPolicy;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.family.asg.AsgActions;
import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.redis.RedisActions;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.plan.PlanJson;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import dev.tap.optimizer.sim.actions.SimTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 item 6 and 9: every bad plan, option and rollback request through the real command
 * line, each with its exit code and the message that says what to fix; none changes the account
 * or leaves a run behind.
 */
class BadPlansTest {
  @TempDir Path dir;

  static final Phase REPLICAS = phase(1, action("replicas", RedisFamily.REDIS_REPLICAS, "tap-dev-trading-redis",
      Map.of("replicasPerShard", "2"), Map.of("replicasPerShard", "1")));

  static Phase phase(int n, Action... actions) {
    return new Phase(n, "phase " + n, Duration.ofHours(48), List.of(actions));
  }

  static Phase redis(int n, String id, ActionKind kind, Map<String, String> before, Map<String, String> after) {
    return phase(n, action(id, kind, "tap-dev-trading-redis", before, after));
  }

  /** One bad input: the plan's phases (null: the good one-phase plan), extra arguments, or a file's own text. */
  record Case(String name, List<Phase> phases, String rawPlan, List<String> args, int exit, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case plan(String name, int exit, String message, Phase... phases) {
    return new Case(name, List.of(phases), null, List.of(), exit, message);
  }

  static Case option(String name, String message, String... args) {
    return new Case(name, List.of(REPLICAS), null, List.of(args), 2, message);
  }

  static Stream<Case> cases() {
    String deep = "{\"schemaVersion\":1,\"contentSha256\":\"0\",\"plan\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    return Stream.of(
        // after-values: types, ranges, keys (exit 2, before any run is recorded)
        plan("replicas not a number", 2, "REDIS_REPLICAS after.replicasPerShard = \"abc\" is not a whole number from 0 to 5",
            redis(1, "r", RedisFamily.REDIS_REPLICAS, Map.of("replicasPerShard", "2"), Map.of("replicasPerShard", "abc"))),
        plan("replicas out of range", 2, "after.replicasPerShard = \"9\" is not a whole number from 0 to 5",
            redis(1, "r", RedisFamily.REDIS_REPLICAS, Map.of("replicasPerShard", "2"), Map.of("replicasPerShard", "9"))),
        plan("shards negative", 2, "REDIS_SHARDS after.shards = \"-1\" is not a whole number from 1 to 500",
            redis(1, "s", RedisFamily.REDIS_SHARDS, Map.of("shards", "15"), Map.of("shards", "-1"))),
        plan("node type not a node type", 2, "after.nodeType = \"big\" is not a cache node type",
            redis(1, "n", RedisFamily.REDIS_NODE_TYPE, Map.of("nodeType", "cache.r6gd.8xlarge"), Map.of("nodeType", "big"))),
        plan("a key the kind does not change", 2, "REDIS_REPLICAS does not change nodeType",
            redis(1, "r", RedisFamily.REDIS_REPLICAS, Map.of("replicasPerShard", "2"), Map.of("replicasPerShard", "1", "nodeType", "cache.r6g.large"))),
        plan("no after-values", 2, "REDIS_REPLICAS has no after-values",
            redis(1, "r", RedisFamily.REDIS_REPLICAS, Map.of("replicasPerShard", "2"), Map.of())),
        plan("asg min above desired", 2, "min 10 <= desired 5 <= max 20 does not hold",
            phase(1, action("cap", AsgFamily.ASG_CAPACITY, "tap-dev-trading-asg", Map.of("min", "15", "desired", "20", "max", "30"),
                Map.of("min", "10", "desired", "5", "max", "20")))),
        plan("lambda memory below 128 MB", 2, "LAMBDA_MEMORY after.memoryMb = \"64\" is not a whole number from 128 to 10240",
            phase(1, action("mem", LambdaFamily.LAMBDA_MEMORY, "tap-dev-staging-fn-1", Map.of("memoryMb", "3008"), Map.of("memoryMb", "64")))),
        plan("billing mode unknown", 2, "after.billingMode = \"FREE\" is not one of PROVISIONED, PAY_PER_REQUEST",
            phase(1, action("bill", DynamoDbFamily.DYNAMODB_BILLING_MODE, "tap-dev-trades", Map.of("billingMode", "PROVISIONED"),
                Map.of("billingMode", "FREE")))),
        plan("retention 0 days", 2, "after.backupRetentionDays = \"0\" is not a whole number from 1 to 35",
            phase(1, action("ret", AuroraFamily.DB_BACKUP_RETENTION, "tap-dev-trading-aurora", Map.of("backupRetentionDays", "35"),
                Map.of("backupRetentionDays", "0")))),
        // ids, phases and durations in the plan
        plan("duplicate action ids", 2, "action id replicas appears more than once", REPLICAS,
            redis(2, "replicas", RedisFamily.REDIS_SHARDS, Map.of("shards", "15"), Map.of("shards", "12"))),
        plan("duplicate phase numbers", 2, "phase number 1 appears more than once", REPLICAS,
            redis(1, "shards", RedisFamily.REDIS_SHARDS, Map.of("shards", "15"), Map.of("shards", "12"))),
        plan("observation of 999 days", 2, "phase 1 observation PT23976H is not between 0 and 30 days",
            new Phase(1, "long", Duration.ofDays(999), REPLICAS.actions())),
        new Case("nesting 5000 levels deep", null, deep, List.of(), 2, "is nested more than 32 levels deep"),
        new Case("not JSON", null, "{\"schemaVersion\": 1, \"plan\": [", List.of(), 2, "is not valid JSON"),
        // options
        option("observe beyond a Duration", "--observe '999999999999999d' is longer than the 30 days TAP allows", "--observe", "999999999999999d"),
        option("observe beyond a long", "--observe '99999999999999999999999h' is longer than the 30 days", "--observe", "99999999999999999999999h"),
        option("observe of 31 days", "--observe '31d' is longer than the 30 days", "--observe", "31d"),
        option("observe of zero", "--observe '0m' is not a duration", "--observe", "0m"),
        option("check-every not a duration", "--check-every 'soon' is not a duration", "--check-every", "soon"),
        // pre-flight: every phase's resources, before phase 1 changes anything (exit 4)
        plan("a resource missing from the account", 4, "gone: tap-dev-no-such-table in us-east-1 cannot be read", REPLICAS,
            phase(2, action("gone", DynamoDbFamily.DYNAMODB_DELETE_GSI, "tap-dev-no-such-table", Map.of("gsis", "idx-a,idx-b"), Map.of("gsis", "idx-a")))),
        plan("a later phase's before-state differs", 4, "reader: tap-dev-trading-aurora is not at the plan's before-state: readers=4 (expected 5)",
            REPLICAS, phase(3, action("reader", AuroraFamily.DB_REMOVE_READER, "tap-dev-trading-aurora", Map.of("readers", "5"), Map.of("readers", "4")))),
        plan("a second change of the same key expects the first one's result", 4, "shards-again: tap-dev-trading-redis is not at the plan's before-state: "
                + "shards=12 (expected 15)", redis(1, "shards", RedisFamily.REDIS_SHARDS, Map.of("shards", "15"), Map.of("shards", "12")),
            redis(2, "shards-again", RedisFamily.REDIS_SHARDS, Map.of("shards", "15"), Map.of("shards", "10"))));
  }

  Path write(Case c) throws Exception {
    Path file = dir.resolve("plan.json");
    if (c.rawPlan() != null) {
      Files.writeString(file, c.rawPlan());
      return file;
    }
    Instant now = SimTarget.fresh(SimBlueprint.TRADING).clock().instant();
    // Written through PlanJson, so the content hash matches: these are plans 'tap plan' could have signed, not tampered files.
    PlanJson.write(new Plan(Plan.SCHEMA_VERSION, "bad", "trading", ACCOUNT, "sim:trading seed 42", now, now.minus(Duration.ofDays(90)), now,
        "2026-11-01", c.phases(), List.of()), file);
    return file;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aBadPlanOrOptionIsRefusedWithItsExitCodeAndWhatToFix_nothingChanges(Case c) throws Exception {
    Path state = dir.resolve("state.db");
    List<String> args = new ArrayList<>(List.of("apply", write(c).toString(), "--state", state.toString(), "--yes"));
    args.addAll(c.args());
    Result r = tap(args.toArray(String[]::new));
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(c.exit());
    assertThat(r.err()).contains(c.message()).doesNotContain("\tat ").doesNotContain("Exception");
    if (Files.exists(state)) {
      try (Journal j = SqliteJournal.openExisting(state)) {
        assertThat(j.runs()).as("no run is recorded").isEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"trading", "saas", "staging"})
  void aPlanTheRulesWroteIsAcceptedByEveryValidator(String blueprint) {
    // What the checks refuse when a plan is edited, they accept as the rules wrote it.
    Path out = dir.resolve(blueprint);
    Result r = tap("plan", "--sim", blueprint, "--out", out.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    Plan plan = PlanJson.read(out.resolve("plan.json"));
    assertThat(plan.actions()).isNotEmpty();
    assertThat(dev.tap.optimizer.plan.PlanCheck.problems(plan)).isEmpty();
  }

  // ------------------------------------------------------------------ an adapter that throws, resume, rollback exit codes

  /** The simulated ASG adapter with a bug: converge throws an unchecked exception no one expected. */
  static FamilyActions buggy(FamilyActions real) {
    return new FamilyActions() {
      @Override public Set<ActionKind> kinds() {
        return real.kinds();
      }

      @Override public Resource read(String id, String region) {
        return real.read(id, region);
      }

      @Override public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
        throw new IllegalArgumentException("adapter bug: cannot handle " + target);
      }
    };
  }

  Plan twoPhases(SimTarget sim) {
    Instant now = sim.clock().instant();
    return new Plan(Plan.SCHEMA_VERSION, "buggy", "trading", ACCOUNT, "sim:trading seed 42", now, now.minus(Duration.ofDays(90)), now,
        "2026-11-01", List.of(REPLICAS, phase(2, action("cap", AsgFamily.ASG_CAPACITY, "tap-dev-trading-asg",
            Map.of("min", "15", "desired", "20", "max", "30"), Map.of("min", "12", "desired", "16", "max", "30")))), List.of());
  }

  @Test
  void anUnexpectedExceptionFailsTheActionAndRollsThePhaseBack_resumeDoesNotCrash_rollbackExits0WhenEverythingIsUndone() {
    Path state = dir.resolve("state.db");
    SimTarget sim = SimTarget.fresh(SimBlueprint.TRADING);
    ActionRegistry registry = new ActionRegistry(List.of(new RedisActions(sim.apis()), buggy(new AsgActions(sim.apis()))));
    List<String> log = new ArrayList<>();
    long run;
    try (Journal journal = SqliteJournal.open(state)) {
      Executor ex = new Executor(journal, registry, new Guard(sim.metrics()), sim.clock(), CrashHook.NONE, log::add);
      run = ex.start(twoPhases(sim), "sha", "plan.json", new RunSettings(RunSettings.SIM, SimAccount.ENVIRONMENT, Duration.ofHours(1), false,
          GuardPolicy.DEFAULT));
      Executor.Progress p = ex.advance(run);
      while (!p.finished()) {
        sim.waitUntil(p.waitUntil());
        p = ex.advance(run);
      }
      assertThat(p.state()).as(String.join("\n", log)).isEqualTo(RunState.FAILED);
      ActionRecord cap = journal.actions(run, 2).get(0);
      assertThat(cap.state()).isEqualTo(ActionState.UNDONE);
      assertThat(journal.run(run).outcome()).contains("phase 2 (phase 2) failed: cap (ASG_CAPACITY on tap-dev-trading-asg): unexpected IllegalArgumentException");
      assertThat(journal.actions(run, 1).get(0).state()).as("phase 1 passed and is kept").isEqualTo(ActionState.DONE);
    }
    assertThat(sim.simAccount().resource("tap-dev-trading-asg").config()).containsEntry("desired", "20");

    Result resume = tap("resume", "--state", state.toString());
    assertThat(resume.exit()).as(resume.out() + resume.err()).isZero();
    assertThat(resume.out()).contains("no unfinished run");
    Result resumeRun = tap("resume", String.valueOf(run), "--state", state.toString());
    assertThat(resumeRun.exit()).as(resumeRun.out() + resumeRun.err()).isZero();
    assertThat(resumeRun.out()).contains("is already FAILED: nothing to resume");

    Result tooFar = tap("rollback", String.valueOf(run), "--phase", "99", "--state", state.toString(), "--yes");
    assertThat(tooFar.exit()).isEqualTo(2);
    assertThat(tooFar.err()).contains("run " + run + " has no phase 99 (its phases are [1, 2])");

    Result back = tap("rollback", String.valueOf(run), "--state", state.toString(), "--yes");
    assertThat(back.exit()).as("every undo succeeded, although the run had failed: " + back.out() + back.err()).isZero();
    assertThat(back.out()).contains("undone replicas");
    try (Journal journal = SqliteJournal.openExisting(state)) {
      assertThat(journal.actions(run, 1).get(0).state()).isEqualTo(ActionState.UNDONE);
    }
  }

  @Test
  void aRunWedgedInIntentByAnOlderVersionIsFinishedOnResume() {
    Path state = dir.resolve("state.db");
    SimTarget sim = SimTarget.fresh(SimBlueprint.TRADING);
    ActionRegistry registry = new ActionRegistry(List.of(new RedisActions(sim.apis()), buggy(new AsgActions(sim.apis()))));
    try (Journal journal = SqliteJournal.open(state)) {
      // The process dies after INTENT of the buggy call (as a NumberFormatException used to leave it).
      CrashHook die = (step, id) -> {
        if (step == CrashHook.Step.BEFORE_CALL && "cap".equals(id)) throw new AssertionError("killed");
      };
      Executor first = new Executor(journal, registry, new Guard(sim.metrics()), sim.clock(), die, s -> { });
      long run = first.start(twoPhases(sim), "sha", "plan.json", new RunSettings(RunSettings.SIM, SimAccount.ENVIRONMENT, Duration.ofHours(1),
          false, GuardPolicy.DEFAULT));
      try {
        Executor.Progress p = first.advance(run);
        while (!p.finished()) {
          sim.waitUntil(p.waitUntil());
          p = first.advance(run);
        }
      } catch (AssertionError killed) {
        // as a kill -9 would
      }
      assertThat(journal.actions(run, 2).get(0).state()).isEqualTo(ActionState.INTENT);

      Executor resumed = new Executor(journal, registry, new Guard(sim.metrics()), sim.clock(), CrashHook.NONE, s -> { });
      assertThat(resumed.advance(run).state()).isEqualTo(RunState.FAILED);
      assertThat(journal.actions(run, 2).get(0).state()).isEqualTo(ActionState.UNDONE);
      assertThat(resumed.advance(run).state()).as("a second resume is a no-op").isEqualTo(RunState.FAILED);
    }
  }

}
