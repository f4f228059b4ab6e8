package dev.tap.optimizer.metrics;

/**
 * What a fetch cost: distinct queries, GetMetricData calls planned and made (NextToken pages
 * count as calls, as AWS bills them), datapoints planned (upper bound) and received, and the
 * fewest calls any packing could have used ({@link CallPlanner#minimumCalls}).
 */
public record FetchStats(int queries, int plannedCalls, int calls, long plannedDatapoints, long datapoints, long minimumCalls) {

  /** Calls made per call of the minimum: the packing's overhead (1.0 is optimal). */
  public double callRatio() {
    return minimumCalls == 0 ? 1.0 : (double) calls / minimumCalls;
  }
}
