package dev.tap.optimizer.family.sagemaker;

/**
 * Thresholds for endpoint sizing. {@code sloP95Ms}: the latency objective; {@code latencyTolerance}:
 * the largest p95 rise over today's accepted (the shadow gate's default, 5 %); {@code headroom}:
 * spare capacity above the observed peak at maximum scale; {@code targetFraction}: share of the
 * measured per-instance throughput that target tracking aims at; {@code minInstances}: at least
 * two, so one instance can fail or be replaced without an outage; scale-out and scale-in delays in
 * minutes (CloudWatch alarm periods plus instance start-up, and the scale-in cooldown);
 * {@code overCapacityBudget}: share of minutes the replay may run above the measured per-instance
 * throughput (a lower bound of what an instance serves within the SLO), 0.1 % = 43 min a month.
 */
public record SizingPolicy(
    double sloP95Ms, double latencyTolerance, double headroom, double targetFraction, int minInstances,
    int scaleOutDelayMinutes, int scaleInDelayMinutes, double overCapacityBudget) {

  public static SizingPolicy defaults() {
    return new SizingPolicy(50, 0.05, 0.25, 0.75, 2, 10, 15, 0.001);
  }
}
