package dev.tap.optimizer.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.tap.optimizer.registry.Families;
/**
 * The durable record of every run, phase, action and guard reading: one SQLite file. Every
 * transition is one conditional UPDATE ({@code WHERE state = expected}) committed before the method
 * returns, so a repeated transition changes nothing and reports {@code false}. The schema is
 * versioned in {@code schema_info}; docs/journal.md documents it.
 */
public final class Journal implements AutoCloseable {

  /** Bump with a migration when the schema changes; a newer file is refused, never half-read. */
  public static final int SCHEMA_VERSION = 2;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .build();

  private static final String[] DDL = {
    "CREATE TABLE schema_info (version INTEGER NOT NULL)",
    """
    CREATE TABLE runs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      plan_id TEXT NOT NULL, plan_sha256 TEXT NOT NULL, plan_source TEXT NOT NULL,
      blueprint TEXT NOT NULL, account TEXT NOT NULL,
      lookback_start TEXT, lookback_end TEXT,
      settings_json TEXT NOT NULL,
      state TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
      outcome TEXT, baseline_json TEXT)""",
    """
    CREATE TABLE phases (
      run_id INTEGER NOT NULL REFERENCES runs(id), number INTEGER NOT NULL, name TEXT NOT NULL,
      observation_seconds INTEGER NOT NULL, state TEXT NOT NULL,
      started_at TEXT, applied_at TEXT, observe_until TEXT, next_check_at TEXT, finished_at TEXT,
      breach_rule TEXT, breach_value REAL, breach_threshold REAL, error TEXT, effective_at TEXT,
      PRIMARY KEY (run_id, number))""",
    """
    CREATE TABLE actions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      run_id INTEGER NOT NULL REFERENCES runs(id), phase_number INTEGER NOT NULL, seq INTEGER NOT NULL,
      action_id TEXT NOT NULL, kind TEXT NOT NULL, resource_id TEXT NOT NULL, region TEXT NOT NULL,
      planned_before_json TEXT NOT NULL, after_json TEXT NOT NULL,
      observed_before_json TEXT, observed_after_json TEXT,
      state TEXT NOT NULL, intent_at TEXT, done_at TEXT, undone_at TEXT, message TEXT,
      effective_at TEXT, cleanup_state TEXT, cleanup_at TEXT, cleanup_message TEXT,
      UNIQUE (run_id, action_id), UNIQUE (run_id, phase_number, seq))""",
    """
    CREATE TABLE guard_readings (
      run_id INTEGER NOT NULL REFERENCES runs(id), phase_number INTEGER NOT NULL, checked_at TEXT NOT NULL,
      rule TEXT NOT NULL, metric TEXT NOT NULL, stat TEXT NOT NULL, value REAL, threshold REAL NOT NULL,
      breached INTEGER NOT NULL,
      PRIMARY KEY (run_id, phase_number, checked_at, rule))""",
    """
    CREATE TABLE locks (
      scope TEXT PRIMARY KEY, run_id INTEGER, owner_pid INTEGER NOT NULL, owner_host TEXT NOT NULL,
      acquired_at TEXT NOT NULL)""",
    """
    CREATE TABLE events (
      id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL, at TEXT NOT NULL, message TEXT NOT NULL)""",
  };

  /**
   * Version 1 -> 2 (additive): when a change that waited for the maintenance window took effect
   * (phases and actions), and the clean-up after a passed observation window (actions). A phase
   * observed under version 1 took effect when it was applied.
   */
  private static final String[] MIGRATE_1_TO_2 = {
    "ALTER TABLE phases ADD COLUMN effective_at TEXT",
    "ALTER TABLE actions ADD COLUMN effective_at TEXT",
    "ALTER TABLE actions ADD COLUMN cleanup_state TEXT",
    "ALTER TABLE actions ADD COLUMN cleanup_at TEXT",
    "ALTER TABLE actions ADD COLUMN cleanup_message TEXT",
    "UPDATE phases SET effective_at = applied_at WHERE applied_at IS NOT NULL",
    "UPDATE schema_info SET version = 2",
  };

