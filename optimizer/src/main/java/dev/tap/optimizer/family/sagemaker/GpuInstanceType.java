package dev.tap.optimizer.family.sagemaker;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * GPU hardware behind a SageMaker ml.* instance type (AWS instance-type pages: g4dn = NVIDIA T4
 * 16 GiB, g5 = A10G 24 GiB, p3 = V100 16 GiB). {@code relativeThroughputPerGpu} is the inference
 * throughput per GPU relative to a T4 that sizing assumes when it moves a model to another GPU
 * family; it is an assumption (public MLPerf-style ratios, rounded down), which the shadow replay
 * then checks against the candidate's real latency.
 */
public record GpuInstanceType(String type, int gpus, String gpuModel, int gpuMemoryGiB, double relativeThroughputPerGpu) {

  public static final List<GpuInstanceType> CATALOG = List.of(
      new GpuInstanceType("ml.g4dn.xlarge", 1, "T4", 16, 1.0),
      new GpuInstanceType("ml.g4dn.2xlarge", 1, "T4", 16, 1.0),
      new GpuInstanceType("ml.g4dn.12xlarge", 4, "T4", 16, 1.0),
      new GpuInstanceType("ml.g5.xlarge", 1, "A10G", 24, 1.8),
      new GpuInstanceType("ml.g5.2xlarge", 1, "A10G", 24, 1.8),
      new GpuInstanceType("ml.g5.12xlarge", 4, "A10G", 24, 1.8),
      new GpuInstanceType("ml.p3.2xlarge", 1, "V100", 16, 1.5));

  private static final Map<String, GpuInstanceType> BY_TYPE =
      CATALOG.stream().collect(Collectors.toMap(GpuInstanceType::type, Function.identity()));

  public static Optional<GpuInstanceType> find(String type) {
    return Optional.ofNullable(BY_TYPE.get(type));
  }

  public static GpuInstanceType of(String type) {
    return find(type).orElseThrow(() -> new IllegalArgumentException(
        "unknown GPU instance type " + type + "; known: " + BY_TYPE.keySet().stream().sorted().toList()));
  }
}
