package dev.tap.optimizer.exec;

import dev.tap.optimizer.exec.CrashHook.Step;
import dev.tap.optimizer.model.Resource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Undoes one phase: its changed actions in reverse order, each converged back to the state
 * recorded before its call. UNDO_INTENT is committed before each inverse call and UNDONE after,
 * so a crash part-way is finished by the next {@code tap resume} without undoing anything twice.
 */
final class Rollback {

  private final Journal journal;
  private final ActionRegistry registry;
  private final Clock clock;
  private final CrashHook hook;
  private final Consumer<String> log;

  Rollback(Journal journal, ActionRegistry registry, Clock clock, CrashHook hook, Consumer<String> log) {
    this.journal = journal;
    this.registry = registry;
    this.clock = clock;
    this.hook = hook;
    this.log = log;
  }

  /** Returns null when every changed action of the phase is undone, or the first error that stopped it. */
  String undoPhase(RunRecord run, PhaseRecord phase) {
    List<ActionRecord> actions = new ArrayList<>(journal.actions(run.id(), phase.number()));
    java.util.Collections.reverse(actions);
    for (ActionRecord a : actions) {
      try {
        undo(run, a);
      } catch (RuntimeException e) {
        String msg = "rollback of " + a.actionId() + " (" + a.kind() + " on " + a.resourceId() + ") failed: " + Executor.failure(e);
        journal.actionNote(a.rowId(), msg);
        journal.event(run.id(), clock.instant(), msg);
        log.accept("  " + msg);
        return msg;
      }
    }
    return null;
  }

  private void undo(RunRecord run, ActionRecord a) {
    switch (a.state()) {
      case PENDING, SKIPPED, UNDONE, UNDO_SKIPPED -> { }
      case INTENT -> {
        // A crash between intent and result: whatever the call did is reverted like a completed one.
        Resource now = read(a);
        if (atBefore(now, a)) {
          journal.actionUndone(a.rowId(), ActionState.INTENT, "the call had not taken effect; nothing to undo", clock.instant());
        } else {
          journal.actionUndoIntent(a.rowId(), ActionState.INTENT, clock.instant());
          inverse(run, journal.action(a.rowId()), now);
        }
      }
      case DONE, FAILED -> {
        if (a.intentAt() == null) {
          journal.actionUndone(a.rowId(), a.state(), "never called; nothing to undo", clock.instant());
          return;
        }
        Resource now = read(a);
        if (atBefore(now, a)) {
          journal.actionUndone(a.rowId(), a.state(), "already back at its before-state", clock.instant());
          return;
        }
        // A change still pending for the maintenance window is TAP's own: the inverse cancels it.
        if (a.state() == ActionState.DONE && !PendingChanges.requested(now, a.after())) {
          String reason = "changed by someone else after TAP applied it (now " + differences(now, a.after())
              + "); left as found, not overwritten";
          journal.actionUndoSkipped(a.rowId(), ActionState.DONE, reason, clock.instant());
          log.accept("  skipped undo of " + a.actionId() + ": " + reason);
          return;
        }
        journal.actionUndoIntent(a.rowId(), a.state(), clock.instant());
        inverse(run, journal.action(a.rowId()), now);
      }
      case UNDO_INTENT -> {
        Resource now = read(a);
        if (atBefore(now, a)) {
          journal.actionUndone(a.rowId(), ActionState.UNDO_INTENT, "confirmed on resume", clock.instant());
        } else {
          inverse(run, a, now);
        }
      }
    }
  }

  private void inverse(RunRecord run, ActionRecord a, Resource now) {
    hook.at(Step.BEFORE_UNDO_CALL, a.actionId());
    FamilyActions family = registry.forKind(a.kind());
    String note = family.converge(a.kind(), now, a.restoreTarget(),
        new ActionContext(clock.instant(), run.settings().applyImmediately(), journal, true));
    hook.at(Step.AFTER_UNDO_CALL, a.actionId());
    journal.actionUndone(a.rowId(), ActionState.UNDO_INTENT, note, clock.instant());
    log.accept("  undone " + a.actionId() + ": " + a.kind() + " " + a.resourceId() + " back to " + a.plannedBefore()
        + (note == null ? "" : " (" + note + ")"));
  }

  private Resource read(ActionRecord a) {
    return registry.forKind(a.kind()).read(a.resourceId(), a.region());
  }

  /** At the before-state, with no change of the action's keys still pending (a maintenance-window change would still come). */
  static boolean atBefore(Resource r, ActionRecord a) {
    return matches(r, a.plannedBefore()) && PendingChanges.touching(r, a.after().keySet()).isEmpty();
  }

  static boolean matches(Resource r, Map<String, String> expected) {
    for (var e : expected.entrySet()) {
      if (!e.getValue().equals(r.config().get(e.getKey()))) return false;
    }
    return true;
  }

  /** For example {@code instanceClass=db.r6g.4xlarge (expected db.r6g.8xlarge)}. */
  static String differences(Resource r, Map<String, String> expected) {
    List<String> out = new ArrayList<>();
    for (var e : expected.entrySet()) {
      String actual = r.config().get(e.getKey());
      if (!e.getValue().equals(actual)) out.add(e.getKey() + "=" + actual + " (expected " + e.getValue() + ")");
    }
    return String.join(", ", out);
  }
}
