package dev.tap.optimizer.family.loadbalancer;

import static dev.tap.optimizer.metrics.MetricSpec.of;

import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.model.ConfigKeys;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch metrics of a load balancer (dimension {@code LoadBalancer} = the full name
 * {@code app/name/id} or {@code net/name/id}). An ALB gives the SLO view of its targets: response
 * time percentiles (seconds), target 5xx and requests. An NLB has no response time; its flows and
 * target resets are read instead.
 */
public final class LoadBalancerMetrics {
  private LoadBalancerMetrics() {}

  public static final String ALB_NAMESPACE = "AWS/ApplicationELB";
  public static final String NLB_NAMESPACE = "AWS/NetworkELB";
  public static final String RESPONSE_TIME = "TargetResponseTime"; // seconds
  public static final String TARGET_5XX = "HTTPCode_Target_5XX_Count";
  public static final String REQUESTS = "RequestCount";
  public static final String ACTIVE_FLOWS = "ActiveFlowCount";
  public static final String NEW_FLOWS = "NewFlowCount";
  public static final String TARGET_RESETS = "TCP_Target_Reset_Count";

  public static List<MetricSpec> specs(Resource r) {
    Map<String, String> lb = Map.of("LoadBalancer", r.config().getOrDefault(ConfigKeys.LB_FULL_NAME, r.id()));
    if (r.family().equals(LoadBalancerFamily.NLB)) {
      return List.of(
          of(ACTIVE_FLOWS, NLB_NAMESPACE, "ActiveFlowCount", lb, List.of("p95", "Average", "Maximum"), List.of("Average")),
          of(NEW_FLOWS, NLB_NAMESPACE, "NewFlowCount", lb, List.of("Sum"), List.of("Sum")),
          of(TARGET_RESETS, NLB_NAMESPACE, "TCP_Target_Reset_Count", lb, List.of("Sum"), List.of("Sum")));
    }
    return List.of(
        of(RESPONSE_TIME, ALB_NAMESPACE, "TargetResponseTime", lb, List.of("p50", "p95", "p99", "Average"), List.of("p95", "p99")),
        of(TARGET_5XX, ALB_NAMESPACE, "HTTPCode_Target_5XX_Count", lb, List.of("Sum"), List.of("Sum")),
        of(REQUESTS, ALB_NAMESPACE, "RequestCount", lb, List.of("Sum"), List.of("Sum")));
  }
}
