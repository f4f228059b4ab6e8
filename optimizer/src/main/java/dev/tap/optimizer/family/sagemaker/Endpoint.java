package dev.tap.optimizer.family.sagemaker;

import java.util.List;

/** A SageMaker real-time endpoint as it exists: its name, region, config name and variants. */
public record Endpoint(String name, String region, String configName, List<ProductionVariant> variants) {
  public Endpoint {
    variants = List.copyOf(variants);
    if (variants.isEmpty()) throw new IllegalArgumentException("endpoint " + name + " has no production variant");
  }

  public int instanceCount() {
    return variants.stream().mapToInt(ProductionVariant::instanceCount).sum();
  }

  /** The variant taking the most traffic: the one sizing and rollout compare against. */
  public ProductionVariant primary() {
    return variants.stream().max(java.util.Comparator.comparingDouble(ProductionVariant::weight)).orElseThrow();
  }
}
