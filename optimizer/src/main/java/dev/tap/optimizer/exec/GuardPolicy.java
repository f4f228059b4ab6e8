package dev.tap.optimizer.exec;

import java.time.Duration;

/**
 * The thresholds the guard enforces during observation. Defaults are SPEC O7 (error rate above
 * 0.5 %, p99 latency more than 20 % above the lookback baseline) and the O3 scale-up triggers
 * (error rate above 1 %, p95 latency above 15 ms, queue depth above 1,000), checked every 15 min.
 * A rule trips when it breaches at {@code consecutiveBreaches} checks in a row (like a CloudWatch
 * alarm's datapoints to alarm): one noisy 15-minute p99 does not undo a phase, a sustained rise does.
 * The O3 triggers are the trading platform's SLO (SPEC O3, T8): {@code scaleUpTriggers} is on for
 * trading only; staging's normal latency is far above 15 ms and would trip them at once.
 */
public record GuardPolicy(
    double maxErrorRatePct,
    double maxP99RisePct,
    double scaleUpErrorRatePct,
    double maxP95Ms,
    double maxQueueDepth,
    Duration checkInterval,
    int consecutiveBreaches,
    boolean scaleUpTriggers) {

  public static final GuardPolicy DEFAULT = new GuardPolicy(0.5, 20, 1.0, 15, 1_000, Duration.ofMinutes(15), 3, true);

  /** O7 for every blueprint; the O3 scale-up triggers for {@code trading} only. */
  public static GuardPolicy forBlueprint(String blueprint) {
    return DEFAULT.withScaleUpTriggers("trading".equals(blueprint));
  }

  public GuardPolicy withScaleUpTriggers(boolean on) {
    return new GuardPolicy(maxErrorRatePct, maxP99RisePct, scaleUpErrorRatePct, maxP95Ms, maxQueueDepth, checkInterval, consecutiveBreaches, on);
  }

  public GuardPolicy {
    if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
      throw new IllegalArgumentException("guard check interval must be positive: " + checkInterval);
    }
    if (checkInterval.toSeconds() % 60 != 0) {
      throw new IllegalArgumentException("guard check interval must be whole minutes (CloudWatch periods are): " + checkInterval);
    }
    if (consecutiveBreaches < 1) throw new IllegalArgumentException("consecutive breaches to trip must be at least 1: " + consecutiveBreaches);
  }

  public GuardPolicy withCheckInterval(Duration interval) {
    return new GuardPolicy(maxErrorRatePct, maxP99RisePct, scaleUpErrorRatePct, maxP95Ms, maxQueueDepth, interval, consecutiveBreaches, scaleUpTriggers);
  }

  public GuardPolicy withConsecutiveBreaches(int n) {
    return new GuardPolicy(maxErrorRatePct, maxP99RisePct, scaleUpErrorRatePct, maxP95Ms, maxQueueDepth, checkInterval, n, scaleUpTriggers);
  }
}
