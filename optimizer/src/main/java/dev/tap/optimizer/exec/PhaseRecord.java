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
    String error) {

  public boolean breached() {
    return breachRule != null;
  }
}
