package dev.tap.optimizer.report;

import java.time.Instant;

/**
 * A phase as the journal recorded it: when it started, when its changes were in place, until when
 * it was (or is) observed, and what stopped it. Times are null where the phase has not got there.
 */
public record PhaseOutcome(
    int number, String state, Instant startedAt, Instant appliedAt, Instant observeUntil, Instant finishedAt, String stopReason) {

  public PhaseOutcome {
    stopReason = stopReason == null ? "" : stopReason;
  }
}
