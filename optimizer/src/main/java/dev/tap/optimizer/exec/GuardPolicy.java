package dev.tap.optimizer.exec;

import java.time.Duration;

/**
 * The thresholds the guard enforces during observation. Defaults are SPEC O7 (error rate above
 * 0.5 %, p99 latency more than 20 % above the lookback baseline) and the O3 scale-up triggers
 * (error rate above 1 %, p95 latency above 15 ms, queue depth above 1,000), checked every 15 min.
 */
public record GuardPolicy(
    double maxErrorRatePct,
    double maxP99RisePct,
    double scaleUpErrorRatePct,
    double maxP95Ms,
    double maxQueueDepth,
    Duration checkInterval) {

  public static final GuardPolicy DEFAULT = new GuardPolicy(0.5, 20, 1.0, 15, 1_000, Duration.ofMinutes(15));

  public GuardPolicy {
    if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
      throw new IllegalArgumentException("guard check interval must be positive: " + checkInterval);
    }
    if (checkInterval.toSeconds() % 60 != 0) {
      throw new IllegalArgumentException("guard check interval must be whole minutes (CloudWatch periods are): " + checkInterval);
    }
  }

  public GuardPolicy withCheckInterval(Duration interval) {
    return new GuardPolicy(maxErrorRatePct, maxP99RisePct, scaleUpErrorRatePct, maxP95Ms, maxQueueDepth, interval);
  }
}
