package dev.tap.optimizer.family.asg;

import static dev.tap.optimizer.metrics.MetricSpec.of;

import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch metrics of an EC2 Auto Scaling group: AWS/EC2 aggregated by
 * {@code AutoScalingGroupName}. CPU is the instances' average percent; NetworkIn/NetworkOut are
 * bytes per instance per minute (detailed monitoring), so {@code Average / 60} is bytes per
 * second per instance, compared with the instance type's bandwidth.
 */
public final class AsgMetrics {
  private AsgMetrics() {}

  public static final String NAMESPACE = "AWS/EC2";
  public static final String CPU = "CPUUtilization";
  public static final String NETWORK_IN = "NetworkIn";
  public static final String NETWORK_OUT = "NetworkOut";
  /** Memory in use (%) from the CloudWatch agent aggregated by group, when it publishes it (issue 13). */
  public static final String MEMORY = "MemoryUsedPercent";

  public static List<MetricSpec> specs(Resource r) {
    Map<String, String> asg = Map.of("AutoScalingGroupName", r.id());
    return List.of(
        of(CPU, NAMESPACE, "CPUUtilization", asg, List.of("p95", "p99", "Average", "Maximum"), List.of("Average", "Maximum", "p95")),
        of(NETWORK_IN, NAMESPACE, "NetworkIn", asg, List.of("p95", "Average", "Maximum"), List.of("Average")),
        of(NETWORK_OUT, NAMESPACE, "NetworkOut", asg, List.of("p95", "Average", "Maximum"), List.of("Average")),
        of(MEMORY, "CWAgent", "mem_used_percent", asg, List.of("Maximum"), List.of("Maximum")));
  }
}
