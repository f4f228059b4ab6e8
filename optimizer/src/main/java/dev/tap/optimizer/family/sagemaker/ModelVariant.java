package dev.tap.optimizer.family.sagemaker;

/**
 * How the model is compiled for serving. A quantised variant serves more predictions per GPU and
 * may lose accuracy: the shadow gate decides whether that loss is acceptable.
 */
public enum ModelVariant {
  FP32("fp32", 1.0),
  INT8("int8-quantised", 1.6);

  public final String id;
  /** Throughput per GPU relative to FP32, as the compiler vendor's benchmark claims (not measured here). */
  public final double claimedSpeedup;

  ModelVariant(String id, double claimedSpeedup) {
    this.id = id;
    this.claimedSpeedup = claimedSpeedup;
  }

  /** On AWS the serving precision is read from the model's name: one that says int8 is taken as quantised, anything else as FP32. */
  public static ModelVariant fromModelName(String modelName) {
    return modelName != null && modelName.toLowerCase(java.util.Locale.ROOT).contains("int8") ? INT8 : FP32;
  }
}
