package dev.tap.optimizer.metrics;

import java.util.Map;

/**
 * What a fetch cost: distinct queries, GetMetricData calls planned and made (NextToken pages
 * count as calls, as AWS bills them), datapoints planned (upper bound) and received, the fewest
 * calls any packing could have used ({@link CallPlanner#minimumCalls}), the calls refused as
 * throttled (retried, not counted in {@code calls}), and the same per region (one account's
 * regions: per account-region, the unit of CloudWatch's rate quota).
 */
public record FetchStats(int queries, int plannedCalls, int calls, long plannedDatapoints, long datapoints, long minimumCalls, int throttled,
    Map<String, Region> byRegion) {

  public FetchStats {
    byRegion = Map.copyOf(byRegion);
  }

  /** One region's share: calls made, throttled calls, datapoints received and the fewest calls its queries need. */
  public record Region(int calls, int throttled, long datapoints, long minimumCalls) {}

  /** Calls made per call of the minimum: the packing's overhead (1.0 is optimal). */
  public double callRatio() {
    return minimumCalls == 0 ? 1.0 : (double) calls / minimumCalls;
  }
}
