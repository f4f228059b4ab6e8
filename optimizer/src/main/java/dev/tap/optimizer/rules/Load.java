package dev.tap.optimizer.rules;

/**
 * One hourly series a change rescales, as utilisation in percent of capacity: the observed value
 * times {@code baselineScale} is today's utilisation, times {@code predictedScale} the utilisation
 * under the new configuration. For a percentage metric (CPU) baselineScale is 1 and predictedScale
 * the capacity ratio old/new; for a count against a limit (concurrent executions vs. reserved
 * concurrency) they are 100/limit before and after.
 *
 * @param key the hourly series' key, or several joined by {@code +} for their hour-by-hour sum
 *     ({@link dev.tap.optimizer.metrics.ResourceMetrics#series})
 * @param demandFactor the part of {@code predictedScale / baselineScale} by which the change moves
 *     the counted quantity itself rather than the limit it is compared with (a memory cut lengthens
 *     each Lambda invocation, so the same invocations need more concurrent executions); 1 for a
 *     change of capacity alone. A measurement taken after the change already contains it, so it is
 *     compared with the new limit only ({@link #limitScale()}).
 */
public record Load(String key, String label, double baselineScale, double predictedScale, double demandFactor) {

  public Load {
    if (!(baselineScale > 0) || !(predictedScale > 0) || !(demandFactor > 0)
        || Double.isInfinite(baselineScale) || Double.isInfinite(predictedScale) || Double.isInfinite(demandFactor)) {
      throw new IllegalArgumentException("load scales must be positive and finite: " + baselineScale + ", " + predictedScale + ", " + demandFactor);
    }
  }

  /** A change of capacity alone (the counted quantity itself unchanged). */
  public Load(String key, String label, double baselineScale, double predictedScale) {
    this(key, label, baselineScale, predictedScale, 1);
  }

  /** A percentage metric whose capacity shrinks (factor > 1) or grows (factor < 1). */
  public static Load percent(String key, String label, double factor) {
    return new Load(key, label, 1, factor);
  }

  /** A count compared with a limit that changes from {@code limitBefore} to {@code limitAfter}. */
  public static Load againstLimit(String key, String label, double limitBefore, double limitAfter) {
    return new Load(key, label, 100 / limitBefore, 100 / limitAfter);
  }

  /**
   * A count that the change multiplies by {@code demandFactor}, compared with a limit that changes
   * from {@code limitBefore} to {@code limitAfter}.
   */
  public static Load againstLimit(String key, String label, double limitBefore, double limitAfter, double demandFactor) {
    return new Load(key, label, 100 / limitBefore, 100 / limitAfter * demandFactor, demandFactor);
  }

  public double factor() {
    return predictedScale / baselineScale;
  }

  /** The scale of a count measured after the change: 100 / the new limit (for a percentage metric, the capacity ratio). */
  public double limitScale() {
    return predictedScale / demandFactor;
  }

  /** This load with {@code next}'s change on top (a later change on the same series): the factors multiply. */
  public Load then(Load next) {
    return new Load(key, next.label(), baselineScale, predictedScale * next.factor(), demandFactor * next.demandFactor());
  }
}
