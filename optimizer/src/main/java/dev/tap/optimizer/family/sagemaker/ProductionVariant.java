package dev.tap.optimizer.family.sagemaker;

/**
 * One production variant of an endpoint config: the model (and its serving precision), the
 * instance type and count behind it, and its share of traffic (weights are relative, as in AWS).
 */
public record ProductionVariant(String variantName, String modelName, ModelVariant model, String instanceType, int instanceCount, double weight) {
  public ProductionVariant {
    if (instanceCount < 1) throw new IllegalArgumentException("variant " + variantName + ": instance count must be at least 1");
    if (!(weight >= 0)) throw new IllegalArgumentException("variant " + variantName + ": weight must not be negative");
  }

  public ProductionVariant withWeight(double w) {
    return new ProductionVariant(variantName, modelName, model, instanceType, instanceCount, w);
  }

  public ProductionVariant withCount(int n) {
    return new ProductionVariant(variantName, modelName, model, instanceType, n, weight);
  }
}
