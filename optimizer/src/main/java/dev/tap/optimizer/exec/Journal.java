package dev.tap.optimizer.exec;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.model.Plan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable record of every run, phase, action, guard reading and event: what the executor
 * resumes from alone. Implementations (SQLite in {@code dev.tap.optimizer.journal}) must make every
 * write durable before the method returns, and every transition a compare-and-set: it changes the
 * row only when the row is in the expected state and returns {@code false} otherwise, so a repeated
 * call, or a second process racing on the same row, changes nothing. Every method must be safe to
 * call from several threads.
 */
public interface Journal extends AutoCloseable {

  /** Where the journal lives, as the user named it (the {@code --state} file): used in messages. */
  String location();

  // ---------------------------------------------------------------- runs

  /**
   * Records a new RUNNING run with all its phases and actions PENDING, and its "run created" event,
   * atomically (all or nothing). Returns the new run id, unique in this journal.
   */
  long createRun(Plan plan, String planSha256, String planSource, RunSettings settings, Instant now);

  /** The run, or empty when this journal holds no run {@code runId}. */
  Optional<RunRecord> findRun(long runId);

  /** The run; a missing one is the user's error (a wrong run id). */
  default RunRecord run(long runId) {
    return findRun(runId).orElseThrow(() -> new UserError(ExitCode.BAD_INPUT,
        "run " + runId + " is not in " + location() + ". 'tap status --state " + location() + "' lists the runs it holds."));
  }

  /** Every run, oldest (lowest id) first. */
  List<RunRecord> runs();

  /** {@code from -> to}, also setting the outcome when not null and {@code updatedAt}; false when not in {@code from}. */
  boolean transitionRun(long runId, RunState from, RunState to, String outcome, Instant now);

  /** Records the lookback baseline once; a second call keeps the first value. */
  void setBaselineOnce(long runId, Map<Integer, Double> p99ByHour);

  // ---------------------------------------------------------------- phases

  /** The run's phases in plan order. */
  List<PhaseRecord> phases(long runId);

  /** One phase of the run; a missing one is the user's error. */
  default PhaseRecord phase(long runId, int number) {
    return phases(runId).stream().filter(p -> p.number() == number).findFirst()
        .orElseThrow(() -> new UserError(ExitCode.BAD_INPUT, "run " + runId + " has no phase " + number + "."));
  }

  /** PENDING -> APPLYING, stamping {@code startedAt}. */
  boolean phaseStarted(long runId, int number, Instant now);

  /**
   * APPLYING -> OBSERVING: the phase's actions are applied and took effect now. The observation
   * deadline and first check are stored here and survive restarts.
   */
  boolean phaseObserving(long runId, int number, Instant now, Instant observeUntil, Instant firstCheck);

  /** APPLYING -> AWAITING_WINDOW: applied, but some change waits for a maintenance window; re-read at {@code nextRead}. */
  boolean phaseAwaitingWindow(long runId, int number, Instant now, Instant nextRead);

  /** AWAITING_WINDOW -> OBSERVING: every change took effect at {@code effectiveAt}, where the observation window opens. */
  boolean phaseEffective(long runId, int number, Instant effectiveAt, Instant observeUntil, Instant firstCheck);

  /**
   * Moves the next guard check (or, waiting for a maintenance window, the next re-read) from
   * {@code checked} to {@code next}, only while the phase is OBSERVING or AWAITING_WINDOW and its
   * next check is still {@code checked}: a repeated call moves it once.
   */
  boolean nextCheck(long runId, int number, Instant checked, Instant next);

  /** {@code from} -> PASSED, with no clean-up to schedule. */
  default boolean phasePassed(long runId, int number, PhaseState from, Instant now) {
    return phasePassed(runId, number, from, now, List.of());
  }

  /**
   * {@code from} -> PASSED; atomically with it, the DONE actions among {@code cleanupRows} that have
   * no clean-up yet get a PENDING one, so a crash right after cannot lose it.
   */
  boolean phasePassed(long runId, int number, PhaseState from, Instant now, List<Long> cleanupRows);

