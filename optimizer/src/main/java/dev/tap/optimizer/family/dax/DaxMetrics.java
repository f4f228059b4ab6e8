package dev.tap.optimizer.family.dax;

import static dev.tap.optimizer.metrics.MetricSpec.of;

import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.Map;

/** The CloudWatch metrics of a DAX cluster (dimension {@code ClusterId}): CPU and item-cache hits and misses. */
public final class DaxMetrics {
  private DaxMetrics() {}

  public static final String NAMESPACE = "AWS/DAX";
  public static final String CPU = "CPUUtilization";
  public static final String ITEM_HITS = "ItemCacheHits";
  public static final String ITEM_MISSES = "ItemCacheMisses";

  public static List<MetricSpec> specs(Resource r) {
    Map<String, String> cluster = Map.of("ClusterId", r.id());
    return List.of(
        of(CPU, NAMESPACE, "CPUUtilization", cluster, List.of("p95", "Average", "Maximum"), List.of("Average", "Maximum", "p95")),
        of(ITEM_HITS, NAMESPACE, "ItemCacheHits", cluster, List.of("Sum"), List.of("Sum")),
        of(ITEM_MISSES, NAMESPACE, "ItemCacheMisses", cluster, List.of("Sum"), List.of("Sum")));
  }
}
