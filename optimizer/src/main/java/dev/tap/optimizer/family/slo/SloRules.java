package dev.tap.optimizer.family.slo;

import dev.tap.optimizer.family.loadbalancer.LoadBalancerMetrics;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.rules.Observed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the service's SLO (SPEC O3: latency p95, error rate, queue depth) from the resource that
 * reports it — a load balancer (TargetResponseTime, 5XX / RequestCount) or the application's own
 * metrics (Latency, ErrorRate, QueueDepth) — and compares it with the policy's thresholds.
 */
public final class SloRules {
  private SloRules() {}

  public static final String APP_LATENCY = SloMetrics.LATENCY;
  public static final String APP_ERROR_RATE = SloMetrics.ERROR_RATE;
  public static final String APP_QUEUE_DEPTH = SloMetrics.QUEUE_DEPTH;
  public static final String LB_RESPONSE_TIME = LoadBalancerMetrics.RESPONSE_TIME;
  public static final String LB_5XX = LoadBalancerMetrics.TARGET_5XX;
  public static final String LB_REQUESTS = LoadBalancerMetrics.REQUESTS;

  public static SloStatus assess(List<ResourceMetrics> all, Policy policy) {
    for (ResourceMetrics m : all) {
      Optional<SloStatus> s = fromApplication(m, policy).or(() -> fromLoadBalancer(m, policy));
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

  static Optional<SloStatus> fromLoadBalancer(ResourceMetrics m, Policy policy) {
    if (m.resource().family() != Family.ALB && m.resource().family() != Family.NLB) return Optional.empty();
    Observed o = new Observed(m);
    Optional<WindowValue> p95 = o.window(LB_RESPONSE_TIME, "p95");
    if (p95.isEmpty()) return Optional.empty();
    List<Evidence> checks = new ArrayList<>();
    checks.add(o.evidence(p95.get(), 1000, ">", policy.slo().latencyP95Ms(), " ms"));
    Optional<WindowValue> errors = o.window(LB_5XX, "Sum");
    Optional<WindowValue> requests = o.window(LB_REQUESTS, "Sum");
    if (errors.isPresent() && requests.isPresent() && requests.get().value() > 0) {
      checks.add(o.derived(LB_5XX + " / " + LB_REQUESTS, "Sum over the window", 100 * errors.get().value() / requests.get().value(),
          ">", policy.slo().errorRatePct(), " %"));
    }
    double[] errorRate = null;
    double[] e = o.hourly(LB_5XX, "Sum");
    double[] r = o.hourly(LB_REQUESTS, "Sum");
    if (e != null && r != null) {
      errorRate = new double[Math.min(e.length, r.length)];
      for (int i = 0; i < errorRate.length; i++) errorRate[i] = r[i] > 0 ? 100 * e[i] / r[i] : Double.NaN;
    }
    return Optional.of(new SloStatus(m.resource().id(), times(m, LB_RESPONSE_TIME + ":p95"), ms(o.hourly(LB_RESPONSE_TIME, "p95")), ms(o.hourly(LB_RESPONSE_TIME, "p99")), errorRate, checks));
  }

  private static long[] times(ResourceMetrics m, String key) {
    var s = m.hourly().get(key);
    return s == null ? null : s.times();
  }

  private static double[] ms(double[] seconds) {
    if (seconds == null) return null;
    double[] out = new double[seconds.length];
    for (int i = 0; i < out.length; i++) out[i] = seconds[i] * 1000;
    return out;
  }
}
