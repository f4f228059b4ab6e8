package dev.tap.optimizer.exec;

import java.time.Duration;
import java.time.Instant;

/** One row of {@code phases}: its state, the observation deadline and what stopped it, if anything. */
public record PhaseRecord(
    long runId,
    int number,
    String name,
    Duration observation,
    PhaseState state,
    Instant startedAt,
    Instant appliedAt,
    Instant observeUntil,
    Instant nextCheckAt,
    Instant finishedAt,
    String breachRule,
    Double breachValue,
    Double breachThreshold,
    String error,
    /** When the phase's changes took effect (after a maintenance window, later than applied_at): the window starts here. */
    Instant effectiveAt) {

  /** Where the observation window starts: when the changes took effect. */
  public Instant observedFrom() {
    return effectiveAt != null ? effectiveAt : appliedAt;
  }

  public boolean breached() {
    return breachRule != null;
  }
}
