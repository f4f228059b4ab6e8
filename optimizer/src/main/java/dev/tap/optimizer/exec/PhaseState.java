package dev.tap.optimizer.exec;

/**
 * A phase's life: PENDING, APPLYING (actions one by one), AWAITING_WINDOW when a change waits for
 * its resource's maintenance window (observation starts when it takes effect), OBSERVING (guard
 * checks until the deadline), then PASSED; or ROLLING_BACK (breach, error or request) then ROLLED_BACK. NOT_STARTED marks phases
 * after one that stopped the run.
 */
public enum PhaseState {
  PENDING,
  APPLYING,
  AWAITING_WINDOW,
  OBSERVING,
  PASSED,
  ROLLING_BACK,
  ROLLED_BACK,
  NOT_STARTED
}
