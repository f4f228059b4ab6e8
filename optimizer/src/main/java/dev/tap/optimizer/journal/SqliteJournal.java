package dev.tap.optimizer.journal;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.CleanupState;
import dev.tap.optimizer.exec.GuardReading;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.PhaseRecord;
import dev.tap.optimizer.exec.PhaseState;
import dev.tap.optimizer.exec.RunRecord;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.model.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The journal as one SQLite file ({@code --state}), schema in {@link SqliteSchema}. Every transition
 * is one conditional UPDATE ({@code WHERE state = expected}) committed before the method returns.
 * The tables' classes share one connection, so every method here is synchronized: a transaction of
 * one never takes in a statement of another.
 */
public final class SqliteJournal implements Journal {

  private final SqliteDb db;
  private final SqliteRuns runs;
  private final SqliteActions actions;
  private final SqliteEvents events;

  private SqliteJournal(SqliteDb db) {
    this.db = db;
    this.runs = new SqliteRuns(db);
    this.actions = new SqliteActions(db);
    this.events = new SqliteEvents(db);
  }

  /** Opens (creating when absent) the journal at {@code file}, migrating an older schema in place. */
  public static SqliteJournal open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA busy_timeout = 10000");
        s.execute("PRAGMA foreign_keys = ON");
        // WAL: a commit is one append and fsync, and readers (tap status) never block the writer.
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = FULL");
      }
      SqliteDb db = new SqliteDb(file, connection);
      SqliteSchema.migrate(db);
      return new SqliteJournal(db);
    } catch (SQLException | IOException e) {
      throw new UserError(ExitCode.BAD_INPUT,
          "state file " + file + " cannot be opened as a TAP journal (" + e.getMessage() + "). Check the path given to --state.", e);
    }
  }

  /** Opens an existing journal; a missing file is an error (status and resume must not create one). */
  public static SqliteJournal openExisting(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError(ExitCode.BAD_INPUT, "state file " + file + " does not exist. Pass the --state FILE that 'tap apply' used.");
    }
    return open(file);
  }

  public Path file() {
    return db.file;
  }

  @Override
  public String location() {
    return db.file.toString();
  }

  // ---------------------------------------------------------------- runs and phases

  @Override
  public synchronized long createRun(Plan plan, String planSha256, String planSource, RunSettings settings, Instant now) {
    return db.inTransaction(() -> {
      long runId = runs.insert(plan, planSha256, planSource, settings, now);
      actions.insert(runId, plan);
      events.insert(runId, now, "run created from plan " + plan.id() + " (" + planSource + ")");
      return runId;
    });
  }

  @Override
  public synchronized Optional<RunRecord> findRun(long runId) {
    return runs.find(runId);
  }

  @Override
  public synchronized List<RunRecord> runs() {
    return runs.all();
  }

  @Override
  public synchronized boolean transitionRun(long runId, RunState from, RunState to, String outcome, Instant now) {
    return runs.transition(runId, from, to, outcome, now);
  }

  @Override
  public synchronized void setBaselineOnce(long runId, Map<Integer, Double> p99ByHour) {
    runs.setBaselineOnce(runId, p99ByHour);
  }

  @Override
  public synchronized List<PhaseRecord> phases(long runId) {
    return runs.phases(runId);
  }

  @Override
  public synchronized boolean phaseStarted(long runId, int number, Instant now) {
    return runs.phaseStarted(runId, number, now);
  }

  @Override
  public synchronized boolean phaseObserving(long runId, int number, Instant now, Instant observeUntil, Instant firstCheck) {
    return runs.phaseObserving(runId, number, now, observeUntil, firstCheck);
  }

  @Override
  public synchronized boolean phaseAwaitingWindow(long runId, int number, Instant now, Instant nextRead) {
    return runs.phaseAwaitingWindow(runId, number, now, nextRead);
  }

  @Override
  public synchronized boolean phaseEffective(long runId, int number, Instant effectiveAt, Instant observeUntil, Instant firstCheck) {
    return runs.phaseEffective(runId, number, effectiveAt, observeUntil, firstCheck);
  }

  @Override
  public synchronized boolean nextCheck(long runId, int number, Instant checked, Instant next) {
    return runs.nextCheck(runId, number, checked, next);
  }

  @Override
  public synchronized boolean phasePassed(long runId, int number, PhaseState from, Instant now, List<Long> cleanupRows) {
    return db.inTransaction(() -> {
      boolean passed = runs.phasePassed(runId, number, from, now);
      if (passed) actions.scheduleCleanups(cleanupRows);
      return passed;
    });
  }

  @Override
  public synchronized boolean phaseRollingBack(long runId, int number, PhaseState from, String breachRule, Double value,
      Double threshold, String error) {
    return runs.phaseRollingBack(runId, number, from, breachRule, value, threshold, error);
  }

  @Override
  public synchronized boolean phaseRolledBack(long runId, int number, Instant now) {
    return runs.phaseRolledBack(runId, number, now);
  }

  @Override
  public synchronized int phasesNotStarted(long runId) {
    return runs.phasesNotStarted(runId);
  }

  // ---------------------------------------------------------------- actions

  @Override
  public synchronized List<ActionRecord> actions(long runId) {
    return actions.ofRun(runId);
  }

  @Override
  public synchronized List<ActionRecord> actions(long runId, int phase) {
    return actions.ofPhase(runId, phase);
  }

  @Override
  public synchronized ActionRecord action(long rowId) {
    return actions.get(rowId);
  }

  @Override
  public synchronized boolean actionIntent(long rowId, Map<String, String> observedBefore, Instant now) {
    return actions.intent(rowId, observedBefore, now);
  }

  @Override
  public synchronized boolean actionDone(long rowId, Map<String, String> observedAfter, String message, Instant now) {
    return actions.done(rowId, observedAfter, message, now);
  }

  @Override
  public synchronized boolean actionSkipped(long rowId, String reason, Instant now) {
    return actions.skipped(rowId, reason, now);
  }

  @Override
  public synchronized boolean actionFailed(long rowId, ActionState from, String error, Instant now) {
    return actions.failed(rowId, from, error, now);
  }

  @Override
  public synchronized boolean actionUndoIntent(long rowId, ActionState from, Instant now) {
    return actions.undoIntent(rowId, from, now);
  }

  @Override
  public synchronized boolean actionUndone(long rowId, ActionState from, String message, Instant now) {
    return actions.undone(rowId, from, message, now);
  }

  @Override
  public synchronized boolean actionUndoSkipped(long rowId, ActionState from, String reason, Instant now) {
    return actions.undoSkipped(rowId, from, reason, now);
  }

  @Override
  public synchronized boolean actionEffective(long rowId, Instant at) {
    return actions.effective(rowId, at);
  }

  @Override
  public synchronized List<ActionRecord> cleanupsDue(long runId) {
    return actions.cleanupsDue(runId);
  }

  @Override
  public synchronized boolean cleanupIntent(long rowId, Instant now) {
    return actions.cleanupIntent(rowId, now);
  }

  @Override
  public synchronized boolean cleanupFinished(long rowId, CleanupState to, String message, Instant now) {
    return actions.cleanupFinished(rowId, to, message, now);
  }

  @Override
  public synchronized void actionNote(long rowId, String message) {
    actions.note(rowId, message);
  }

  @Override
  public synchronized int changesTo(String resourceId, String key, String value, Instant since) {
    return actions.changesTo(resourceId, key, value, since);
  }

  // ---------------------------------------------------------------- guard readings and events

  @Override
  public synchronized void recordReading(GuardReading reading) {
    events.recordReading(reading);
  }

  @Override
  public synchronized void recordCheck(List<GuardReading> readings, long runId, int phase, Instant checked, Instant next) {
    db.inTransaction(() -> {
      readings.forEach(events::recordReading);
      if (next != null) runs.nextCheck(runId, phase, checked, next);
      return null;
    });
  }

  @Override
  public synchronized List<GuardReading> readings(long runId) {
    return events.readings(runId);
  }

  @Override
  public synchronized void event(long runId, Instant at, String message) {
    db.inTransaction(() -> {
      events.insert(runId, at, message);
      return null;
    });
  }

  @Override
  public synchronized List<String> events(long runId) {
    return events.events(runId);
  }

  @Override
  public synchronized Optional<Instant> latestTime(String target) {
    return events.latestTime(target);
  }

  @Override
  public void close() {
    db.close();
  }
}