  private final Path file;
  private final Connection db;

  private Journal(Path file, Connection db) {
    this.file = file;
    this.db = db;
  }

  /** Opens (creating when absent) the journal at {@code file}. */
  public static Journal open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA busy_timeout = 10000");
        s.execute("PRAGMA foreign_keys = ON");
        // WAL: a commit is one append and fsync, and readers (tap status) never block the writer.
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = FULL");
      }
      Journal journal = new Journal(file, db);
      journal.migrate();
      return journal;
    } catch (SQLException | java.io.IOException e) {
      throw new UserError(ExitCode.BAD_INPUT,
          "state file " + file + " cannot be opened as a TAP journal (" + e.getMessage() + "). Check the path given to --state.", e);
    }
  }

  /** Opens an existing journal; a missing file is an error (status and resume must not create one). */
  public static Journal openExisting(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError(ExitCode.BAD_INPUT, "state file " + file + " does not exist. Pass the --state FILE that 'tap apply' used.");
    }
    return open(file);
  }

  public Path file() {
    return file;
  }

  private void migrate() throws SQLException {
    boolean exists;
    try (ResultSet rs = db.getMetaData().getTables(null, null, "schema_info", null)) {
      exists = rs.next();
    }
    if (!exists) {
      boolean empty;
      try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'")) {
        empty = rs.next() && rs.getInt(1) == 0;
      }
      if (!empty) {
        throw new SQLException("it holds tables but no schema_info: it is some other SQLite database");
      }
      inTransaction(() -> {
        try (Statement s = db.createStatement()) {
          for (String ddl : DDL) s.execute(ddl);
          s.execute("INSERT INTO schema_info (version) VALUES (" + SCHEMA_VERSION + ")");
        }
        return null;
      });
      return;
    }
    int version;
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM schema_info")) {
      version = rs.next() ? rs.getInt(1) : -1;
    }
    if (version == 1) {
      inTransaction(() -> {
        try (Statement s = db.createStatement()) {
          for (String sql : MIGRATE_1_TO_2) s.execute(sql);
        }
        return null;
      });
      version = 2;
    }
    if (version != SCHEMA_VERSION) {
      throw new SQLException("its schema version is " + version + " but this tap reads version " + SCHEMA_VERSION
          + (version > SCHEMA_VERSION ? "; use the tap that wrote it" : ""));
    }
  }

  // ---------------------------------------------------------------- runs

  /** Records a new run with all its phases and actions PENDING, in one transaction. */
  public synchronized long createRun(Plan plan, String planSha256, String planSource, RunSettings settings, Instant now) {
    return inTransaction(() -> {
      long runId;
      try (PreparedStatement ps = db.prepareStatement(
          "INSERT INTO runs (plan_id, plan_sha256, plan_source, blueprint, account, lookback_start, lookback_end,"
              + " settings_json, state, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, plan.id());
        ps.setString(2, planSha256);
        ps.setString(3, planSource);
        ps.setString(4, plan.blueprint());
        ps.setString(5, plan.account());
        ps.setString(6, str(plan.lookbackStart()));
        ps.setString(7, str(plan.lookbackEnd()));
        ps.setString(8, json(settings));
        ps.setString(9, RunState.RUNNING.name());
        ps.setString(10, now.toString());
        ps.setString(11, now.toString());
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          runId = keys.getLong(1);
        }
      }
      for (Phase phase : plan.phases()) {
        try (PreparedStatement ps = db.prepareStatement(
            "INSERT INTO phases (run_id, number, name, observation_seconds, state) VALUES (?,?,?,?,?)")) {
          ps.setLong(1, runId);
          ps.setInt(2, phase.number());
          ps.setString(3, phase.name());
          ps.setLong(4, settings.observationFor(phase).toSeconds());
          ps.setString(5, PhaseState.PENDING.name());
          ps.executeUpdate();
        }
        int seq = 0;
        for (Action a : phase.actions()) {
          try (PreparedStatement ps = db.prepareStatement(
              "INSERT INTO actions (run_id, phase_number, seq, action_id, kind, resource_id, region, planned_before_json,"
                  + " after_json, state) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, runId);
            ps.setInt(2, phase.number());
            ps.setInt(3, seq++);
            ps.setString(4, a.id());
            ps.setString(5, a.kind().name());
            ps.setString(6, a.resourceId());
            ps.setString(7, a.region());
            ps.setString(8, json(a.before()));
            ps.setString(9, json(a.after()));
            ps.setString(10, ActionState.PENDING.name());
            ps.executeUpdate();
          }
        }
      }
      insertEvent(runId, now, "run created from plan " + plan.id() + " (" + planSource + ")");
      return runId;
    });
  }

  public synchronized Optional<RunRecord> findRun(long runId) {
    List<RunRecord> rows = queryRuns("SELECT * FROM runs WHERE id = " + runId);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public RunRecord run(long runId) {
    return findRun(runId).orElseThrow(() -> new UserError(ExitCode.BAD_INPUT,
        "run " + runId + " is not in " + file + ". 'tap status --state " + file + "' lists the runs it holds."));
  }

  public synchronized List<RunRecord> runs() {
    return queryRuns("SELECT * FROM runs ORDER BY id");
  }

  public synchronized boolean transitionRun(long runId, RunState from, RunState to, String outcome, Instant now) {
    return update("UPDATE runs SET state = ?, outcome = coalesce(?, outcome), updated_at = ? WHERE id = ? AND state = ?",
        to.name(), outcome, now.toString(), runId, from.name()) == 1;
  }

  /** Records the lookback baseline once; a second call keeps the first value. */
  public synchronized void setBaselineOnce(long runId, Map<Integer, Double> p99ByHour) {
    update("UPDATE runs SET baseline_json = ? WHERE id = ? AND baseline_json IS NULL", json(p99ByHour), runId);
  }

  // ---------------------------------------------------------------- phases

  public synchronized List<PhaseRecord> phases(long runId) {
    List<PhaseRecord> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement("SELECT * FROM phases WHERE run_id = ? ORDER BY number")) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new PhaseRecord(rs.getLong("run_id"), rs.getInt("number"), rs.getString("name"),
              Duration.ofSeconds(rs.getLong("observation_seconds")), PhaseState.valueOf(rs.getString("state")),
              instant(rs.getString("started_at")), instant(rs.getString("applied_at")), instant(rs.getString("observe_until")),
              instant(rs.getString("next_check_at")), instant(rs.getString("finished_at")), rs.getString("breach_rule"),
              nullableDouble(rs, "breach_value"), nullableDouble(rs, "breach_threshold"),
              rs.getString("error"), instant(rs.getString("effective_at"))));
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return out;
  }

  public PhaseRecord phase(long runId, int number) {
    return phases(runId).stream().filter(p -> p.number() == number).findFirst()
        .orElseThrow(() -> new UserError(ExitCode.BAD_INPUT, "run " + runId + " has no phase " + number + "."));
  }

  public synchronized boolean phaseStarted(long runId, int number, Instant now) {
    return update("UPDATE phases SET state = ?, started_at = ? WHERE run_id = ? AND number = ? AND state = ?",
        PhaseState.APPLYING.name(), now.toString(), runId, number, PhaseState.PENDING.name()) == 1;
  }

  /** The phase's actions are applied: the observation deadline is stored here and survives restarts. */
  public synchronized boolean phaseObserving(long runId, int number, Instant now, Instant observeUntil, Instant firstCheck) {
    return update("UPDATE phases SET state = ?, applied_at = ?, effective_at = ?, observe_until = ?, next_check_at = ?"
            + " WHERE run_id = ? AND number = ? AND state = ?",
        PhaseState.OBSERVING.name(), now.toString(), now.toString(), observeUntil.toString(), firstCheck.toString(), runId, number,
        PhaseState.APPLYING.name()) == 1;
  }

  /** The phase's actions are applied but some change waits for a maintenance window: re-read at {@code nextRead}. */
  public synchronized boolean phaseAwaitingWindow(long runId, int number, Instant now, Instant nextRead) {
    return update("UPDATE phases SET state = ?, applied_at = ?, next_check_at = ? WHERE run_id = ? AND number = ? AND state = ?",
        PhaseState.AWAITING_WINDOW.name(), now.toString(), nextRead.toString(), runId, number, PhaseState.APPLYING.name()) == 1;
  }


  /** Every change of the phase has taken effect at {@code effectiveAt}: its observation window opens there. */
  public synchronized boolean phaseEffective(long runId, int number, Instant effectiveAt, Instant observeUntil, Instant firstCheck) {
    return update("UPDATE phases SET state = ?, effective_at = ?, observe_until = ?, next_check_at = ? WHERE run_id = ? AND number = ? AND state = ?",
        PhaseState.OBSERVING.name(), effectiveAt.toString(), observeUntil.toString(), firstCheck.toString(), runId, number,
        PhaseState.AWAITING_WINDOW.name()) == 1;
  }

  /**
   * Moves the next guard check (or, waiting for a maintenance window, the next re-read) on, only
   * from the one just made (so a repeated call moves it once).
   */
  public synchronized boolean nextCheck(long runId, int number, Instant checked, Instant next) {
    return update("UPDATE phases SET next_check_at = ? WHERE run_id = ? AND number = ? AND state IN (?, ?) AND next_check_at = ?",
        next.toString(), runId, number, PhaseState.OBSERVING.name(), PhaseState.AWAITING_WINDOW.name(), checked.toString()) == 1;
  }

  public synchronized boolean phasePassed(long runId, int number, PhaseState from, Instant now) {
    return phasePassed(runId, number, from, now, List.of());
  }

  /**
   * The phase passed; in the same transaction the DONE actions in {@code cleanupRows} get a PENDING
   * clean-up, so a crash right after cannot lose it.
   */
  public synchronized boolean phasePassed(long runId, int number, PhaseState from, Instant now, List<Long> cleanupRows) {
    return inTransaction(() -> {
      boolean passed = update("UPDATE phases SET state = ?, finished_at = ? WHERE run_id = ? AND number = ? AND state = ?",
          PhaseState.PASSED.name(), now.toString(), runId, number, from.name()) == 1;
      if (passed) {
        for (long row : cleanupRows) {
          update("UPDATE actions SET cleanup_state = ? WHERE id = ? AND state = ? AND cleanup_state IS NULL",
              CleanupState.PENDING.name(), row, ActionState.DONE.name());
        }
      }
      return passed;
    });
  }

  /** Starts undoing a phase; records what caused it (a guard breach, an error, or a request). */
  public synchronized boolean phaseRollingBack(long runId, int number, PhaseState from, String breachRule, Double value,
      Double threshold, String error) {
    return update("UPDATE phases SET state = ?, breach_rule = ?, breach_value = ?, breach_threshold = ?, error = ?"
            + " WHERE run_id = ? AND number = ? AND state = ?",
        PhaseState.ROLLING_BACK.name(), breachRule, value, threshold, error, runId, number, from.name()) == 1;
  }

  public synchronized boolean phaseRolledBack(long runId, int number, Instant now) {
    return update("UPDATE phases SET state = ?, finished_at = ? WHERE run_id = ? AND number = ? AND state = ?",
        PhaseState.ROLLED_BACK.name(), now.toString(), runId, number, PhaseState.ROLLING_BACK.name()) == 1;
  }

  public synchronized int phasesNotStarted(long runId) {
    return update("UPDATE phases SET state = ? WHERE run_id = ? AND state = ?",
        PhaseState.NOT_STARTED.name(), runId, PhaseState.PENDING.name());
  }

  // ---------------------------------------------------------------- actions

  public synchronized List<ActionRecord> actions(long runId) {
    return queryActions("SELECT * FROM actions WHERE run_id = ? ORDER BY phase_number, seq", runId, null);
  }

  public synchronized List<ActionRecord> actions(long runId, int phase) {
    return queryActions("SELECT * FROM actions WHERE run_id = ? AND phase_number = ? ORDER BY seq", runId, phase);
  }

  public synchronized ActionRecord action(long rowId) {
    List<ActionRecord> rows = queryActions("SELECT * FROM actions WHERE id = ?", rowId, null);
    if (rows.isEmpty()) throw new IllegalStateException("journal " + file + " has no action row " + rowId);
    return rows.get(0);
  }

  /** PENDING -> INTENT with the configuration re-read just before the call. Committed before the call. */
  public synchronized boolean actionIntent(long rowId, Map<String, String> observedBefore, Instant now) {
    return update("UPDATE actions SET state = ?, observed_before_json = ?, intent_at = ? WHERE id = ? AND state = ?",
        ActionState.INTENT.name(), json(observedBefore), now.toString(), rowId, ActionState.PENDING.name()) == 1;
  }

  /** INTENT -> DONE with the configuration read after the call. */
  public synchronized boolean actionDone(long rowId, Map<String, String> observedAfter, String message, Instant now) {
    return update("UPDATE actions SET state = ?, observed_after_json = ?, done_at = ?, message = ? WHERE id = ? AND state = ?",
        ActionState.DONE.name(), json(observedAfter), now.toString(), message, rowId, ActionState.INTENT.name()) == 1;
  }

  public synchronized boolean actionSkipped(long rowId, String reason, Instant now) {
    return update("UPDATE actions SET state = ?, message = ?, done_at = ? WHERE id = ? AND state = ?",
        ActionState.SKIPPED.name(), reason, now.toString(), rowId, ActionState.PENDING.name()) == 1;
  }

  public synchronized boolean actionFailed(long rowId, ActionState from, String error, Instant now) {
    return update("UPDATE actions SET state = ?, message = ?, done_at = ? WHERE id = ? AND state = ?",
        ActionState.FAILED.name(), error, now.toString(), rowId, from.name()) == 1;
  }

  /** DONE (or FAILED, whose call may have half-happened) -> UNDO_INTENT, before the inverse call. */
  public synchronized boolean actionUndoIntent(long rowId, ActionState from, Instant now) {
    return update("UPDATE actions SET state = ?, undone_at = ? WHERE id = ? AND state = ?",
        ActionState.UNDO_INTENT.name(), now.toString(), rowId, from.name()) == 1;
  }

  public synchronized boolean actionUndone(long rowId, ActionState from, String message, Instant now) {
    return update("UPDATE actions SET state = ?, undone_at = ?, message = coalesce(?, message) WHERE id = ? AND state = ?",
        ActionState.UNDONE.name(), now.toString(), message, rowId, from.name()) == 1;
  }

  public synchronized boolean actionUndoSkipped(long rowId, ActionState from, String reason, Instant now) {
    return update("UPDATE actions SET state = ?, undone_at = ?, message = ? WHERE id = ? AND state = ?",
        ActionState.UNDO_SKIPPED.name(), now.toString(), reason, rowId, from.name()) == 1;
  }

  /** Records when a change that waited for the maintenance window took effect (once). */
  public synchronized boolean actionEffective(long rowId, Instant at) {
    return update("UPDATE actions SET effective_at = ? WHERE id = ? AND effective_at IS NULL", at.toString(), rowId) == 1;
  }

  /** The actions of a run whose clean-up is PENDING or INTENT (begun, result not recorded). */
  public synchronized List<ActionRecord> cleanupsDue(long runId) {
    return queryActions("SELECT * FROM actions WHERE run_id = ? AND cleanup_state IN ('PENDING', 'INTENT') ORDER BY phase_number, seq", runId, null);
  }

  /** PENDING -> INTENT, committed before the clean-up call. */
  public synchronized boolean cleanupIntent(long rowId, Instant now) {
    return update("UPDATE actions SET cleanup_state = ?, cleanup_at = ? WHERE id = ? AND cleanup_state = ?",
        CleanupState.INTENT.name(), now.toString(), rowId, CleanupState.PENDING.name()) == 1;
  }

  /** INTENT -> DONE or FAILED with the call's note or error. */
  public synchronized boolean cleanupFinished(long rowId, CleanupState to, String message, Instant now) {
    return update("UPDATE actions SET cleanup_state = ?, cleanup_at = ?, cleanup_message = ? WHERE id = ? AND cleanup_state = ?",
        to.name(), now.toString(), message, rowId, CleanupState.INTENT.name()) == 1;
  }

  /** Notes a problem on an action without changing its state (for example an inverse call that failed). */
  public synchronized void actionNote(long rowId, String message) {
    update("UPDATE actions SET message = ? WHERE id = ?", message, rowId);
  }

  /**
   * Count of actions on {@code resourceId} that moved it to {@code key=value} since {@code since}
   * (applied or undone), across all runs: DynamoDB's switches to on-demand per rolling 24 hours.
   */
  public synchronized int changesTo(String resourceId, String key, String value, Instant since) {
    int n = 0;
    for (ActionRecord a : queryActions("SELECT * FROM actions WHERE resource_id = ?", resourceId, null)) {
      if ((a.state() == ActionState.DONE || a.state() == ActionState.UNDONE || a.state() == ActionState.UNDO_INTENT)
          && a.doneAt() != null && !a.doneAt().isBefore(since) && value.equals(a.after().get(key))) n++;
      if (a.state() == ActionState.UNDONE && a.undoneAt() != null && !a.undoneAt().isBefore(since)
          && value.equals(a.plannedBefore().get(key))) n++;
    }
    return n;
  }

  // ---------------------------------------------------------------- guard readings and events

  /** Idempotent: a reading for the same run, phase, check time and rule is stored once. */
  public synchronized void recordReading(GuardReading r) {
    update("INSERT OR IGNORE INTO guard_readings (run_id, phase_number, checked_at, rule, metric, stat, value, threshold, breached)"
            + " VALUES (?,?,?,?,?,?,?,?,?)",
        r.runId(), r.phase(), r.checkedAt().toString(), r.rule(), r.metric(), r.stat(), r.value(), r.threshold(), r.breached() ? 1 : 0);
  }

  /**
   * One guard check in one transaction: its readings, and the next check time moved on from
   * {@code checked} (when {@code next} is not null). A repeated call stores nothing twice.
   */
  public synchronized void recordCheck(List<GuardReading> readings, long runId, int phase, Instant checked, Instant next) {
    inTransaction(() -> {
      readings.forEach(this::recordReading);
      if (next != null) nextCheck(runId, phase, checked, next);
      return null;
    });
  }

  public synchronized List<GuardReading> readings(long runId) {
    List<GuardReading> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(
        "SELECT * FROM guard_readings WHERE run_id = ? ORDER BY phase_number, checked_at, rule")) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new GuardReading(rs.getLong("run_id"), rs.getInt("phase_number"), Instant.parse(rs.getString("checked_at")),
              rs.getString("rule"), rs.getString("metric"), rs.getString("stat"), nullableDouble(rs, "value"),
              rs.getDouble("threshold"), rs.getInt("breached") == 1));
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return out;
  }

  public synchronized void event(long runId, Instant at, String message) {
    inTransaction(() -> {
      insertEvent(runId, at, message);
      return null;
    });
  }

  public synchronized List<String> events(long runId) {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement("SELECT at, message FROM events WHERE run_id = ? ORDER BY id")) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1) + "  " + rs.getString(2));
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return out;
  }

  private void insertEvent(long runId, Instant at, String message) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement("INSERT INTO events (run_id, at, message) VALUES (?,?,?)")) {
      ps.setLong(1, runId);
      ps.setString(2, at.toString());
      ps.setString(3, message);
      ps.executeUpdate();
    }
  }

  /** The latest instant the journal recorded for any run of {@code target}: where a virtual clock resumes. */
  public synchronized Optional<Instant> latestTime(String target) {
    Instant latest = null;
    String sql = """
        SELECT r.updated_at FROM runs r WHERE json_extract(r.settings_json, '$.target') = ?
        UNION ALL SELECT e.at FROM events e JOIN runs r ON r.id = e.run_id WHERE json_extract(r.settings_json, '$.target') = ?
        UNION ALL SELECT g.checked_at FROM guard_readings g JOIN runs r ON r.id = g.run_id WHERE json_extract(r.settings_json, '$.target') = ?
        UNION ALL SELECT coalesce(a.undone_at, a.done_at, a.intent_at) FROM actions a JOIN runs r ON r.id = a.run_id
          WHERE json_extract(r.settings_json, '$.target') = ? AND coalesce(a.undone_at, a.done_at, a.intent_at) IS NOT NULL
        UNION ALL SELECT a.cleanup_at FROM actions a JOIN runs r ON r.id = a.run_id
          WHERE json_extract(r.settings_json, '$.target') = ? AND a.cleanup_at IS NOT NULL
        UNION ALL SELECT p.effective_at FROM phases p JOIN runs r ON r.id = p.run_id
          WHERE json_extract(r.settings_json, '$.target') = ? AND p.effective_at IS NOT NULL""";
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 1; i <= 6; i++) ps.setString(i, target);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Instant t = Instant.parse(rs.getString(1));
          if (latest == null || t.isAfter(latest)) latest = t;
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return Optional.ofNullable(latest);
  }

  // ---------------------------------------------------------------- locks (used by RunLock)

  record LockRow(String scope, Long runId, long ownerPid, String ownerHost, Instant acquiredAt) {}

  /**
   * Takes every scope or none, atomically. Rows held by {@code (pid, host)} already are kept;
   * a row held by an owner for which {@code mayReplace} says yes is replaced. Returns the rows that blocked.
   */
  synchronized List<LockRow> tryLock(List<String> scopes, Long runId, long pid, String host, Instant now,
      java.util.function.Predicate<LockRow> mayReplace) {
    return inTransaction(() -> {
      List<LockRow> blocking = new ArrayList<>();
      for (String scope : scopes) {
        Optional<LockRow> held = lockRow(scope);
        if (held.isPresent() && !(held.get().ownerPid() == pid && held.get().ownerHost().equals(host)) && !mayReplace.test(held.get())) {
          blocking.add(held.get());
        }
      }
      if (!blocking.isEmpty()) return blocking;
      for (String scope : scopes) {
        try (PreparedStatement ps = db.prepareStatement(
            "INSERT OR REPLACE INTO locks (scope, run_id, owner_pid, owner_host, acquired_at) VALUES (?,?,?,?,?)")) {
          ps.setString(1, scope);
          if (runId == null) ps.setNull(2, Types.INTEGER); else ps.setLong(2, runId);
          ps.setLong(3, pid);
          ps.setString(4, host);
          ps.setString(5, now.toString());
          ps.executeUpdate();
        }
      }
      return List.of();
    });
  }

  synchronized void unlock(List<String> scopes, long pid, String host) {
    for (String scope : scopes) update("DELETE FROM locks WHERE scope = ? AND owner_pid = ? AND owner_host = ?", scope, pid, host);
  }

  synchronized List<LockRow> locks() {
    List<LockRow> out = new ArrayList<>();
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM locks ORDER BY scope")) {
      while (rs.next()) out.add(lockRow(rs));
    } catch (SQLException e) {
      throw failure(e);
    }
    return out;
  }

  private Optional<LockRow> lockRow(String scope) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement("SELECT * FROM locks WHERE scope = ?")) {
      ps.setString(1, scope);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(lockRow(rs)) : Optional.empty();
      }
    }
  }

  private static LockRow lockRow(ResultSet rs) throws SQLException {
    return new LockRow(rs.getString("scope"), nullableLong(rs, "run_id"), rs.getLong("owner_pid"),
        rs.getString("owner_host"), Instant.parse(rs.getString("acquired_at")));
  }

  // ---------------------------------------------------------------- plumbing

  @FunctionalInterface
  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private <T> T inTransaction(SqlWork<T> work) {
    try {
      try (Statement s = db.createStatement()) {
        // IMMEDIATE takes the write lock up front: two processes never interleave a transaction.
        s.execute("BEGIN IMMEDIATE");
      }
      try {
        T result = work.run();
        try (Statement s = db.createStatement()) {
          s.execute("COMMIT");
        }
        return result;
      } catch (SQLException | RuntimeException e) {
        try (Statement s = db.createStatement()) {
          s.execute("ROLLBACK");
        }
        throw e;
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private int update(String sql, Object... args) {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        if (a == null) ps.setNull(i + 1, Types.NULL);
        else if (a instanceof Long l) ps.setLong(i + 1, l);
        else if (a instanceof Integer n) ps.setInt(i + 1, n);
        else if (a instanceof Double d) ps.setDouble(i + 1, d);
        else ps.setString(i + 1, a.toString());
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private List<RunRecord> queryRuns(String sql) {
    List<RunRecord> out = new ArrayList<>();
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        String baseline = rs.getString("baseline_json");
        out.add(new RunRecord(rs.getLong("id"), rs.getString("plan_id"), rs.getString("plan_sha256"), rs.getString("plan_source"),
            rs.getString("blueprint"), rs.getString("account"), instant(rs.getString("lookback_start")),
            instant(rs.getString("lookback_end")), parse(rs.getString("settings_json"), new TypeReference<RunSettings>() {}),
            RunState.valueOf(rs.getString("state")), Instant.parse(rs.getString("created_at")),
            Instant.parse(rs.getString("updated_at")), rs.getString("outcome"),
            baseline == null ? null : new TreeMap<>(parse(baseline, new TypeReference<Map<Integer, Double>>() {}))));
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return out;
  }

  private List<ActionRecord> queryActions(String sql, Object first, Integer second) {
    List<ActionRecord> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      if (first instanceof Long l) ps.setLong(1, l); else ps.setString(1, first.toString());
      if (second != null) ps.setInt(2, second);
      try (ResultSet rs = ps.executeQuery()) {
        TypeReference<LinkedHashMap<String, String>> map = new TypeReference<>() {};
        while (rs.next()) {
          String ob = rs.getString("observed_before_json");
          String oa = rs.getString("observed_after_json");
          out.add(new ActionRecord(rs.getLong("id"), rs.getLong("run_id"), rs.getInt("phase_number"), rs.getInt("seq"),
              rs.getString("action_id"), Families.kindNamed(rs.getString("kind")), rs.getString("resource_id"),
              rs.getString("region"), parse(rs.getString("planned_before_json"), map), parse(rs.getString("after_json"), map),
              ob == null ? null : parse(ob, map), oa == null ? null : parse(oa, map), ActionState.valueOf(rs.getString("state")),
              instant(rs.getString("intent_at")), instant(rs.getString("done_at")), instant(rs.getString("undone_at")),
              rs.getString("message"), instant(rs.getString("effective_at")),
              rs.getString("cleanup_state") == null ? null : CleanupState.valueOf(rs.getString("cleanup_state")),
              instant(rs.getString("cleanup_at")), rs.getString("cleanup_message")));
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return out;
  }

  private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static String str(Instant i) {
    return i == null ? null : i.toString();
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> T parse(String s, TypeReference<T> type) {
    try {
      return JSON.readValue(s, type);
    } catch (JsonProcessingException e) {
      throw new UserError(ExitCode.BAD_INPUT, "state file " + file + " holds a value this tap cannot read (" + e.getOriginalMessage() + ").", e);
    }
  }

  private UserError failure(SQLException e) {
    return new UserError(ExitCode.FAILURE, "state file " + file + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw failure(e);
    }
  }
}
