package dev.tap.optimizer.exec;

/**
 * The clean-up after a passed observation window (for example deleting the old instance a
 * blue/green switch kept): PENDING when the window passed, INTENT committed before the call,
 * DONE after it, FAILED when the call failed (the message says what to delete by hand). Absent
 * (null) for actions that need none.
 */
public enum CleanupState {
  PENDING,
  INTENT,
  DONE,
  FAILED
}
