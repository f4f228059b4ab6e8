package dev.tap.optimizer.family.sagemaker;

import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricsEngine;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch metrics of a SageMaker endpoint variant: invocations and ModelLatency in
 * {@code AWS/SageMaker} (latency in microseconds), GPU utilisation in
 * {@code /aws/sagemaker/Endpoints} (summed over the instance's GPUs). Fetched with
 * {@code MetricsEngine.fetchQueries}.
 */
public final class EndpointMetrics {
  private EndpointMetrics() {}

  public static final String NS_INVOCATIONS = "AWS/SageMaker";
  public static final String NS_INSTANCE = "/aws/sagemaker/Endpoints";

  /** The sizing analysis's series of one variant, by query id (invocations, perInstance, latencyP95, latencyP50, gpuUtil, gpuMem). */
  public static List<MetricQuery> queries(String endpoint, String variant, int periodSeconds) {
    Map<String, String> dims = Map.of("EndpointName", endpoint, "VariantName", variant);
    return List.of(
        new MetricQuery("invocations", NS_INVOCATIONS, "Invocations", dims, "Sum", periodSeconds),
        new MetricQuery("perInstance", NS_INVOCATIONS, "InvocationsPerInstance", dims, "Sum", periodSeconds),
        new MetricQuery("latencyP95", NS_INVOCATIONS, "ModelLatency", dims, "p95", periodSeconds),
        new MetricQuery("latencyP50", NS_INVOCATIONS, "ModelLatency", dims, "p50", periodSeconds),
        new MetricQuery("gpuUtil", NS_INSTANCE, "GPUUtilization", dims, "Average", periodSeconds),
        new MetricQuery("gpuMem", NS_INSTANCE, "GPUMemoryUtilization", dims, "Average", periodSeconds));
  }
}
