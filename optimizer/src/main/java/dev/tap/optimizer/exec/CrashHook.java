package dev.tap.optimizer.exec;

/**
 * Called at every step boundary where a process could die. Production uses {@link #NONE}; fault
 * tests throw an {@link Error} here to simulate a kill and then resume from the journal alone.
 */
@FunctionalInterface
public interface CrashHook {
  enum Step {
    BEFORE_CALL, AFTER_CALL, DURING_OBSERVATION, BEFORE_UNDO_CALL, AFTER_UNDO_CALL,
    /** After the clean-up's INTENT is committed, before its call (a passed window's clean-up). */
    BEFORE_CLEANUP_CALL,
    /** After the clean-up call, before its result is committed. */
    AFTER_CLEANUP_CALL
  }

  CrashHook NONE = (step, actionId) -> {};

  /** {@code actionId} is the plan's action id, or null for {@link Step#DURING_OBSERVATION}. */
  void at(Step step, String actionId);
}
