package dev.tap.optimizer.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.CleanupState;
import dev.tap.optimizer.exec.GuardPolicy;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.PhaseRecord;
import dev.tap.optimizer.exec.PhaseState;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite journal's own guarantees: the file's schema, its versions and migrations, and its transactions. */
class SqliteJournalTest {
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void refusesAFileFromANewerSchema_andAForeignDatabase() throws Exception {
    Path newer = dir.resolve("newer.db");
    SqliteJournal.open(newer).close();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + newer); var s = c.createStatement()) {
      s.execute("UPDATE schema_info SET version = 99");
    }
    assertThatThrownBy(() -> SqliteJournal.open(newer)).isInstanceOf(UserError.class)
        .hasMessageContaining("schema version is 99").hasMessageContaining("use the tap that wrote it");

    Path foreign = dir.resolve("foreign.db");
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + foreign); var s = c.createStatement()) {
      s.execute("CREATE TABLE t (x INTEGER)");
    }
    assertThatThrownBy(() -> SqliteJournal.open(foreign)).isInstanceOf(UserError.class).hasMessageContaining("some other SQLite database");
  }

  @Test
  void openExistingRefusesAMissingFile() {
    assertThatThrownBy(() -> SqliteJournal.openExisting(dir.resolve("nope.db")))
        .isInstanceOf(UserError.class).satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining("--state");
  }

  @Test
  void aRunIsCreatedWholeOrNotAtAll() {
    Action a = new Action("same-id", LambdaFamily.LAMBDA_MEMORY, "fn", "us-east-1", Map.of("memoryMb", "3008"), Map.of("memoryMb", "1024"),
        1000, 600, Action.Risk.LOW, 0.9, List.of(), new Backtest(90, 8, 9, 12, 13, 0.1, 0.1, 60, 0, true, "test"), "test action");
    // Two actions with one id break UNIQUE (run_id, action_id) on the second insert: the run, its phase and the first action go too.
    Plan broken = new Plan(Plan.SCHEMA_VERSION, "plan-test", "trading", "123456789012", "test", T0, T0.minus(Duration.ofDays(90)), T0,
        "2026-02-01", List.of(new Phase(1, "p", Duration.ofHours(48), List.of(a, a))), List.of());
    try (Journal j = SqliteJournal.open(dir.resolve("s.db"))) {
      assertThatThrownBy(() -> j.createRun(broken, "abc", "plan.json", RunSettings.defaults("dev"), T0))
          .isInstanceOf(UserError.class).hasMessageContaining("s.db");
      assertThat(j.runs()).isEmpty();
      assertThat(j.actions(1)).isEmpty();
      assertThat(j.events(1)).isEmpty();
    }
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
      s.execute("INSERT INTO guard_readings VALUES (1, 1, '" + T0.plusSeconds(960) + "', 'O7 error rate', 'ErrorRate', 'Average', 0.2, 0.5, 0)");
    }
    try (Journal j = SqliteJournal.open(file)) {
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
      // Version 3: readings keep what they were attributed against; older readings have it unknown.
      assertThat(j.readings(1)).singleElement().satisfies(r -> assertThat(r.baseline()).isNull());
      j.recordCheck(java.util.List.of(new dev.tap.optimizer.exec.GuardReading(1, 1, T0.plusSeconds(1860), "O7 error rate", "ErrorRate", "Average",
          0.3, 0.55, false, 0.4, 0.5)), 1, 1, T0.plusSeconds(1860), null);
      assertThat(j.readings(1).get(1)).satisfies(r -> {
        assertThat(r.baseline()).isEqualTo(0.4);
        assertThat(r.control()).isEqualTo(0.5);
        assertThat(r.threshold()).isEqualTo(0.55);
      });
    }
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement();
        var rs = s.executeQuery("SELECT version FROM schema_info")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(SqliteSchema.VERSION).isEqualTo(3);
    }
    // Opening again does not migrate twice.
    SqliteJournal.open(file).close();
  }
}
