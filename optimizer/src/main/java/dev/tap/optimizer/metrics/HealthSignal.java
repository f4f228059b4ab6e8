package dev.tap.optimizer.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One health signal of a changed resource that the guard reads beside the service SLO (docs/execution.md):
 * a CloudWatch metric and statistic, the direction that is bad, and the policy key of its threshold.
 *
 * <ul>
 *   <li>{@code limit = policy value x scale} (a percentage of the reserved concurrency: scale = reserved / 100);
 *       with {@code riseOverBaseline} the policy value is instead a percentage rise over the same-hour baseline;
 *   <li>{@code perMinute}: a Sum read per minute, so a threshold does not depend on the check interval;
 *   <li>{@code denominator}: a second metric (Sum) of the same namespace and dimensions; the value is
 *       100 x metric / denominator (Lambda errors as a share of invocations);
 *   <li>{@code missingIsZero}: CloudWatch publishes nothing while the count is zero (throttles, evictions).
 * </ul>
 *
 * {@code limit} is NaN until the composition root resolves it from the policy ({@link #withLimit}); {@code region} is
 * where CloudWatch serves the metric ({@link #inRegion}).
 */
public record HealthSignal(
    String resourceId, String name, String namespace, String metric, Map<String, String> dimensions, String stat,
    Direction direction, String policyKey, double scale, boolean riseOverBaseline, boolean perMinute, String denominator,
    boolean missingIsZero, double limit, String region) {

  public enum Direction { ABOVE, BELOW }

  public HealthSignal {
    dimensions = Collections.unmodifiableMap(new TreeMap<>(dimensions));
  }

  /** A signal that breaches above {@code policy value x scale}. */
  public static HealthSignal above(String resourceId, String name, String namespace, String metric, Map<String, String> dims, String stat,
      String policyKey) {
    return new HealthSignal(resourceId, name, namespace, metric, dims, stat, Direction.ABOVE, policyKey, 1, false, false, null, false, Double.NaN, null);
  }

  /** A signal that breaches below {@code policy value x scale}. */
  public static HealthSignal below(String resourceId, String name, String namespace, String metric, Map<String, String> dims, String stat,
      String policyKey) {
    return new HealthSignal(resourceId, name, namespace, metric, dims, stat, Direction.BELOW, policyKey, 1, false, false, null, false, Double.NaN, null);
  }

  /** A count (Sum) read per minute; CloudWatch publishes nothing while it is zero. */
  public static HealthSignal countPerMinute(String resourceId, String name, String namespace, String metric, Map<String, String> dims,
      String policyKey) {
    return new HealthSignal(resourceId, name, namespace, metric, dims, "Sum", Direction.ABOVE, policyKey, 1, false, true, null, true, Double.NaN, null);
  }

  public HealthSignal scaled(double factor) {
    return new HealthSignal(resourceId, name, namespace, metric, dimensions, stat, direction, policyKey, factor, riseOverBaseline, perMinute,
        denominator, missingIsZero, limit, region);
  }

  /** The policy value is a percentage rise over the same hour of the week in the baseline. */
  public HealthSignal asRiseOverBaseline() {
    return new HealthSignal(resourceId, name, namespace, metric, dimensions, stat, direction, policyKey, scale, true, perMinute,
        denominator, missingIsZero, limit, region);
  }

  /** 100 x this metric's Sum / {@code metric}'s Sum; no datapoint of either reads as zero. */
  public HealthSignal sharePctOf(String denominatorMetric) {
    return new HealthSignal(resourceId, name, namespace, metric, dimensions, "Sum", direction, policyKey, scale, riseOverBaseline, false,
        denominatorMetric, true, limit, region);
  }

  /** Resolved from the policy value of {@link #policyKey}. */
  public HealthSignal withLimit(double policyValue) {
    return new HealthSignal(resourceId, name, namespace, metric, dimensions, stat, direction, policyKey, scale, riseOverBaseline, perMinute,
        denominator, missingIsZero, riseOverBaseline ? policyValue : policyValue * scale, region);
  }

  /**
   * Read in {@code resourceRegion}: CloudWatch serves a resource's metrics only in its own region (an
   * endpoint in us-west-2 of a run at home in us-east-1). Null (runs recorded before) reads in the run's region.
   */
  public HealthSignal inRegion(String resourceRegion) {
    return new HealthSignal(resourceId, name, namespace, metric, dimensions, stat, direction, policyKey, scale, riseOverBaseline, perMinute,
        denominator, missingIsZero, limit, resourceRegion);
  }

  /** The rule name the journal records: the signal and its resource. */
  public String rule() {
    return name + " " + resourceId;
  }

  public MetricQuery query(String id, int periodSeconds) {
    return new MetricQuery(id, namespace, metric, dimensions, stat, periodSeconds);
  }

  public MetricQuery denominatorQuery(String id, int periodSeconds) {
    return new MetricQuery(id, namespace, denominator, dimensions, "Sum", periodSeconds);
  }

  /** How the signal is found in CloudWatch, for messages. */
  public String where() {
    return namespace + " " + metric + (denominator == null ? "" : "/" + denominator) + " " + stat + " " + dimensions;
  }
}
