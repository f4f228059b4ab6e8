package dev.tap.optimizer.exec;

import dev.tap.optimizer.model.ActionKind;
import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code actions}. {@code plannedBefore}/{@code after} come from the plan;
 * {@code observedBefore} is the whole configuration re-read just before the call (what rollback
 * restores, including details the plan does not carry such as a GSI's definition).
 */
public record ActionRecord(
    long rowId,
    long runId,
    int phase,
    int seq,
    String actionId,
    ActionKind kind,
    String resourceId,
    String region,
    Map<String, String> plannedBefore,
    Map<String, String> after,
    Map<String, String> observedBefore,
    Map<String, String> observedAfter,
    ActionState state,
    Instant intentAt,
    Instant doneAt,
    Instant undoneAt,
    String message,
    /** When a change that waited for the maintenance window took effect; null when it took effect at once. */
    Instant effectiveAt,
    /** The clean-up after the observation window, or null when the action needs none. */
    CleanupState cleanup,
    Instant cleanupAt,
    String cleanupMessage) {

  /** What rollback restores: the planned keys, with anything else re-read before the call. */
  public Map<String, String> restoreTarget() {
    var target = new java.util.TreeMap<String, String>();
    if (observedBefore != null) target.putAll(observedBefore);
    target.putAll(plannedBefore);
    return target;
  }
}
