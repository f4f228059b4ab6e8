package dev.tap.optimizer.family.lambda;

import static dev.tap.optimizer.metrics.MetricSpec.of;

import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch metrics of a Lambda function (dimension {@code FunctionName}, all versions and
 * aliases together). Memory actually used comes from Lambda Insights ({@code LambdaInsights}
 * {@code memory_utilization}, percent of the configured memory), present only where Insights is
 * enabled: rules must treat its absence as "unknown", not as zero. Its hourly Maximum is what a
 * memory cut's backtest replays.
 */
public final class LambdaMetrics {
  private LambdaMetrics() {}

  public static final String NAMESPACE = "AWS/Lambda";
  public static final String DURATION = "Duration"; // milliseconds
  public static final String CONCURRENT = "ConcurrentExecutions";
  public static final String PROVISIONED_UTILISATION = "ProvisionedConcurrencyUtilization"; // fraction 0..1
  public static final String INVOCATIONS = "Invocations";
  public static final String ERRORS = "Errors";
  public static final String THROTTLES = "Throttles";
  public static final String MEMORY_UTILISATION = "memory_utilization"; // percent, Lambda Insights
  /** The configured memory, MB (Lambda Insights): its hourly history shows past memory changes. */
  public static final String TOTAL_MEMORY = "total_memory";

  public static List<MetricSpec> specs(Resource r) {
    Map<String, String> fn = Map.of("FunctionName", r.id());
    return List.of(
        of(DURATION, NAMESPACE, "Duration", fn, List.of("p95", "p99", "Average", "Maximum"), List.of("Average")),
        of(CONCURRENT, NAMESPACE, "ConcurrentExecutions", fn, List.of("p95", "Average", "Maximum"), List.of("Maximum")),
        of(PROVISIONED_UTILISATION, NAMESPACE, "ProvisionedConcurrencyUtilization", fn, List.of("p95", "Average", "Maximum"), List.of("Maximum")),
        of(INVOCATIONS, NAMESPACE, "Invocations", fn, List.of("Sum"), List.of("Sum")),
        of(ERRORS, NAMESPACE, "Errors", fn, List.of("Sum"), List.of("Sum")),
        of(THROTTLES, NAMESPACE, "Throttles", fn, List.of("Sum"), List.of()),
        of(MEMORY_UTILISATION, "LambdaInsights", "memory_utilization", Map.of("function_name", r.id()), List.of("p95", "Maximum"), List.of("Maximum")),
        of(TOTAL_MEMORY, "LambdaInsights", "total_memory", Map.of("function_name", r.id()), List.of("Maximum"), List.of("Maximum")));
  }
}
