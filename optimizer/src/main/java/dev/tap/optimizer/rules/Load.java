package dev.tap.optimizer.rules;

/**
 * One hourly series a change rescales, as utilisation in percent of capacity: the observed value
 * times {@code baselineScale} is today's utilisation, times {@code predictedScale} the utilisation
 * under the new configuration. For a percentage metric (CPU) baselineScale is 1 and predictedScale
 * the capacity ratio old/new; for a count against a limit (concurrent executions vs. reserved
 * concurrency) they are 100/limit before and after.
 */
public record Load(String key, String label, double baselineScale, double predictedScale) {

  public Load {
    if (!(baselineScale > 0) || !(predictedScale > 0) || Double.isInfinite(baselineScale) || Double.isInfinite(predictedScale)) {
      throw new IllegalArgumentException("load scales must be positive and finite: " + baselineScale + ", " + predictedScale);
    }
  }

  /** A percentage metric whose capacity shrinks (factor > 1) or grows (factor < 1). */
  public static Load percent(String key, String label, double factor) {
    return new Load(key, label, 1, factor);
  }

  /** A count compared with a limit that changes from {@code limitBefore} to {@code limitAfter}. */
  public static Load againstLimit(String key, String label, double limitBefore, double limitAfter) {
    return new Load(key, label, 100 / limitBefore, 100 / limitAfter);
  }

  public double factor() {
    return predictedScale / baselineScale;
  }
}