  /** {@code from} -> ROLLING_BACK, recording what caused it (a guard breach, an error, or a request). */
  boolean phaseRollingBack(long runId, int number, PhaseState from, String breachRule, Double value, Double threshold, String error);

  /** ROLLING_BACK -> ROLLED_BACK. */
  boolean phaseRolledBack(long runId, int number, Instant now);

  /** Every PENDING phase of the run -> NOT_STARTED; returns how many moved. */
  int phasesNotStarted(long runId);

  // ---------------------------------------------------------------- actions

  /** The run's actions in plan order (phase, then position in the phase). */
  List<ActionRecord> actions(long runId);

  /** One phase's actions in plan order. */
  List<ActionRecord> actions(long runId, int phase);

  /** The action with this row id (from {@link ActionRecord#rowId()}); a missing one is a bug. */
  ActionRecord action(long rowId);

  /** PENDING -> INTENT with the configuration re-read just before the call. Durable before the call. */
  boolean actionIntent(long rowId, Map<String, String> observedBefore, Instant now);

  /** INTENT -> DONE with the configuration read after the call. */
  boolean actionDone(long rowId, Map<String, String> observedAfter, String message, Instant now);

  /** PENDING -> SKIPPED with the reason. */
  boolean actionSkipped(long rowId, String reason, Instant now);

  /** {@code from} -> FAILED with the error. */
  boolean actionFailed(long rowId, ActionState from, String error, Instant now);

  /** DONE (or FAILED, whose call may have half-happened) -> UNDO_INTENT, before the inverse call. */
  boolean actionUndoIntent(long rowId, ActionState from, Instant now);

  /** {@code from} -> UNDONE, keeping the earlier message when {@code message} is null. */
  boolean actionUndone(long rowId, ActionState from, String message, Instant now);

  /** {@code from} -> UNDO_SKIPPED with the reason. */
  boolean actionUndoSkipped(long rowId, ActionState from, String reason, Instant now);

  /** Records when a change that waited for the maintenance window took effect; only the first call sets it. */
  boolean actionEffective(long rowId, Instant at);

  /** The run's actions whose clean-up is PENDING or INTENT (begun, result not recorded), in plan order. */
  List<ActionRecord> cleanupsDue(long runId);

  /** Clean-up PENDING -> INTENT, durable before the clean-up call. */
  boolean cleanupIntent(long rowId, Instant now);

  /** Clean-up INTENT -> {@code to} (DONE or FAILED) with the call's note or error. */
  boolean cleanupFinished(long rowId, CleanupState to, String message, Instant now);

  /** Notes a problem on an action without changing its state (for example an inverse call that failed). */
  void actionNote(long rowId, String message);

  /**
   * Count of actions on {@code resourceId} that moved it to {@code key=value} since {@code since}
   * (applied or undone), across all runs: DynamoDB's switches to on-demand per rolling 24 hours.
   */
  int changesTo(String resourceId, String key, String value, Instant since);

  // ---------------------------------------------------------------- guard readings and events

  /** Idempotent: a reading for the same run, phase, check time and rule is stored once (the first wins). */
  void recordReading(GuardReading reading);

  /**
   * One guard check, atomically: its readings, and (when {@code next} is not null) the next check
   * moved on from {@code checked} as {@link #nextCheck} does. A repeated call stores nothing twice.
   */
  void recordCheck(List<GuardReading> readings, long runId, int phase, Instant checked, Instant next);

  /** The run's readings ordered by phase, check time, rule. */
  List<GuardReading> readings(long runId);

  /** Appends a line to the run's event log. */
  void event(long runId, Instant at, String message);

  /** The run's event log in the order written, each line {@code "<at>  <message>"}. */
  List<String> events(long runId);

  /**
   * The latest instant recorded for any run whose settings name {@code target} (run updates,
   * events, readings, action and clean-up transitions, effective times): where a virtual clock resumes.
   */
  Optional<Instant> latestTime(String target);

  /** Releases the journal's resources; writes already returned are durable. */
  @Override
  void close();
}
