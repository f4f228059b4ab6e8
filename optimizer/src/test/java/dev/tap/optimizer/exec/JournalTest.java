package dev.tap.optimizer.exec;

import static dev.tap.optimizer.exec.Plans.T0;
import static dev.tap.optimizer.exec.Plans.action;
import static dev.tap.optimizer.exec.Plans.phase;
import static dev.tap.optimizer.exec.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.model.ActionKind;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.lambda.LambdaFamily;
class JournalTest {
  @TempDir Path dir;

  @Test
  void createRunRecordsEveryPhaseAndActionPending_andSurvivesReopening() {
    Path file = dir.resolve("state.db");
    long id;
    try (Journal j = Journal.open(file)) {
      id = j.createRun(plan(
          phase(1, "data", action("a1", DynamoDbFamily.DYNAMODB_DISABLE_STREAM, "trades", Map.of("streamEnabled", "true"), Map.of("streamEnabled", "false"))),
          phase(2, "compute", action("a2", AsgFamily.ASG_CAPACITY, "asg", Map.of("desired", "20"), Map.of("desired", "12")),
              action("a3", AsgFamily.ASG_INSTANCE_TYPE, "asg", Map.of("instanceType", "c6i.8xlarge"), Map.of("instanceType", "c6i.4xlarge")))),
          "abc", "plan.json", RunSettings.defaults("dev"), T0);
    }
    try (Journal j = Journal.openExisting(file)) {
      assertThat(j.run(id).state()).isEqualTo(RunState.RUNNING);
      assertThat(j.run(id).settings()).isEqualTo(RunSettings.defaults("dev"));
      assertThat(j.phases(id)).extracting(PhaseRecord::number, PhaseRecord::state)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(1, PhaseState.PENDING), org.assertj.core.groups.Tuple.tuple(2, PhaseState.PENDING));
      assertThat(j.actions(id, 2)).extracting(ActionRecord::actionId).containsExactly("a2", "a3");
      assertThat(j.actions(id)).allMatch(a -> a.state() == ActionState.PENDING);
    }
  }

  @Test
  void transitionsAreConditional_aRepeatedCallChangesNothing() {
    try (Journal j = Journal.open(dir.resolve("s.db"))) {
      long id = j.createRun(plan(phase(1, "p", action("a1", LambdaFamily.LAMBDA_MEMORY, "fn", Map.of("memoryMb", "3008"), Map.of("memoryMb", "1024")))),
          "abc", "plan.json", RunSettings.defaults("dev"), T0);
      long row = j.actions(id).get(0).rowId();
      assertThat(j.actionIntent(row, Map.of("memoryMb", "3008", "timeoutSeconds", "900"), T0)).isTrue();
      assertThat(j.actionIntent(row, Map.of("memoryMb", "1"), T0.plusSeconds(5))).isFalse();
      assertThat(j.action(row).observedBefore()).containsEntry("memoryMb", "3008").containsEntry("timeoutSeconds", "900");
      assertThat(j.actionDone(row, Map.of("memoryMb", "1024"), null, T0)).isTrue();
      assertThat(j.actionDone(row, Map.of("memoryMb", "9"), null, T0)).isFalse();
      assertThat(j.action(row).observedAfter()).containsEntry("memoryMb", "1024");
      assertThat(j.action(row).restoreTarget()).containsEntry("memoryMb", "3008").containsEntry("timeoutSeconds", "900");

      GuardReading r = new GuardReading(id, 1, T0, "O3 queue depth", "QueueDepth", "Maximum", 10.0, 1000, false);
      j.recordReading(r);
      j.recordReading(r);
      assertThat(j.readings(id)).hasSize(1);
    }
  }

  @Test
  void refusesAFileFromANewerSchema_andAForeignDatabase() throws Exception {
    Path newer = dir.resolve("newer.db");
    Journal.open(newer).close();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + newer); var s = c.createStatement()) {
      s.execute("UPDATE schema_info SET version = 99");
    }
    assertThatThrownBy(() -> Journal.open(newer)).isInstanceOf(UserError.class)
        .hasMessageContaining("schema version is 99").hasMessageContaining("use the tap that wrote it");

    Path foreign = dir.resolve("foreign.db");
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + foreign); var s = c.createStatement()) {
      s.execute("CREATE TABLE t (x INTEGER)");
    }
    assertThatThrownBy(() -> Journal.open(foreign)).isInstanceOf(UserError.class).hasMessageContaining("some other SQLite database");
  }

  @Test
  void openExistingRefusesAMissingFile() {
    assertThatThrownBy(() -> Journal.openExisting(dir.resolve("nope.db")))
        .isInstanceOf(UserError.class).satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining("--state");
  }

  /** The version-1 schema exactly as it shipped, to prove the migration keeps every row. */
  static final String[] V1 = {
    "CREATE TABLE schema_info (version INTEGER NOT NULL)",
    "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, plan_id TEXT NOT NULL, plan_sha256 TEXT NOT NULL, plan_source TEXT NOT NULL,"
        + " blueprint TEXT NOT NULL, account TEXT NOT NULL, lookback_start TEXT, lookback_end TEXT, settings_json TEXT NOT NULL,"
        + " state TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, outcome TEXT, baseline_json TEXT)",
    "CREATE TABLE phases (run_id INTEGER NOT NULL REFERENCES runs(id), number INTEGER NOT NULL, name TEXT NOT NULL,"
        + " observation_seconds INTEGER NOT NULL, state TEXT NOT NULL, started_at TEXT, applied_at TEXT, observe_until TEXT, next_check_at TEXT,"
        + " finished_at TEXT, breach_rule TEXT, breach_value REAL, breach_threshold REAL, error TEXT, PRIMARY KEY (run_id, number))",
    "CREATE TABLE actions (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL REFERENCES runs(id), phase_number INTEGER NOT NULL,"
        + " seq INTEGER NOT NULL, action_id TEXT NOT NULL, kind TEXT NOT NULL, resource_id TEXT NOT NULL, region TEXT NOT NULL,"
        + " planned_before_json TEXT NOT NULL, after_json TEXT NOT NULL, observed_before_json TEXT, observed_after_json TEXT,"
        + " state TEXT NOT NULL, intent_at TEXT, done_at TEXT, undone_at TEXT, message TEXT,"
        + " UNIQUE (run_id, action_id), UNIQUE (run_id, phase_number, seq))",
    "CREATE TABLE guard_readings (run_id INTEGER NOT NULL REFERENCES runs(id), phase_number INTEGER NOT NULL, checked_at TEXT NOT NULL,"
        + " rule TEXT NOT NULL, metric TEXT NOT NULL, stat TEXT NOT NULL, value REAL, threshold REAL NOT NULL, breached INTEGER NOT NULL,"
        + " PRIMARY KEY (run_id, phase_number, checked_at, rule))",
    "CREATE TABLE locks (scope TEXT PRIMARY KEY, run_id INTEGER, owner_pid INTEGER NOT NULL, owner_host TEXT NOT NULL, acquired_at TEXT NOT NULL)",
    "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL, at TEXT NOT NULL, message TEXT NOT NULL)",
    "INSERT INTO schema_info (version) VALUES (1)",
  };

  @Test
  void aVersion1FileIsMigratedInPlace_everyRowKept_observationStartsWhereItWasApplied() throws Exception {
    Path file = dir.resolve("v1.db");
    String settings = "{\"target\":\"aws\",\"environment\":\"dev\",\"observationOverride\":null,\"applyImmediately\":false,"
        + "\"guard\":" + new com.fasterxml.jackson.databind.ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).writeValueAsString(GuardPolicy.DEFAULT) + "}";
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
      for (String sql : V1) s.execute(sql);
      s.execute("INSERT INTO runs VALUES (1, 'plan-1', 'abc', 'plan.json', 'staging', '123456789012', NULL, NULL, '" + settings
          + "', 'RUNNING', '" + T0 + "', '" + T0 + "', NULL, NULL)");
      s.execute("INSERT INTO phases (run_id, number, name, observation_seconds, state, started_at, applied_at, observe_until, next_check_at)"
          + " VALUES (1, 1, 'database', 172800, 'OBSERVING', '" + T0 + "', '" + T0.plusSeconds(60) + "', '" + T0.plusSeconds(60 + 172800)
          + "', '" + T0.plusSeconds(960) + "')");
      s.execute("INSERT INTO actions (run_id, phase_number, seq, action_id, kind, resource_id, region, planned_before_json, after_json, state,"
          + " intent_at, done_at) VALUES (1, 1, 0, 'bg', 'RDS_INSTANCE_CLASS_BLUE_GREEN', 'db', 'us-east-1', '{\"instanceClass\":\"db.r6g.2xlarge\"}',"
          + " '{\"instanceClass\":\"db.r6g.xlarge\"}', 'DONE', '" + T0 + "', '" + T0.plusSeconds(60) + "')");
    }
    try (Journal j = Journal.open(file)) {
      PhaseRecord p = j.phase(1, 1);
      assertThat(p.state()).isEqualTo(PhaseState.OBSERVING);
      assertThat(p.effectiveAt()).isEqualTo(T0.plusSeconds(60)).isEqualTo(p.observedFrom());
      ActionRecord a = j.actions(1).get(0);
      assertThat(a.state()).isEqualTo(ActionState.DONE);
      assertThat(a.cleanup()).isNull();
      assertThat(a.effectiveAt()).isNull();
      // The new transitions work on the migrated rows, once each.
      assertThat(j.phasePassed(1, 1, PhaseState.OBSERVING, T0.plusSeconds(172860), java.util.List.of(a.rowId()))).isTrue();
      assertThat(j.cleanupsDue(1)).singleElement().satisfies(x -> assertThat(x.cleanup()).isEqualTo(CleanupState.PENDING));
      assertThat(j.cleanupIntent(a.rowId(), T0)).isTrue();
      assertThat(j.cleanupIntent(a.rowId(), T0)).isFalse();
      assertThat(j.cleanupFinished(a.rowId(), CleanupState.DONE, "deleted", T0)).isTrue();
      assertThat(j.cleanupFinished(a.rowId(), CleanupState.FAILED, "again", T0)).isFalse();
      assertThat(j.cleanupsDue(1)).isEmpty();
      assertThat(j.action(a.rowId()).cleanupMessage()).isEqualTo("deleted");
    }
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement();
        var rs = s.executeQuery("SELECT version FROM schema_info")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(Journal.SCHEMA_VERSION).isEqualTo(2);
    }
    // Opening again does not migrate twice.
    Journal.open(file).close();
  }
}
