package dev.tap.optimizer.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The metrics window of a run: the last {@code days} days ending at the start of the clock's
 * current hour, so that hourly bins and the one window-spanning period line up with CloudWatch's
 * hour boundaries.
 */
public record LookbackWindow(Instant start, Instant end) {

  public LookbackWindow {
    if (!end.isAfter(start)) throw new IllegalArgumentException("empty window " + start + " .. " + end);
  }

  public static LookbackWindow of(Clock clock, int days) {
    if (days < 1) throw new IllegalArgumentException("lookback must be at least one day: " + days);
    Instant end = clock.instant().truncatedTo(ChronoUnit.HOURS);
    return new LookbackWindow(end.minus(Duration.ofDays(days)), end);
  }

  public int days() {
    return (int) Duration.between(start, end).toDays();
  }
}
