package dev.tap.optimizer.loadtest;

import java.time.Duration;

/**
 * When each operation of an open-loop run is meant to start: the rate rises linearly from zero to
 * {@code ratePerSecond} over {@code ramp}, then holds until {@code duration} ends. The times are
 * fixed in advance and never wait for answers, so a slow server cannot slow the offered load down
 * (coordinated omission); latency is measured from these intended times.
 */
public record RateSchedule(double ratePerSecond, Duration ramp, Duration duration) {

  public RateSchedule {
    if (!(ratePerSecond > 0)) throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
    if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be positive: " + duration);
    if (ramp.isNegative() || ramp.compareTo(duration) > 0) throw new IllegalArgumentException("ramp must be between 0 and the duration: " + ramp);
  }

  /** How many operations the whole run starts. */
  public long count() {
    return (long) Math.floor(operationsBefore(seconds(duration)) + 1e-9);
  }

  /** Nanoseconds after the run's start at which operation {@code n} (from 0) is meant to start. */
  public long offsetNanos(long n) {
    double r = seconds(ramp);
    double rampOps = ratePerSecond * r / 2;
    double t = n < rampOps
        ? Math.sqrt(2 * r * n / ratePerSecond) // inverse of N(t) = rate t^2 / (2 ramp)
        : r + (n - rampOps) / ratePerSecond;
    return Math.round(t * 1e9);
  }

  /** Operations meant to start before {@code t} seconds. */
  double operationsBefore(double t) {
    double r = seconds(ramp);
    if (t <= r) return r == 0 ? 0 : ratePerSecond * t * t / (2 * r);
    return ratePerSecond * r / 2 + ratePerSecond * (t - r);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
