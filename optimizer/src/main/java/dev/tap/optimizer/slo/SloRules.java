package dev.tap.optimizer.slo;

import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.rules.Observed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the service's SLO (SPEC O3: latency p95, error rate, queue depth) from the resource that
 * reports it — the application's own metrics (Latency, ErrorRate, QueueDepth),
 * else what a resource's family reads as the service's SLO (a load balancer's TargetResponseTime) — and compares it with the policy's thresholds.
 */
public final class SloRules {
  private SloRules() {}

  public static final String APP_LATENCY = SloMetrics.LATENCY;
  public static final String APP_ERROR_RATE = SloMetrics.ERROR_RATE;
  public static final String APP_QUEUE_DEPTH = SloMetrics.QUEUE_DEPTH;

  /**
   * The SLO from the first resource that reports it: the application's own metrics, else what the
   * resource's family reads as the service's SLO ({@code fromFamily}: a load balancer's response time).
   */
  public static SloStatus assess(List<ResourceMetrics> all, Policy policy, Function<ResourceMetrics, Optional<SloStatus>> fromFamily) {
    for (ResourceMetrics m : all) {
      Optional<SloStatus> s = fromApplication(m, policy).or(() -> fromFamily.apply(m));
      if (s.isPresent()) return s.get();
    }
    return SloStatus.none();
  }

  static Optional<SloStatus> fromApplication(ResourceMetrics m, Policy policy) {
    Observed o = new Observed(m);
    Optional<WindowValue> p95 = o.window(APP_LATENCY, "p95");
    if (p95.isEmpty()) return Optional.empty();
    List<Evidence> checks = new ArrayList<>();
    checks.add(o.evidence(p95.get(), 1, ">", policy.slo().latencyP95Ms(), " ms"));
    o.window(APP_ERROR_RATE, "Average").ifPresent(v -> checks.add(o.evidence(v, 1, ">", policy.slo().errorRatePct(), " %")));
    // p99 of all datapoints: a queue above the limit for more than 1 % of the minutes, not one spike in 90 days
    o.window(APP_QUEUE_DEPTH, "p99", "Maximum").ifPresent(v -> checks.add(o.evidence(v, 1, ">", policy.slo().queueDepth(), "")));
    return Optional.of(new SloStatus(m.resource().id(), times(m, APP_LATENCY + ":p95"), o.hourly(APP_LATENCY, "p95"), o.hourly(APP_LATENCY, "p99"),
        o.hourly(APP_ERROR_RATE, "Average"), checks));
  }

  private static long[] times(ResourceMetrics m, String key) {
    var s = m.hourly().get(key);
    return s == null ? null : s.times();
  }

}
