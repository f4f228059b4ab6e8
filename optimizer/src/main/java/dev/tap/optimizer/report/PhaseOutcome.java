package dev.tap.optimizer.report;

import java.time.Instant;
import java.util.List;

/**
 * A phase as the journal recorded it: when it started, when its changes were in place, until when
 * it was (or is) observed, what stopped it, and what the guard read rule by rule. Times are null
 * where the phase has not got there.
 */
public record PhaseOutcome(
    int number, String state, Instant startedAt, Instant appliedAt, Instant observeUntil, Instant finishedAt, String stopReason,
    List<GuardEvidence> guard) {

  public PhaseOutcome {
    stopReason = stopReason == null ? "" : stopReason;
    guard = List.copyOf(guard == null ? List.of() : guard);
  }

  /** A phase whose guard readings were not read. */
  public PhaseOutcome(int number, String state, Instant startedAt, Instant appliedAt, Instant observeUntil, Instant finishedAt, String stopReason) {
    this(number, state, startedAt, appliedAt, observeUntil, finishedAt, stopReason, List.of());
  }
}
