package dev.tap.optimizer.sim;

import dev.tap.optimizer.metrics.Ticker;

/**
 * A service's request-rate quota as AWS enforces it per account and region: a token bucket holding
 * one second's worth of requests ({@code tps}), refilled at {@code tps} a second of wall time. A
 * request that finds the bucket empty is refused, and a refused request takes no token.
 */
final class TpsQuota {
  private final double tps;
  private final Ticker ticker;
  private double tokens;
  private long refilledAt;

  TpsQuota(double tps, Ticker ticker) {
    if (!(tps > 0)) throw new IllegalArgumentException("TPS quota must be positive: " + tps);
    this.tps = tps;
    this.ticker = ticker;
    this.tokens = tps;
    this.refilledAt = ticker.nanos();
  }

  double tps() {
    return tps;
  }

  /** Whether a request arriving now is within the quota (it then takes a token). */
  synchronized boolean tryAcquire() {
    long now = ticker.nanos();
    if (now > refilledAt) {
      tokens = Math.min(tps, tokens + (now - refilledAt) * tps / 1e9);
      refilledAt = now;
    }
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }
}
