package dev.tap.optimizer.exec;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.CrashHook.Step;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Resource;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Runs a plan phase by phase from the journal alone. {@link #advance} does every step that is due
 * now and returns when the run is finished or must wait for the next guard check; calling it again
 * (a later {@code tap resume}, after a crash or from cron) picks up exactly where the journal says.
 *
 * <p>Per action: re-read the resource; skip it (reported) when it gained an exclusion tag or its
 * configuration is not the plan's {@code before}; commit INTENT with the re-read state; call; commit
 * DONE with the state read back. Per phase: when its actions are done, an observation window whose
 * deadline is in the journal; a guard breach or a permanent error undoes the phase's completed
 * actions in reverse order and stops the run; later phases do not start.
 */
public final class Executor {

  /** What {@link #advance} left: a finished run, or the time of the next thing due. */
  public record Progress(long runId, RunState state, Instant waitUntil) {
    public boolean finished() {
      return state.terminal();
    }
  }

  /** The phase error recorded when a rollback was asked for rather than caused. */
  static final String REQUESTED = "rollback requested";

  private final Journal journal;
  private final ActionRegistry registry;
  private final Guard guard;
  private final Clock clock;
  private final CrashHook hook;
  private final Consumer<String> log;
  private final Rollback rollback;

  public Executor(Journal journal, ActionRegistry registry, Guard guard, Clock clock, CrashHook hook, Consumer<String> log) {
    this.journal = journal;
    this.registry = registry;
    this.guard = guard;
    this.clock = clock;
    this.hook = hook;
    this.log = log;
    this.rollback = new Rollback(journal, registry, clock, hook, log);
  }

  /** Refuses a plan whose action kinds this account's adapters cannot carry out, before anything starts. */
  public void checkSupported(Plan plan) {
    TreeSet<String> missing = new TreeSet<>();
    for (Action a : plan.actions()) if (registry.find(a.kind()).isEmpty()) missing.add(a.kind().name());
    if (!missing.isEmpty()) {
      throw new UserError(ExitCode.REFUSED, "plan " + plan.id() + " has actions this account's adapter cannot carry out: "
          + String.join(", ", missing) + ". Nothing was changed; re-plan without them or use an adapter that has them.");
    }
  }

  /**
   * Pre-flight, before phase 1 starts: every resource of every phase exists and is at the plan's
   * before-state (after the changes earlier actions of the plan make to it), so a plan found stale
   * on its third phase is refused before its first phase changes anything. A resource that gained
   * an exclusion tag is not compared: the run skips it and says so. Refuses with exit 4 naming
   * each resource and differing key.
   *
   * @return each resource as read, by {@link #resourceKey}: the live configuration the guard's
   *     health signals are built from (it holds keys a plan does not carry: variant names, member ids, target groups)
   */
  public Map<String, Resource> preflight(Plan plan) {
    Map<String, Resource> live = new java.util.LinkedHashMap<>();
    Map<String, Map<String, String>> expected = new java.util.HashMap<>();
    List<String> problems = new java.util.ArrayList<>();
    for (Action a : plan.actions()) {
      String key = resourceKey(a.region(), a.resourceId());
      Resource current;
      try {
        current = registry.forKind(a.kind()).read(a.resourceId(), a.region());
      } catch (ActionFailedException e) {
        problems.add(a.id() + ": " + a.resourceId() + " in " + a.region() + " cannot be read: " + e.getMessage());
        continue;
      }
      live.putIfAbsent(key, current);
      Map<String, String> state = expected.computeIfAbsent(key, k -> new java.util.HashMap<>(current.config()));
      if (current.exclusionReason().isEmpty()) {
        Resource planned = current.withConfig(state);
        if (!Rollback.matches(planned, a.before())) {
          problems.add(a.id() + ": " + a.resourceId() + " is not at the plan's before-state: " + Rollback.differences(planned, a.before()));
        }
      }
      state.putAll(a.after());
    }
    if (!problems.isEmpty()) {
      throw new UserError(ExitCode.REFUSED, "pre-flight of plan " + plan.id() + " failed, nothing was changed:\n  - "
          + String.join("\n  - ", problems) + "\nThe account changed since the plan was made: run 'tap plan' again.");
    }
    return live;
  }

  /** How {@link #preflight} keys the resources it read. */
  public static String resourceKey(String region, String resourceId) {
    return region + "/" + resourceId;
  }

  /** Records a new run (all phases and actions pending). Nothing is changed until {@link #advance}. */
  public long start(Plan plan, String planSha256, String planSource, RunSettings settings) {
    checkSupported(plan);
    long id = journal.createRun(plan, planSha256, planSource, settings, clock.instant());
    log.accept("run " + id + " recorded in " + journal.location() + " (plan " + plan.id() + ", " + plan.phases().size() + " phases)");
    return id;
  }

  /** Does everything due now; safe to call any number of times. */
  public Progress advance(long runId) {
    while (true) {
      RunRecord run = journal.run(runId);
      if (run.state().terminal()) return new Progress(runId, run.state(), null);
      List<PhaseRecord> phases = journal.phases(runId);

      // A passed window's clean-ups come first: they are owed whatever happens next.
      List<ActionRecord> cleanups = journal.cleanupsDue(runId);
      if (!cleanups.isEmpty()) {
        cleanUp(run, cleanups.get(0));
        continue;
      }

      Optional<PhaseRecord> undoing = phases.stream().filter(p -> p.state() == PhaseState.ROLLING_BACK)
          .max(Comparator.comparingInt(PhaseRecord::number));
      if (undoing.isPresent()) {
        PhaseRecord p = undoing.get();
        log.accept("phase " + p.number() + " (" + p.name() + "): rolling back");
        String error = rollback.undoPhase(run, p);
        if (error != null) {
          finish(run, RunState.FAILED, "rollback of phase " + p.number() + " is incomplete: " + error
              + ". Fix the cause, then run 'tap rollback " + runId + " --phase " + p.number() + "'.");
          continue;
        }
        journal.phaseRolledBack(runId, p.number(), clock.instant());
        journal.event(runId, clock.instant(), "phase " + p.number() + " rolled back");
        continue;
      }

      Optional<PhaseRecord> current = phases.stream()
          .filter(p -> p.state() == PhaseState.PENDING || p.state() == PhaseState.APPLYING || p.state() == PhaseState.AWAITING_WINDOW
              || p.state() == PhaseState.OBSERVING)
          .findFirst();
      boolean anyRolledBack = phases.stream().anyMatch(p -> p.state() == PhaseState.ROLLED_BACK);
      if (anyRolledBack) {
        // A phase was undone: the run stops here whatever follows. An error stops it as FAILED.
        journal.phasesNotStarted(runId);
        boolean error = phases.stream().anyMatch(p -> p.state() == PhaseState.ROLLED_BACK && p.error() != null && !p.error().equals(REQUESTED));
        finish(run, error ? RunState.FAILED : RunState.ROLLED_BACK, run.outcome() != null ? run.outcome() : "rolled back");
        continue;
      }
      if (current.isEmpty()) {
        finish(run, RunState.COMPLETED, "all " + phases.size() + " phases applied and observed without a breach");
        continue;
      }
      PhaseRecord p = current.get();
      switch (p.state()) {
        case PENDING -> {
          if (journal.phaseStarted(runId, p.number(), clock.instant())) {
            log.accept("phase " + p.number() + " (" + p.name() + "): applying " + journal.actions(runId, p.number()).size() + " actions");
            journal.event(runId, clock.instant(), "phase " + p.number() + " started");
          }
        }
        case APPLYING -> applyPhase(run, p);
        case AWAITING_WINDOW -> {
          Instant now = clock.instant();
          if (p.nextCheckAt().isAfter(now)) return new Progress(runId, RunState.RUNNING, p.nextCheckAt());
          awaitEffect(run, p, now);
        }
        case OBSERVING -> {
          Instant now = clock.instant();
          if (p.nextCheckAt().isAfter(now)) return new Progress(runId, RunState.RUNNING, p.nextCheckAt());
          hook.at(Step.DURING_OBSERVATION, null);
          observe(run, p, now);
        }
        default -> throw new IllegalStateException("unexpected phase state " + p.state());
      }
    }
  }

  /**
   * Undoes on request: every phase from {@code fromPhase} (all when null) that changed something,
   * latest first. The run ends ROLLED_BACK; phases not yet started never start.
   */
  public Progress requestRollback(long runId, Integer fromPhase) {
    RunRecord run = journal.run(runId);
    List<PhaseRecord> phases = journal.phases(runId);
    if (fromPhase != null && phases.stream().noneMatch(p -> p.number() == fromPhase)) {
      throw new UserError(ExitCode.BAD_INPUT, "run " + runId + " has no phase " + fromPhase + " (it has "
          + phases.stream().map(p -> String.valueOf(p.number())).toList() + ").");
    }
    String reason = "rolled back on request" + (fromPhase == null ? "" : " from phase " + fromPhase);
    if (run.state() != RunState.RUNNING) journal.transitionRun(runId, run.state(), RunState.RUNNING, reason, clock.instant());
    else journal.transitionRun(runId, RunState.RUNNING, RunState.RUNNING, reason, clock.instant());
    int marked = 0;
    for (PhaseRecord p : phases) {
      if (fromPhase != null && p.number() < fromPhase) continue;
      boolean changed = journal.actions(runId, p.number()).stream().anyMatch(a -> a.state() == ActionState.DONE
          || a.state() == ActionState.INTENT || a.state() == ActionState.FAILED || a.state() == ActionState.UNDO_INTENT);
      if (!changed) continue;
      if (p.state() == PhaseState.ROLLING_BACK
          || journal.phaseRollingBack(runId, p.number(), p.state(), null, null, null, REQUESTED)) marked++;
    }
    journal.event(runId, clock.instant(), reason + " (" + marked + " phases to undo)");
    log.accept("run " + runId + ": " + reason + ", " + marked + " phase(s) to undo");
    if (marked == 0) {
      RunRecord now = journal.run(runId);
      finish(now, RunState.ROLLED_BACK, reason + ": nothing had been changed");
      return new Progress(runId, RunState.ROLLED_BACK, null);
    }
    return advance(runId);
  }

  private void applyPhase(RunRecord run, PhaseRecord phase) {
    for (ActionRecord a : journal.actions(run.id(), phase.number())) {
      try {
        applyAction(run, a);
      } catch (RuntimeException e) {
        // Any exception, expected or not, fails the action and undoes the phase: a run is never left wedged in INTENT.
        String message = failure(e);
        String error = a.actionId() + " (" + a.kind() + " on " + a.resourceId() + "): " + message;
        ActionRecord now = journal.action(a.rowId());
        journal.actionFailed(a.rowId(), now.state(), message, clock.instant());
        log.accept("  FAILED " + error);
        String outcome = "phase " + phase.number() + " (" + phase.name() + ") failed: " + error
            + "; its completed actions are rolled back and later phases do not start";
        journal.phaseRollingBack(run.id(), phase.number(), PhaseState.APPLYING, null, null, null, error);
        journal.transitionRun(run.id(), RunState.RUNNING, RunState.RUNNING, outcome, clock.instant());
        journal.event(run.id(), clock.instant(), outcome);
        return;
      }
    }
    List<ActionRecord> done = journal.actions(run.id(), phase.number());
    boolean changed = done.stream().anyMatch(a -> a.state() == ActionState.DONE);
    Instant now = clock.instant();
    if (!changed) {
      journal.phasePassed(run.id(), phase.number(), PhaseState.APPLYING, now);
      journal.event(run.id(), now, "phase " + phase.number() + " changed nothing (all actions skipped): no observation needed");
      log.accept("phase " + phase.number() + ": nothing changed, no observation needed");
      return;
    }
    List<String> pending;
    try {
      pending = pending(done);
    } catch (ActionFailedException e) {
      failWaiting(run, phase, PhaseState.APPLYING, e);
      return;
    }
    if (!pending.isEmpty()) {
      // With some change already in effect the guard watches it meanwhile, every interval.
      Instant read = done.stream().anyMatch(Executor::tookEffectAtOnce) ? now.plus(run.settings().guard().checkInterval())
          : nextRead(done, now, run.settings().guard().checkInterval());
      if (journal.phaseAwaitingWindow(run.id(), phase.number(), now, read)) {
        String msg = "phase " + phase.number() + " applied; " + String.join(", ", pending)
            + " wait(s) for the maintenance window: observation starts when the change takes effect (next look " + read + ")";
        journal.event(run.id(), now, msg);
        log.accept("phase " + phase.number() + " (" + phase.name() + "): " + msg.substring(msg.indexOf(';') + 2));
      }
      return;
    }
    ObservationWindow w = ObservationWindow.opening(now, phase.observation(), run.settings().guard().checkInterval());
    if (journal.phaseObserving(run.id(), phase.number(), now, w.deadline(), w.firstCheck())) {
      journal.event(run.id(), now, "phase " + phase.number() + " applied; observing until " + w.deadline());
      log.accept("phase " + phase.number() + " (" + phase.name() + "): applied; observing until " + w.deadline()
          + " (guard every " + w.interval().toMinutes() + " min)");
    }
  }

  private void applyAction(RunRecord run, ActionRecord a) {
    switch (a.state()) {
      case SKIPPED, DONE -> { }
      case PENDING -> {
        FamilyActions family = registry.forKind(a.kind());
        Resource current = family.read(a.resourceId(), a.region());
        Optional<String> skip = current.exclusionReason()
            .map(r -> "excluded: " + a.resourceId() + " is " + r + " (SPEC O6)")
            .or(() -> Rollback.matches(current, a.plannedBefore()) ? Optional.empty()
                : Optional.of("changed since the plan: " + Rollback.differences(current, a.plannedBefore())
                    + "; not applied over someone else's change"))
            .or(() -> family.refusal(a.kind(), current, a.after(), context(run)));
        if (skip.isPresent()) {
          if (journal.actionSkipped(a.rowId(), skip.get(), clock.instant())) {
            log.accept("  skipped " + a.actionId() + " (" + a.resourceId() + "): " + skip.get());
            journal.event(run.id(), clock.instant(), "skipped " + a.actionId() + ": " + skip.get());
          }
          return;
        }
        if (!journal.actionIntent(a.rowId(), current.config(), clock.instant())) return;
        hook.at(Step.BEFORE_CALL, a.actionId());
        String note = family.converge(a.kind(), current, a.after(), context(run));
        hook.at(Step.AFTER_CALL, a.actionId());
        confirm(run, a, family, note, null);
      }
      case INTENT -> {
        // The process stopped between intent and result: the resource says whether the call happened.
        FamilyActions family = registry.forKind(a.kind());
        Resource current = family.read(a.resourceId(), a.region());
        if (Rollback.matches(current, a.after())) {
          confirm(run, a, family, null, "confirmed on resume: the call had taken effect");
        } else if (PendingChanges.requested(current, a.after())) {
          confirm(run, a, family, null, "confirmed on resume: the call had been accepted");
        } else if (Rollback.matches(current, a.plannedBefore())) {
          String note = family.converge(a.kind(), current, a.after(), context(run));
          hook.at(Step.AFTER_CALL, a.actionId());
          confirm(run, a, family, note, "re-issued on resume: the call had not taken effect");
        } else {
          throw new ActionFailedException("changed by someone else while TAP was applying it: "
              + Rollback.differences(current, a.after()));
        }
      }
      case FAILED -> throw new ActionFailedException(a.message());
      default -> throw new IllegalStateException("action " + a.actionId() + " is " + a.state() + " in a phase being applied");
    }
  }

  /** An action's error for the journal: the adapter's own message, or an unexpected exception named with its type. */
  static String failure(RuntimeException e) {
    if (e instanceof ActionFailedException) return e.getMessage();
    return "unexpected " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private void confirm(RunRecord run, ActionRecord a, FamilyActions family, String note, String resumeNote) {
    Resource after = family.read(a.resourceId(), a.region());
    String message = note;
    if (!Rollback.matches(after, a.after())) {
      String state = PendingChanges.requested(after, a.after())
          ? "pending until the maintenance window " + after.config().getOrDefault(MaintenanceWindow.CONFIG_KEY, "(not reported)") + " UTC"
          : "accepted; the resource does not report it yet: " + Rollback.differences(after, a.after());
      // The family's own note may already say it (e.g. "applies in the next maintenance window").
      if (note == null) message = state;
      else if (!PendingChanges.requested(after, a.after())) message = note + "; " + state;
    }
    if (resumeNote != null) message = message == null ? resumeNote : resumeNote + "; " + message;
    if (journal.actionDone(a.rowId(), after.config(), message, clock.instant())) {
      log.accept("  done " + a.actionId() + ": " + a.kind() + " " + a.resourceId() + " " + a.plannedBefore() + " -> " + a.after()
          + (message == null ? "" : " (" + message + ")"));
    }
  }

  /**
   * A phase whose changes wait for a maintenance window: re-read its resources; when none reports
   * a pending change any more, its observation window opens from now (the change has just taken
   * effect: on AWS when PendingModifiedValues is empty, within one re-read interval). Meanwhile,
   * when some of the phase's changes took effect at once (a reader removed beside a deferred class
   * change), the guard watches them check by check, and a breach undoes the phase.
   */
  private void awaitEffect(RunRecord run, PhaseRecord phase, Instant now) {
    List<ActionRecord> actions = journal.actions(run.id(), phase.number());
    java.time.Duration interval = run.settings().guard().checkInterval();
    Instant check = phase.nextCheckAt();
    boolean watching = actions.stream().anyMatch(Executor::tookEffectAtOnce);
    if (watching) {
      hook.at(Step.DURING_OBSERVATION, null);
      baseline(run, phase);
      List<GuardReading> readings = guard.check(run, phase, check, changed(run, phase));
      Optional<GuardReading> breach = readings.stream().filter(r -> trips(r, run.settings().guard().consecutiveBreaches())).findFirst();
      // The changes in effect are watched as in observation, blindness included: missing SLO data counts and rolls back at the limit.
      Blindness blind = blindness(run, phase, check, readings);
      journal.recordCheck(readings, run.id(), phase.number(), check, breach.isPresent() || blind.tooLong() ? null : check.plus(interval));
      if (breach.isPresent()) {
        rollBackOnBreach(run, phase, PhaseState.AWAITING_WINDOW, check, breach.get());
        return;
      }
      if (blind.tooLong()) {
        rollBackBlind(run, phase, PhaseState.AWAITING_WINDOW, check, blind.why() + " while waiting for the maintenance window (blind limit "
            + run.settings().guard().blindLimitChecks() + " checks)");
        return;
      }
      if (blind.blind()) reportBlind(run, phase, check, blind, " while waiting for the maintenance window");
    }
    List<String> pending;
    try {
      pending = pending(actions);
    } catch (ActionFailedException e) {
      failWaiting(run, phase, PhaseState.AWAITING_WINDOW, e);
      return;
    }
    if (pending.isEmpty()) {
      ObservationWindow w = ObservationWindow.opening(now, phase.observation(), interval);
      if (journal.phaseEffective(run.id(), phase.number(), now, w.deadline(), w.firstCheck())) {
        journal.event(run.id(), now, "phase " + phase.number() + ": its changes took effect; observing until " + w.deadline());
        log.accept("phase " + phase.number() + " (" + phase.name() + "): changes took effect at " + now + "; observing until " + w.deadline()
            + " (guard every " + interval.toMinutes() + " min)");
      }
    } else if (!watching) {
      journal.nextCheck(run.id(), phase.number(), check, nextRead(actions, now, interval));
    }
  }

  /** A DONE action whose change was in effect when it was confirmed (nothing of it was left pending). */
  private static boolean tookEffectAtOnce(ActionRecord a) {
    return a.state() == ActionState.DONE && a.observedAfter() != null
        && PendingChanges.parse(a.observedAfter().get(PendingChanges.CONFIG_KEY)).keySet().stream().noneMatch(a.after()::containsKey);
  }

  /**
   * Re-reads the phase's DONE actions: those still pending, as {@code id (keys on resource)}. The
   * others whose change had waited get the time it took effect recorded.
   */
  private List<String> pending(List<ActionRecord> actions) {
    List<String> pending = new java.util.ArrayList<>();
    Instant now = clock.instant();
    for (ActionRecord a : actions) {
      if (a.state() != ActionState.DONE || tookEffectAtOnce(a)) continue;
      Resource r = registry.forKind(a.kind()).read(a.resourceId(), a.region());
      Map<String, String> p = PendingChanges.touching(r, a.after().keySet());
      if (p.isEmpty()) journal.actionEffective(a.rowId(), now);
      else pending.add(a.actionId() + " (" + PendingChanges.encode(p) + " on " + a.resourceId() + ")");
    }
    return pending;
  }

  /**
   * The next re-read of a waiting phase: one check interval on, or the earliest start of a pending
   * change's maintenance window when that is later (before it nothing can happen).
   */
  private Instant nextRead(List<ActionRecord> actions, Instant now, java.time.Duration interval) {
    Instant next = now.plus(interval);
    Instant earliest = null;
    for (ActionRecord a : actions) {
      if (a.state() != ActionState.DONE) continue;
      Resource r = registry.forKind(a.kind()).read(a.resourceId(), a.region());
      String window = r.config().get(MaintenanceWindow.CONFIG_KEY);
      if (PendingChanges.touching(r, a.after().keySet()).isEmpty()) continue;
      if (window == null || window.isBlank()) return next;
      MaintenanceWindow w = MaintenanceWindow.parse(window);
      // still pending while the window is being worked through: look again soon, not a week later
      if (w.applying(now)) return next;
      Instant start = w.nextStart(now);
      if (earliest == null || start.isBefore(earliest)) earliest = start;
    }
    return earliest != null && earliest.isAfter(next) ? earliest : next;
  }

  private void failWaiting(RunRecord run, PhaseRecord phase, PhaseState from, ActionFailedException e) {
    String outcome = "phase " + phase.number() + " (" + phase.name() + ") failed while waiting for its changes to take effect: "
        + e.getMessage() + "; its completed actions are rolled back and later phases do not start";
    log.accept("  FAILED " + outcome);
    if (journal.phaseRollingBack(run.id(), phase.number(), from, null, null, null, e.getMessage())) {
      journal.transitionRun(run.id(), RunState.RUNNING, RunState.RUNNING, outcome, clock.instant());
      journal.event(run.id(), clock.instant(), outcome);
    }
  }

  /**
   * One clean-up after a passed window: INTENT committed before the call, the result after. On a
   * resume from INTENT the family's clean-up re-reads what is left, so nothing is deleted twice.
   * A failed clean-up does not undo a phase that passed: it is recorded with what to remove by hand.
   */
  private void cleanUp(RunRecord run, ActionRecord a) {
    if (a.cleanup() == CleanupState.PENDING && !journal.cleanupIntent(a.rowId(), clock.instant())) return;
    hook.at(Step.BEFORE_CLEANUP_CALL, a.actionId());
    String note;
    try {
      note = registry.forKind(a.kind()).afterObservation(journal.action(a.rowId()), context(run));
    } catch (ActionFailedException e) {
      String msg = "clean-up after the observation window failed: " + e.getMessage();
      if (journal.cleanupFinished(a.rowId(), CleanupState.FAILED, msg, clock.instant())) {
        journal.event(run.id(), clock.instant(), a.actionId() + ": " + msg);
        log.accept("  " + a.actionId() + ": " + msg);
      }
      return;
    }
    hook.at(Step.AFTER_CLEANUP_CALL, a.actionId());
    if (journal.cleanupFinished(a.rowId(), CleanupState.DONE, note, clock.instant())) {
      journal.event(run.id(), clock.instant(), a.actionId() + " cleaned up" + (note == null ? "" : ": " + note));
      log.accept("  cleaned up " + a.actionId() + (note == null ? "" : ": " + note));
    }
  }

  /** Every check due by {@code now}, in order, each over its own interval: a late resume catches up. */
  private void observe(RunRecord run, PhaseRecord phase, Instant now) {
    baseline(run, phase);
    GuardPolicy policy = run.settings().guard();
    ObservationWindow w = new ObservationWindow(phase.observedFrom(), phase.observeUntil(), policy.checkInterval());
    Set<String> changed = changed(run, phase);
    Instant check = phase.nextCheckAt();
    while (!check.isAfter(now)) {
      List<GuardReading> readings = guard.check(run, phase, check, changed);
      Optional<GuardReading> breach = readings.stream().filter(r -> trips(r, policy.consecutiveBreaches())).findFirst();
      Blindness blind = blindness(run, phase, check, readings);
      boolean isBlind = blind.blind();
      boolean blindTooLong = blind.tooLong();
      // a blind phase does not pass: its window is extended check by check until the data returns or the blind limit
      boolean last = w.isLast(check) || (isBlind && !check.isBefore(phase.observeUntil()));
      boolean passes = last && !isBlind;
      Instant next = breach.isPresent() || blindTooLong || passes ? null : isBlind && last ? check.plus(policy.checkInterval()) : w.next(check);
      journal.recordCheck(readings, run.id(), phase.number(), check, next);
      if (breach.isPresent()) {
        rollBackOnBreach(run, phase, PhaseState.OBSERVING, check, breach.get());
        return;
      }
      if (isBlind) {
        if (blindTooLong) {
          rollBackBlind(run, phase, PhaseState.OBSERVING, check, blind.why() + " (blind limit " + policy.blindLimitChecks() + " checks)");
          return;
        }
        reportBlind(run, phase, check, blind, "");
      }
      if (passes) {
        List<Long> cleanups = journal.actions(run.id(), phase.number()).stream()
            .filter(a -> a.state() == ActionState.DONE && registry.forKind(a.kind()).cleansUpAfterObservation(a.kind()))
            .map(ActionRecord::rowId).toList();
        if (journal.phasePassed(run.id(), phase.number(), PhaseState.OBSERVING, clock.instant(), cleanups)) {
          journal.event(run.id(), clock.instant(), "phase " + phase.number() + " passed its observation window");
          log.accept("phase " + phase.number() + " (" + phase.name() + "): observation passed, no breach in "
              + journal.readings(run.id()).stream().filter(r -> r.phase() == phase.number()).map(GuardReading::checkedAt).distinct().count()
              + " checks");
        }
        return;
      }
      check = next;
    }
  }

  /** The resources the phase's DONE actions changed: only their health signals are read. */
  private Set<String> changed(RunRecord run, PhaseRecord phase) {
    Set<String> ids = new java.util.HashSet<>();
    for (ActionRecord a : journal.actions(run.id(), phase.number())) if (a.state() == ActionState.DONE) ids.add(a.resourceId());
    return ids;
  }

  /**
   * Why a check is blind (the SLO metrics without datapoints, the checks in a row, this one included):
   * the phase is blind from the policy's {@code blindChecks}, too long from {@code blindLimitChecks}.
   */
  private record Blindness(String why, boolean blind, boolean tooLong) {}

  /**
   * Blindness of a check of {@code phase}. The streak counts every guard check of the phase, those
   * made while it waited for a maintenance window with some change already in effect included: the
   * service's SLO data is missing whatever the phase's state. A phase that waits with nothing in
   * effect makes no checks, so its streak neither grows nor restarts meanwhile.
   */
  private Blindness blindness(RunRecord run, PhaseRecord phase, Instant check, List<GuardReading> readings) {
    GuardPolicy policy = run.settings().guard();
    List<String> missing = policy.allowUnguarded() ? List.of() : readings.stream()
        .filter(r -> Guard.isSloRule(r.rule()) && r.value() == null).map(r -> r.metric() + " " + r.stat()).distinct().toList();
    int checks = missing.isEmpty() ? 0 : 1 + blindChecksBefore(run.id(), phase.number(), check);
    boolean blind = policy.blindChecks() > 0 && checks >= policy.blindChecks();
    boolean tooLong = blind && policy.blindLimitChecks() > 0 && checks >= policy.blindLimitChecks();
    String why = "phase " + phase.number() + " is blind at " + check + ": no datapoints for " + String.join(", ", missing) + " of " + SloReader.NAMESPACE
        + " " + Map.of("Blueprint", run.blueprint(), "Environment", run.settings().environment()) + " for " + checks + " checks in a row";
    return new Blindness(why, blind, tooLong);
  }

  private void reportBlind(RunRecord run, PhaseRecord phase, Instant check, Blindness b, String where) {
    int limit = run.settings().guard().blindLimitChecks();
    journal.event(run.id(), check, b.why() + where + "; it does not pass while blind and is rolled back after " + limit + " blind checks");
    log.accept("phase " + phase.number() + ": BLIND " + b.why().substring(b.why().indexOf(": ") + 2) + where + " (rolled back after " + limit + ")");
  }

  /** Checks in a row, before {@code check}, at which some SLO reading of the phase had no datapoint. */
  private int blindChecksBefore(long runId, int phase, Instant check) {
    Map<Instant, Boolean> blindAt = new java.util.TreeMap<>(Comparator.reverseOrder());
    for (GuardReading r : journal.readings(runId)) {
      if (r.phase() != phase || !r.checkedAt().isBefore(check) || !Guard.isSloRule(r.rule())) continue;
      blindAt.merge(r.checkedAt(), r.value() == null, Boolean::logicalOr);
    }
    int n = 0;
    for (boolean b : blindAt.values()) {
      if (!b) break;
      n++;
    }
    return n;
  }

  private void rollBackBlind(RunRecord run, PhaseRecord phase, PhaseState from, Instant check, String why) {
    String outcome = "guard blind in phase " + phase.number() + " (" + phase.name() + "): " + why + "; phase " + phase.number()
        + " rolled back (TAP does not keep a change it cannot watch), later phases not started";
    log.accept("phase " + phase.number() + ": BLIND too long, rolling back");
    if (journal.phaseRollingBack(run.id(), phase.number(), from, "guard blind: no SLO datapoints", null, null, null)) {
      journal.transitionRun(run.id(), RunState.RUNNING, RunState.RUNNING, outcome, clock.instant());
      journal.event(run.id(), clock.instant(), outcome);
    }
  }

  /** The run's p99 baseline, fixed at its first check. */
  private Map<Integer, Double> baseline(RunRecord run, PhaseRecord phase) {
    Map<Integer, Double> baseline = journal.run(run.id()).baselineP99Ms();
    if (baseline == null) {
      journal.setBaselineOnce(run.id(), guard.baseline(run, phase.startedAt()));
      baseline = journal.run(run.id()).baselineP99Ms();
    }
    return baseline;
  }

  private void rollBackOnBreach(RunRecord run, PhaseRecord phase, PhaseState from, Instant check, GuardReading b) {
    String outcome = String.format(java.util.Locale.ROOT,
        "guard breach in phase %d (%s) at %s: %s %s = %.4g %s %.4g (%s, %d checks in a row); phase %d rolled back, later phases not started",
        phase.number(), phase.name(), check, b.metric(), b.stat(), b.value(), b.value() < b.threshold() ? "<" : ">", b.threshold(), b.rule(),
        run.settings().guard().consecutiveBreaches(), phase.number());
    log.accept("phase " + phase.number() + ": BREACH " + b.describe());
    if (journal.phaseRollingBack(run.id(), phase.number(), from, b.rule() + ": " + b.metric() + " " + b.stat(), b.value(), b.threshold(), null)) {
      journal.transitionRun(run.id(), RunState.RUNNING, RunState.RUNNING, outcome, clock.instant());
      journal.event(run.id(), clock.instant(), outcome);
    }
  }

  /** True when {@code r} breaches and so did the same rule at the previous {@code n - 1} checks of its phase. */
  private boolean trips(GuardReading r, int n) {
    if (!r.breached()) return false;
    if (n == 1) return true;
    List<GuardReading> earlier = journal.readings(r.runId()).stream()
        .filter(x -> x.phase() == r.phase() && x.rule().equals(r.rule()) && x.checkedAt().isBefore(r.checkedAt()))
        .toList();
    if (earlier.size() < n - 1) return false;
    return earlier.subList(earlier.size() - (n - 1), earlier.size()).stream().allMatch(GuardReading::breached);
  }

  private void finish(RunRecord run, RunState state, String outcome) {
    if (journal.transitionRun(run.id(), RunState.RUNNING, state, outcome, clock.instant())) {
      journal.event(run.id(), clock.instant(), "run " + state.name().toLowerCase(java.util.Locale.ROOT) + ": " + outcome);
      log.accept("run " + run.id() + " " + state + ": " + outcome);
    }
  }

  private ActionContext context(RunRecord run) {
    return new ActionContext(clock.instant(), run.settings().applyImmediately(), journal, false);
  }

  /** For dry runs: one line per action of what apply would do. */
  public static List<String> describe(Plan plan, RunSettings settings) {
    List<String> lines = new java.util.ArrayList<>();
    for (var phase : plan.phases()) {
      lines.add(String.format(java.util.Locale.ROOT, "phase %d: %s (%d actions, then observe %s)", phase.number(), phase.name(),
          phase.actions().size(), human(settings.observationFor(phase))));
      for (Action a : phase.actions()) {
        lines.add(String.format(java.util.Locale.ROOT, "  %-10s %-28s %-36s %s -> %s  (saves %.2f/month)", a.id(), a.kind(),
            a.resourceId() + " [" + a.region() + "]", a.before(), a.after(), a.monthlySavings()));
      }
    }
    return lines;
  }

  static String human(java.time.Duration d) {
    if (d.toMinutes() % (60 * 24) == 0 && d.toDays() > 0) return d.toDays() * 24 + " h";
    if (d.toMinutes() % 60 == 0) return d.toHours() + " h";
    return d.toMinutes() + " min";
  }
}
