package dev.tap.optimizer.metrics;

import java.util.function.DoubleSupplier;

/**
 * The GetMetricData rate of one account-region: a token bucket (at most one second's worth of
 * calls in a burst, then {@link #tps()} calls a second) whose rate adapts to throttling by AIMD.
 *
 * <ul>
 *   <li>Every call, retries included, takes a token first ({@link #reserve}); when none is left the
 *       caller waits for its turn, so concurrent callers are spaced at the current rate.
 *   <li>A throttled call halves the rate (multiplicative decrease, floor {@link #MIN_TPS}) and empties
 *       the burst, once per round: throttles of calls that started before the last decrease were
 *       sent at the old rate and do not halve it again.
 *   <li>Each call that succeeds adds {@link #INCREASE_PER_SECOND} / rate, i.e. about that many TPS per
 *       second of successful calls (additive increase), up to the configured budget.
 *   <li>The throttled call itself is retried after a full-jitter exponential back-off
 *       ({@link #backoffNanos}), then waits for a token like any call.
 * </ul>
 *
 * Thread-safe; time comes from a {@link Ticker} so the arithmetic is tested without waiting.
 */
public final class RateBudget {

  /** CloudWatch's GetMetricData quota per account and region (Service Quotas, adjustable). */
  public static final double DEFAULT_TPS = 50;
  static final double MIN_TPS = 1;
  static final double INCREASE_PER_SECOND = 2.5;
  static final long BACKOFF_BASE_NANOS = 100_000_000L;
  static final long BACKOFF_CAP_NANOS = 20_000_000_000L;
  /** Attempts of one call before the run gives up (about a minute of back-off at the cap). */
  public static final int MAX_ATTEMPTS = 12;

  private final double maxTps;
  private final Ticker ticker;
  private final DoubleSupplier jitter;
  private double tps;
  private double tokens;
  private long refilledAt;
  private long lastDecreaseAt;
  private boolean decreased;
  private long throttles;

  /**
   * @param maxTps the budget: the rate never exceeds it
   * @param jitter uniform in [0, 1) for the back-off
   */
  public RateBudget(double maxTps, Ticker ticker, DoubleSupplier jitter) {
    if (!(maxTps >= MIN_TPS)) throw new IllegalArgumentException("GetMetricData TPS budget must be at least " + MIN_TPS + ": " + maxTps);
    this.maxTps = maxTps;
    this.ticker = ticker;
    this.jitter = jitter;
    this.tps = maxTps;
    this.tokens = maxTps;
    this.refilledAt = ticker.nanos();
  }

  public synchronized double tps() {
    return tps;
  }

  public double maxTps() {
    return maxTps;
  }

  public synchronized long throttles() {
    return throttles;
  }

  Ticker ticker() {
    return ticker;
  }

  /**
   * Takes a token at {@code now}: the nanoseconds the caller must wait before its call starts (0 when
   * one was there). The bucket may go negative: later callers queue behind earlier ones.
   */
  public synchronized long reserve(long now) {
    refill(now);
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tps * 1e9);
  }

  /** Waits for a token; returns the instant (ticker nanos) the call may start, its ticket for {@link #onThrottle}. */
  public long acquire() throws InterruptedException {
    long now = ticker.nanos();
    long wait = reserve(now);
    if (wait > 0) ticker.sleep(wait);
    return now + wait;
  }

  /** A call succeeded: additive increase. */
  public synchronized void onSuccess() {
    tps = Math.min(maxTps, tps + INCREASE_PER_SECOND / tps);
  }

  /**
   * A call that started at {@code ticket} was throttled on its {@code attempt}-th try (1 = first):
   * halves the rate unless it already fell since the call started, and returns the back-off before
   * the retry takes its token.
   */
  public synchronized long onThrottle(long ticket, int attempt) {
    throttles++;
    long now = ticker.nanos();
    refill(now);
    if (!decreased || ticket >= lastDecreaseAt) {
      tps = Math.max(MIN_TPS, tps / 2);
      tokens = Math.min(tokens, 0);
      lastDecreaseAt = now;
      decreased = true;
    }
    return backoffNanos(attempt, jitter.getAsDouble());
  }

  /** Full jitter: uniform in [0, min(cap, base x 2^(attempt-1))). */
  static long backoffNanos(int attempt, double u) {
    long ceiling = BACKOFF_CAP_NANOS;
    if (attempt < 40) ceiling = Math.min(BACKOFF_CAP_NANOS, BACKOFF_BASE_NANOS << Math.max(0, attempt - 1));
    return (long) (u * ceiling);
  }

  private void refill(long now) {
    if (now > refilledAt) {
      tokens = Math.min(tps, tokens + (now - refilledAt) * tps / 1e9);
      refilledAt = now;
    }
  }
}
