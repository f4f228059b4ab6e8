package dev.tap.optimizer.exec;

import java.time.Duration;
import java.time.Instant;

/**
 * The watch after a phase: from {@code start} to {@code deadline}, with a guard check every
 * {@code interval}; the last check falls on the deadline itself. Only the deadline and the next
 * check time are stored (in the journal), so the window survives restarts.
 */
public record ObservationWindow(Instant start, Instant deadline, Duration interval) {

  public static ObservationWindow opening(Instant start, Duration length, Duration interval) {
    return new ObservationWindow(start, start.plus(length), interval);
  }

  public Instant firstCheck() {
    return next(start);
  }

  /** The check after the one at {@code checked}: one interval later, never past the deadline. */
  public Instant next(Instant checked) {
    Instant n = checked.plus(interval);
    return n.isAfter(deadline) ? deadline : n;
  }

  public boolean isLast(Instant checked) {
    return !checked.isBefore(deadline);
  }
}
