package dev.tap.optimizer.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulated account's time: stands still until told to move, so a 48-hour observation window
 * passes in one call. Thread-safe; every reader sees the latest {@link #advance}.
 */
public final class VirtualClock extends Clock {

  /** The simulation's default "now": its 90 days of history end here. */
  public static final Instant DEFAULT_START = Instant.parse("2026-11-16T00:00:00Z");

  private volatile Instant now;
  private final ZoneId zone;

  public VirtualClock() {
    this(DEFAULT_START);
  }

  public VirtualClock(Instant start) {
    this(start, ZoneOffset.UTC);
  }

  private VirtualClock(Instant start, ZoneId zone) {
    this.now = start;
    this.zone = zone;
  }

  /** Moves time forward; metrics for the elapsed interval become readable. */
  public synchronized void advance(Duration d) {
    if (d.isNegative()) throw new IllegalArgumentException("the virtual clock only moves forward: " + d);
    now = now.plus(d);
  }

  /** Moves time forward to {@code t} (no-op target in the past is refused). */
  public synchronized void advanceTo(Instant t) {
    if (t.isBefore(now)) throw new IllegalArgumentException("the virtual clock only moves forward: " + t + " is before " + now);
    now = t;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId z) {
    // a view sharing nothing would drift; the account's clock is always UTC
    if (z.equals(zone)) return this;
    throw new UnsupportedOperationException("the virtual clock is UTC only");
  }

  @Override
  public String toString() {
    return "VirtualClock[" + now + "]";
  }
}
