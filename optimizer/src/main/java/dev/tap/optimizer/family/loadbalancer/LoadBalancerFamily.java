package dev.tap.optimizer.family.loadbalancer;

import static dev.tap.optimizer.family.loadbalancer.LoadBalancerMetrics.REQUESTS;
import static dev.tap.optimizer.family.loadbalancer.LoadBalancerMetrics.RESPONSE_TIME;
import static dev.tap.optimizer.family.loadbalancer.LoadBalancerMetrics.TARGET_5XX;

import dev.tap.optimizer.family.FamilyBase;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.rules.Observed;
import dev.tap.optimizer.slo.SloStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Application and network load balancers. TAP changes none; an ALB reports the service's SLO
 * (target response time, 5xx) when the application publishes none of its own.
 */
public final class LoadBalancerFamily extends FamilyBase {
  public static final Family ALB = new Family("ALB", "ALB", "AWS/ApplicationELB");
  public static final Family NLB = new Family("NLB", "NLB", "AWS/NetworkELB");

  public LoadBalancerFamily() {
    super(List.of(ALB, NLB), List.of(), LoadBalancerMetrics::specs, null, null, List.of());
  }

  @Override
  public Optional<SloStatus> serviceSlo(ResourceMetrics m, Policy policy) {
    Observed o = new Observed(m);
    Optional<WindowValue> p95 = o.window(RESPONSE_TIME, "p95");
    if (p95.isEmpty()) return Optional.empty();
    List<Evidence> checks = new ArrayList<>();
    checks.add(o.evidence(p95.get(), 1000, ">", policy.slo().latencyP95Ms(), " ms"));
    Optional<WindowValue> errors = o.window(TARGET_5XX, "Sum");
    Optional<WindowValue> requests = o.window(REQUESTS, "Sum");
    if (errors.isPresent() && requests.isPresent() && requests.get().value() > 0) {
      checks.add(o.derived(TARGET_5XX + " / " + REQUESTS, "Sum over the window", 100 * errors.get().value() / requests.get().value(),
          ">", policy.slo().errorRatePct(), " %"));
    }
    double[] errorRate = null;
    double[] e = o.hourly(TARGET_5XX, "Sum");
    double[] r = o.hourly(REQUESTS, "Sum");
    if (e != null && r != null) {
      errorRate = new double[Math.min(e.length, r.length)];
      for (int i = 0; i < errorRate.length; i++) errorRate[i] = r[i] > 0 ? 100 * e[i] / r[i] : Double.NaN;
    }
    var times = m.hourly().get(RESPONSE_TIME + ":p95");
    return Optional.of(new SloStatus(m.resource().id(), times == null ? null : times.times(), ms(o.hourly(RESPONSE_TIME, "p95")),
        ms(o.hourly(RESPONSE_TIME, "p99")), errorRate, checks));
  }

  private static double[] ms(double[] seconds) {
    if (seconds == null) return null;
    double[] out = new double[seconds.length];
    for (int i = 0; i < out.length; i++) out[i] = seconds[i] * 1000;
    return out;
  }
}
