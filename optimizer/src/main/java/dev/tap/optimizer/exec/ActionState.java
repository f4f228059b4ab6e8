package dev.tap.optimizer.exec;

/**
 * An action's life in the journal. INTENT is written (with the re-read before-state) before the
 * cloud call and DONE after it; UNDO_INTENT before the inverse call and UNDONE after it. Every
 * transition is a conditional update from the expected state, so repeating one changes nothing.
 */
public enum ActionState {
  PENDING,
  /** Re-read showed drift or an exclusion tag, or a pre-check refused: never called. */
  SKIPPED,
  INTENT,
  DONE,
  /** The call failed permanently; the message says why. */
  FAILED,
  UNDO_INTENT,
  UNDONE,
  /** Someone changed the resource after TAP did: rollback left it as found and says so. */
  UNDO_SKIPPED
}
