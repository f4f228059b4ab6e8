package dev.tap.optimizer.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs the queries of a run into GetMetricData calls within the API's limits (at most
 * {@link MetricDataSource#MAX_QUERIES_PER_CALL} queries and
 * {@link MetricDataSource#MAX_DATAPOINTS_PER_CALL} datapoints a call).
 *
 * <p>Next-fit in the given order: a call takes queries until the next one would break a limit.
 * Keeping the order keeps one resource's queries in adjacent calls, so the engine can hand a
 * resource to the rules (and forget its series) as soon as its last call returns. The waste per
 * call is less than the largest query (an hourly series of at most 10,920 points over 455 days;
 * 2,160 over 90 days), so for 90-day windows the call count stays within 2.2 % of
 * {@link #minimumCalls}.
 */
public final class CallPlanner {

  private final int maxQueries;
  private final long maxDatapoints;

  public CallPlanner() {
    this(MetricDataSource.MAX_QUERIES_PER_CALL, MetricDataSource.MAX_DATAPOINTS_PER_CALL);
  }

  /** Smaller limits are for tests; larger ones than AWS allows are refused. */
  public CallPlanner(int maxQueries, long maxDatapoints) {
    if (maxQueries < 1 || maxQueries > MetricDataSource.MAX_QUERIES_PER_CALL) throw new IllegalArgumentException("maxQueries out of 1..500: " + maxQueries);
    if (maxDatapoints < 1 || maxDatapoints > MetricDataSource.MAX_DATAPOINTS_PER_CALL) {
      throw new IllegalArgumentException("maxDatapoints out of 1..100800: " + maxDatapoints);
    }
    this.maxQueries = maxQueries;
    this.maxDatapoints = maxDatapoints;
  }

  /** Datapoints a query with this period returns at most over [start, end). */
  public static long datapoints(Instant start, Instant end, int periodSeconds) {
    long seconds = end.getEpochSecond() - start.getEpochSecond();
    return seconds <= 0 ? 0 : (seconds + periodSeconds - 1) / periodSeconds;
  }

  /** The fewest calls any packing could use: by datapoints and by query count. */
  public static long minimumCalls(long totalDatapoints, int queries) {
    long byPoints = (totalDatapoints + MetricDataSource.MAX_DATAPOINTS_PER_CALL - 1) / MetricDataSource.MAX_DATAPOINTS_PER_CALL;
    long byQueries = (queries + MetricDataSource.MAX_QUERIES_PER_CALL - 1) / MetricDataSource.MAX_QUERIES_PER_CALL;
    return Math.max(byPoints, byQueries);
  }

  /**
   * Splits queries with the given datapoint counts into calls; each call is the list of indexes
   * into {@code points}, in order. A query larger than a call's datapoint limit gets a call of its
   * own (CloudWatch then pages it with NextToken).
   */
  public List<int[]> plan(long[] points) {
    List<int[]> calls = new ArrayList<>();
    int[] current = new int[maxQueries];
    int n = 0;
    long sum = 0;
    for (int i = 0; i < points.length; i++) {
      long p = points[i];
      if (n > 0 && (n == maxQueries || sum + p > maxDatapoints)) {
        calls.add(java.util.Arrays.copyOf(current, n));
        n = 0;
        sum = 0;
      }
      current[n++] = i;
      sum += p;
    }
    if (n > 0) calls.add(java.util.Arrays.copyOf(current, n));
    return calls;
  }
}
