package dev.tap.optimizer.family.sagemaker;

/**
 * M3 tolerances and schedule. Shadow: accuracy may drop at most {@code maxAccuracyDropPp}
 * percentage points and p95 latency rise at most {@code maxP95Increase} (defaults 0.1 pp, 5 %).
 * Traffic shifting: a canary share, then linear steps, each baked for {@code bakeMinutes} with
 * auto-rollback when the candidate's p95 exceeds the baseline by the same tolerance or its 5xx
 * rate exceeds {@code maxErrorRate} (SPEC O7: 0.5 %). A/B: a one-sided non-inferiority test on
 * accuracy at {@code alpha} with {@code power} against the margin {@code maxAccuracyDropPp}, on the
 * {@code labelledFraction} of requests whose outcome becomes known.
 */
public record RolloutGates(
    double maxAccuracyDropPp, double maxP95Increase, int shadowRequests, int canaryPercent, int[] linearPercents,
    int bakeMinutes, double maxErrorRate, double alpha, double power, double labelledFraction) {

  public static RolloutGates defaults() {
    return new RolloutGates(0.1, 0.05, 200_000, 10, new int[] {25, 50}, 30, 0.005, 0.05, 0.9, 0.05);
  }
}
