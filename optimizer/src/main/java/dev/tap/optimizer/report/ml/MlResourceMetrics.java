package dev.tap.optimizer.report.ml;

import dev.tap.optimizer.family.sagemaker.EndpointMetrics;
import dev.tap.optimizer.family.sagemaker.GpuInstanceType;
import dev.tap.optimizer.family.sagemaker.MlRun;
import dev.tap.optimizer.family.sagemaker.ProductionVariant;
import dev.tap.optimizer.family.sagemaker.SageMakerFamily;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Resource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ML endpoint's lookback metrics as the reports take them ({@link ResourceMetrics}), from the
 * ML platform's own run record ({@code ml-run.json}): the hourly invocations and GPU utilisation
 * its analysis measured. So the endpoint gets its charts and its heat-map row like every other
 * resource the plan changes. A training job has no metric series (its record is the job history),
 * so it stays among the resources without metrics.
 */
public final class MlResourceMetrics {
  private MlResourceMetrics() {}

  static final int HOUR = 3600;

  /** The endpoint's metrics from {@code run}, or none when the run holds no hourly series. */
  public static List<ResourceMetrics> of(MlRun run) {
    if (run == null || run.hourly() == null || run.hourly().times().length == 0) return List.of();
    ProductionVariant v = run.endpoint().primary();
    int gpus = GpuInstanceType.of(v.instanceType()).gpus();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("variant", v.variantName());
    config.put("instanceType", v.instanceType());
    config.put("instanceCount", Integer.toString(v.instanceCount()));
    // SageMaker sums GPUUtilization over an instance's GPUs: 100 % per GPU is full
    config.put(SageMakerFamily.GPU_UTILIZATION_CAPACITY, Integer.toString(100 * gpus));
    Resource r = new Resource(run.endpoint().name(), SageMakerFamily.SAGEMAKER, run.endpoint().region(), null, config, Map.of());
    Map<String, String> dims = Map.of("EndpointName", r.id(), "VariantName", v.variantName());
    MlRun.Hourly h = run.hourly();
    long[] t = h.times();
    Map<String, MetricSeries> hourly = new LinkedHashMap<>();
    double[] invocations = new double[t.length];
    double[] gpu = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      invocations[i] = h.invocationsPerSecond()[i] * HOUR; // the hour's mean rate x its seconds: the hour's Sum
      gpu[i] = h.gpuUtilBefore()[i] * gpus; // measured per GPU; back to SageMaker's sum over the instance's GPUs
    }
    put(hourly, new MetricQuery("invocations", EndpointMetrics.NS_INVOCATIONS, "Invocations", dims, "Sum", HOUR), t, invocations);
    put(hourly, new MetricQuery("gpuUtil", EndpointMetrics.NS_INSTANCE, "GPUUtilization", dims, "Average", HOUR), t, gpu);
    Instant start = Instant.ofEpochSecond(t[0]);
    Instant end = Instant.ofEpochSecond(t[t.length - 1] + HOUR);
    return List.of(new ResourceMetrics(r, start, end, Map.of(), hourly));
  }

  private static void put(Map<String, MetricSeries> hourly, MetricQuery q, long[] t, double[] values) {
    hourly.put(q.metricName() + ":" + q.stat(), new MetricSeries(q, t.clone(), values));
  }
}
