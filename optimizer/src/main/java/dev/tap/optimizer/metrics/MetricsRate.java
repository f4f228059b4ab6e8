package dev.tap.optimizer.metrics;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How fast the engine may call GetMetricData: the TPS budget of each account-region (policy key
 * {@code metrics.getMetricDataTps}) and how many calls of one region may be in flight at once.
 * At the default 50 TPS, 50 calls in flight keep the budget busy while each takes up to a second.
 */
public record MetricsRate(double tps, int concurrency, Ticker ticker, DoubleSupplier jitter) {

  public static final MetricsRate DEFAULT = of(RateBudget.DEFAULT_TPS);

  public MetricsRate {
    if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
  }

  /** The budget {@code tps} with one call in flight per TPS (at most 64), wall time, random jitter. */
  public static MetricsRate of(double tps) {
    return new MetricsRate(tps, (int) Math.min(64, Math.max(1, Math.ceil(tps))), Ticker.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
  }

  public MetricsRate withConcurrency(int n) {
    return new MetricsRate(tps, n, ticker, jitter);
  }

  public MetricsRate withTicker(Ticker t, DoubleSupplier j) {
    return new MetricsRate(tps, concurrency, t, j);
  }

  RateBudget newBudget() {
    return new RateBudget(tps, ticker, jitter);
  }
}
