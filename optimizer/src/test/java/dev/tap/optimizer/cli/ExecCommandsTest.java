package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.exec.Journal;
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
import dev.tap.optimizer.plan.PlanJson;
import dev.tap.optimizer.sim.SimBlueprint;
import dev.tap.optimizer.sim.actions.SimTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** tap apply / resume / rollback / status on the simulated trading account, through the real command line. */
class ExecCommandsTest {
  @TempDir Path dir;

  record Result(int exit, String out, String err) {}

  static Result tap(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = TapCli.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  static Action action(String id, ActionKind kind, String resource, Map<String, String> before, Map<String, String> after) {
    return new Action(id, kind, resource, "us-east-1", before, after, 1000, 400, Action.Risk.MEDIUM, 0.9, List.of(),
        new Backtest(90, 0, 0, 0, 0, 0, 0, 0, 0, true, "test"), "test");
  }

  Path plan(String name, String account, Phase... phases) {
    Instant now = SimTarget.fresh(SimBlueprint.TRADING).clock().instant();
    Plan p = new Plan(Plan.SCHEMA_VERSION, name, "trading", account, "sim:trading seed 42", now, now.minus(Duration.ofDays(90)), now,
        "2026-11-01", List.of(phases), List.of());
    Path file = dir.resolve(name + ".json");
    PlanJson.write(p, file);
    return file;
  }

  static final String ACCOUNT = "123456789012";

  Path breachingPlan() {
    return plan("breach", ACCOUNT,
        new Phase(1, "data", Duration.ofHours(48), List.of(action("gsi", DynamoDbFamily.DYNAMODB_DELETE_GSI, "tap-dev-trades",
            Map.of("gsis", "by-account,by-order,by-symbol"), Map.of("gsis", "by-account,by-symbol")))),
        new Phase(2, "compute", Duration.ofHours(48), List.of(action("asg-cap", AsgFamily.ASG_CAPACITY, "tap-dev-trading-asg",
            Map.of("min", "15", "desired", "20", "max", "30"), Map.of("min", "2", "desired", "2", "max", "4")))),
        new Phase(3, "database", Duration.ofHours(48), List.of(action("reader", AuroraFamily.DB_REMOVE_READER, "tap-dev-trading-aurora",
            Map.of("readers", "4"), Map.of("readers", "3")))));
  }

  Path modestPlan() {
    return plan("modest", ACCOUNT,
        new Phase(1, "cache", Duration.ofHours(48), List.of(action("replicas", RedisFamily.REDIS_REPLICAS, "tap-dev-trading-redis",
            Map.of("replicasPerShard", "2"), Map.of("replicasPerShard", "1")))),
        new Phase(2, "database", Duration.ofHours(48), List.of(action("retention", AuroraFamily.DB_BACKUP_RETENTION, "tap-dev-trading-aurora",
            Map.of("backupRetentionDays", "35"), Map.of("backupRetentionDays", "14")))));
  }

  @Test
  void withoutConfirmationApplyOnlyShowsThePlan_andWritesNothing() {
    Path state = dir.resolve("state.db");
    Result r = tap("apply", breachingPlan().toString(), "--state", state.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("phase 2: compute").contains("ASG_CAPACITY").contains("Dry run: nothing was changed");
    assertThat(state).doesNotExist();
  }

  @Test
  void aBreachRollsThePhaseBack_exit5_andStatusShowsWhy() throws Exception {
    Path state = dir.resolve("state.db");
    Result r = tap("apply", breachingPlan().toString(), "--state", state.toString(), "--yes");
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(5);
    assertThat(r.out()).contains("BREACH").contains("run 1: ROLLED_BACK");

    Result status = tap("status", "--state", state.toString());
    assertThat(status.exit()).isZero();
    assertThat(status.out()).contains("ROLLED_BACK").contains("breach: ").contains("NOT_STARTED").contains("guard @");

    Result json = tap("status", "--state", state.toString(), "--format", "json");
    JsonNode runs = new ObjectMapper().readTree(json.out());
    assertThat(runs.get(0).get("run").get("state").asText()).isEqualTo("ROLLED_BACK");
    assertThat(runs.get(0).get("phases").get(1).get("breachValue").asDouble())
        .isGreaterThan(runs.get(0).get("phases").get(1).get("breachThreshold").asDouble());
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} s -> {1}")
  @org.junit.jupiter.params.provider.CsvSource({"0, 0:00:00", "59, 0:00:59", "899, 0:14:59", "172800, 48:00:00", "-5, 0:00:00"})
  void countdownsReadAsHoursMinutesSeconds(long seconds, String shown) {
    assertThat(ExecSupport.hms(Duration.ofSeconds(seconds))).isEqualTo(shown);
  }

  @Test
  void breachChecksSetHowManyBreachingChecksInARowTripTheGuard() {
    Result strict = tap("apply", breachingPlan().toString(), "--state", dir.resolve("strict.db").toString(), "--yes", "--breach-checks", "1");
    assertThat(strict.exit()).as(strict.out() + strict.err()).isEqualTo(5);
    assertThat(strict.out()).contains("1 checks in a row");
    Result bad = tap("apply", breachingPlan().toString(), "--state", dir.resolve("bad.db").toString(), "--yes", "--breach-checks", "0");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--breach-checks 0 is out of range");
    assertThat(dir.resolve("bad.db")).doesNotExist();
  }

  @Test
  void detachedApplyThenResumeCompletes_thenRollbackUndoesEverything() {
    Path state = dir.resolve("state.db");
    Result applied = tap("apply", modestPlan().toString(), "--state", state.toString(), "--yes", "--detach");
    assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
    // On the simulated account time is virtual: even a detached apply would not wait, so detach stops at the first wait.
    try (Journal j = SqliteJournal.openExisting(state)) {
      assertThat(j.run(1).state()).isEqualTo(RunState.RUNNING);
    }
    Result resumed = tap("resume", "--state", state.toString());
    assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
    assertThat(resumed.out()).contains("run 1: COMPLETED");
    assertThat(tap("resume", "--state", state.toString()).out()).contains("no unfinished run");

    Result dry = tap("rollback", "1", "--state", state.toString());
    assertThat(dry.out()).contains("would undo").contains("phase 2 retention").contains("Dry run");
    Result undone = tap("rollback", "1", "--state", state.toString(), "--yes");
    assertThat(undone.exit()).as(undone.out() + undone.err()).isZero();
    assertThat(undone.out()).contains("run 1: ROLLED_BACK");
    try (Journal j = SqliteJournal.openExisting(state)) {
      SimTarget sim = SimTarget.restore(SimBlueprint.TRADING, j);
      assertThat(sim.simAccount().resource("tap-dev-trading-redis").config()).containsEntry("replicasPerShard", "2");
      assertThat(sim.simAccount().resource("tap-dev-trading-aurora").config()).containsEntry("backupRetentionDays", "35");
    }
  }

  @Test
  void aHandEditedPlanIsRefused() throws Exception {
    Path plan = modestPlan();
    Files.writeString(plan, Files.readString(plan).replace("\"replicasPerShard\" : \"1\"", "\"replicasPerShard\" : \"0\""));
    Result r = tap("apply", plan.toString(), "--state", dir.resolve("s.db").toString(), "--yes");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("was changed after 'tap plan' wrote it");

    Path truncated = dir.resolve("truncated.json");
    String text = Files.readString(modestPlan());
    Files.writeString(truncated, text.substring(0, text.length() / 2));
    Result t = tap("apply", truncated.toString(), "--state", dir.resolve("s.db").toString(), "--yes");
    assertThat(t.exit()).isEqualTo(2);
    assertThat(t.err()).contains("not valid JSON");
  }

  @Test
  void aPlanForAnotherAccountOrRegionIsRefused() {
    Path other = plan("other", "999999999999", new Phase(1, "x", Duration.ofHours(1), List.of(action("r", RedisFamily.REDIS_REPLICAS,
        "tap-dev-trading-redis", Map.of("replicasPerShard", "2"), Map.of("replicasPerShard", "1")))));
    Result r = tap("apply", other.toString(), "--state", dir.resolve("s.db").toString(), "--yes");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("is for account 999999999999").contains("is account 123456789012");

    Result region = tap("apply", modestPlan().toString(), "--state", dir.resolve("s.db").toString(), "--yes", "--region", "eu-west-1");
    assertThat(region.exit()).isEqualTo(2);
    assertThat(region.err()).contains("acts in us-east-1, not in --region eu-west-1");
    assertThat(dir.resolve("s.db")).doesNotExist();
  }

  @Test
  void resumeWithoutARunIdLeavesAnotherAccountsRunToItsOwnCredentials() {
    // A shared journal holds every account's runs: a nightly task resumes its own account's and names the others it leaves.
    Path other = plan("other", "999999999999", new Phase(1, "x", Duration.ofHours(1), List.of(action("r", RedisFamily.REDIS_REPLICAS,
        "tap-dev-trading-redis", Map.of("replicasPerShard", "2"), Map.of("replicasPerShard", "1")))));
    Path state = dir.resolve("shared.db");
    long runId;
    try (Journal journal = SqliteJournal.open(state)) {
      Plan p = PlanJson.read(other);
      runId = journal.createRun(p, PlanJson.contentSha256(p), other.toString(), new dev.tap.optimizer.exec.RunSettings(dev.tap.optimizer.exec.RunSettings.SIM, "dev", null, false, dev.tap.optimizer.exec.GuardPolicy.DEFAULT), p.createdAt());
    }
    Result r = tap("resume", "--state", state.toString());
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out()).contains("run " + runId + " is for account 999999999999, not " + ACCOUNT)
        .contains("left for a resume with that account's credentials");

    Result named = tap("resume", String.valueOf(runId), "--state", state.toString());
    assertThat(named.exit()).isEqualTo(2);
    assertThat(named.err()).contains("is for account 999999999999");
  }

  static long deadPid() {
    for (long pid = 4_000_000; ; pid--) if (ProcessHandle.of(pid).isEmpty()) return pid;
  }
}
