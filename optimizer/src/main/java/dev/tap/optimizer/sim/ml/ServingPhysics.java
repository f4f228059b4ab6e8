package dev.tap.optimizer.sim.ml;

import dev.tap.optimizer.family.sagemaker.GpuInstanceType;
import dev.tap.optimizer.family.sagemaker.ModelVariant;

/**
 * The simulated account's ground truth for one model on one GPU type: how many predictions a GPU
 * saturates at, its unloaded p95 latency, and how latency and GPU utilisation grow with load.
 * Latency is flat while dynamic batching absorbs load and turns up sharply near saturation
 * ({@code 1 + 0.04 (rho/(1-rho))^3}), the shape GPU inference servers show in load tests.
 * The analysis never reads these constants: it sees only the metrics they produce.
 */
public final class ServingPhysics {
  private ServingPhysics() {}

  /** Saturation throughput of one T4 serving the FP32 model, predictions/s. */
  static final double T4_SATURATION_PER_GPU = 420;
  /** p95 model latency of one request on an idle T4, ms. */
  static final double T4_IDLE_P95_MS = 20;
  /** The true speed of other GPUs relative to a T4 for this model (sizing assumes less). */
  static double trueRelativeSpeed(String gpuModel) {
    return switch (gpuModel) {
      case "T4" -> 1.0;
      case "A10G" -> 2.1;
      case "V100" -> 1.7;
      default -> throw new IllegalArgumentException("no simulated speed for GPU " + gpuModel);
    };
  }

  /** Quantisation speeds the model up, but by less than the vendor claims. */
  static double trueModelSpeedup(ModelVariant model) {
    return model == ModelVariant.INT8 ? 1.45 : 1.0;
  }

  /** Predictions/s one instance saturates at. */
  public static double saturationPerInstance(String instanceType, ModelVariant model) {
    GpuInstanceType t = GpuInstanceType.of(instanceType);
    return T4_SATURATION_PER_GPU * t.gpus() * trueRelativeSpeed(t.gpuModel()) * trueModelSpeedup(model);
  }

  public static double idleP95Ms(String instanceType, ModelVariant model) {
    GpuInstanceType t = GpuInstanceType.of(instanceType);
    return T4_IDLE_P95_MS / Math.sqrt(trueRelativeSpeed(t.gpuModel())) / (model == ModelVariant.INT8 ? 1.2 : 1.0);
  }

  /** Utilisation of the serving stack; capped just below 1 (overload shows as latency and errors). */
  public static double rho(double perInstanceRate, String instanceType, ModelVariant model) {
    return Math.min(0.995, Math.max(0, perInstanceRate / saturationPerInstance(instanceType, model)));
  }

  public static double latencyFactor(double rho) {
    double q = rho / (1 - rho);
    return 1 + 0.04 * q * q * q;
  }

  public static double p95Ms(double perInstanceRate, String instanceType, ModelVariant model) {
    return idleP95Ms(instanceType, model) * latencyFactor(rho(perInstanceRate, instanceType, model));
  }

  /** Median is about 60 % of p95 for this latency distribution. */
  public static double p50Ms(double perInstanceRate, String instanceType, ModelVariant model) {
    return 0.6 * p95Ms(perInstanceRate, instanceType, model);
  }

  /** Busy share of one GPU, % (0-100): a 6 % floor for health checks and the CUDA context. */
  public static double gpuUtilPerGpu(double perInstanceRate, String instanceType, ModelVariant model) {
    return Math.min(100, 6 + 130 * rho(perInstanceRate, instanceType, model));
  }

  /** GPU memory used by the loaded model plus batch buffers, % of one GPU's memory. */
  public static double gpuMemPerGpu(double perInstanceRate, String instanceType, ModelVariant model) {
    GpuInstanceType t = GpuInstanceType.of(instanceType);
    double modelGiB = model == ModelVariant.INT8 ? 2.4 : 6.0;
    double buffersGiB = 1.5 * rho(perInstanceRate, instanceType, model);
    return Math.min(100, 100 * (modelGiB + buffersGiB) / t.gpuMemoryGiB());
  }

  /** Share of requests failing with 5xx: none until the queue saturates. */
  public static double errorRate(double perInstanceRate, String instanceType, ModelVariant model) {
    double r = perInstanceRate / saturationPerInstance(instanceType, model);
    return r <= 0.9 ? 0 : Math.min(1, (r - 0.9) * 2);
  }
}
