package dev.tap.optimizer.sim;

import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricDataThrottledException;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.Retention;
import dev.tap.optimizer.metrics.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The simulated account's CloudWatch GetMetricData, with the behaviour the engine must cope with
 * on AWS:
 *
 * <ul>
 *   <li>more than 500 queries in a call, a duplicate id, a period that is not a multiple of 60,
 *       an unknown statistic or an empty time range are refused with AWS's error
 *       ({@link SimApiException});
 *   <li>a call returns at most {@code maxDatapoints} (100,800, AWS's MaxDatapoints) datapoints;
 *       the rest follows with a NextToken, each page being a call;
 *   <li>retention: a request whose start time is older than 15 days gets no datapoints unless its
 *       period is a multiple of 300 s, older than 63 days a multiple of 3,600 s, and nothing
 *       older than 455 days; nothing after the clock's now and nothing before the history began;
 *   <li>datapoints are bins of {@code period} from the request's start, oldest first; bins without
 *       samples are left out, as CloudWatch does.
 * </ul>
 *
 *   <li>when a quota is set ({@link #limitTps}), GetMetricData calls beyond it are refused as AWS
 *       refuses them ({@code Throttling: Rate exceeded}, {@link MetricDataThrottledException}).
 *       Unset by default: the simulated accounts run on a virtual clock and the tests and demo make
 *       few calls; the benchmarks set the quota to measure real scheduling in wall time.
 * </ul>
 *
 * Calls, throttled calls, queries and datapoints are counted for benchmarks. Concurrent calls are
 * served concurrently (as CloudWatch does): the series read only immutable tables and volatile
 * configuration histories, and each thread computes with its own statistics buffers.
 */
public final class SimCloudWatch implements MetricDataSource {

  private final Function<String, SimSeries> seriesByKey;
  private final Clock clock;
  private final long historyStartMinute;
  private final long maxDatapoints;
  private final ThreadLocal<SimStatistics> stats = ThreadLocal.withInitial(SimStatistics::new);
  private volatile TpsQuota quota;
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong queries = new AtomicLong();
  private final AtomicLong datapoints = new AtomicLong();

  SimCloudWatch(Function<String, SimSeries> seriesByKey, Clock clock, Instant historyStart, long maxDatapoints) {
    this.seriesByKey = seriesByKey;
    this.clock = clock;
    this.historyStartMinute = Math.floorDiv(historyStart.getEpochSecond(), 60);
    this.maxDatapoints = maxDatapoints;
  }

  /** A view of the same account whose pages hold at most {@code max} datapoints (tests of paging). */
  public SimCloudWatch withMaxDatapointsPerCall(long max) {
    if (max < 1 || max > MAX_DATAPOINTS_PER_CALL) throw new IllegalArgumentException("max datapoints out of 1..100800: " + max);
    return new SimCloudWatch(seriesByKey, clock, Instant.ofEpochSecond(historyStartMinute * 60), max);
  }

  /**
   * Enforces a GetMetricData quota of {@code tps} calls a second (AWS's is 50 per account-region),
   * measured by {@code ticker}; {@code tps <= 0} removes it.
   */
  public void limitTps(double tps, Ticker ticker) {
    quota = tps > 0 ? new TpsQuota(tps, ticker) : null;
  }

  /** Calls refused for the quota (not counted in {@link #calls}). */
  public long throttled() {
    return throttled.get();
  }

  public long calls() {
    return calls.get();
  }

  public long queries() {
    return queries.get();
  }

  public long datapoints() {
    return datapoints.get();
  }

  public void resetCounters() {
    calls.set(0);
    queries.set(0);
    datapoints.set(0);
    throttled.set(0);
  }

  /** The key of a series published in {@code region} when that is not the account's home region. */
  static String inRegion(String region, String key) {
    return region + "@" + key;
  }

  static String key(String namespace, String metricName, Map<String, String> dimensions) {
    StringBuilder b = new StringBuilder(namespace).append('|').append(metricName);
    dimensions.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.append('|').append(e.getKey()).append('=').append(e.getValue()));
    return b.toString();
  }

  @Override
  public MetricDataPage getMetricData(MetricDataRequest request) {
    TpsQuota q0 = quota;
    if (q0 != null && !q0.tryAcquire()) {
      throttled.incrementAndGet();
      throw new MetricDataThrottledException("Throttling", "Rate exceeded");
    }
    List<MetricQuery> qs = request.queries();
    validate(request);
    calls.incrementAndGet();
    SimStatistics stats = this.stats.get();
    stats.clearCache();
    int firstQuery = 0;
    long firstBin = 0;
    if (request.nextToken() != null) {
      long[] cursor = parseToken(request);
      firstQuery = (int) cursor[0];
      firstBin = cursor[1];
    } else {
      queries.addAndGet(qs.size());
    }
    Instant now = clock.instant();
    long startSec = request.start().getEpochSecond();
    long endSec = request.end().getEpochSecond();
    long dataFromMin = Math.max(Math.floorDiv(startSec + 59, 60), historyStartMinute);
    long dataToMin = Math.min(Math.floorDiv(endSec + 59, 60), Math.floorDiv(now.getEpochSecond(), 60));

    List<MetricSeries> results = new ArrayList<>();
    long budget = maxDatapoints;
    String token = null;
    for (int qi = firstQuery; qi < qs.size(); qi++) {
      MetricQuery q = qs.get(qi);
      long bins = (endSec - startSec + q.periodSeconds() - 1) / q.periodSeconds();
      long from = qi == firstQuery ? firstBin : 0;
      if (budget == 0) {
        token = token(request, qi, from);
        break;
      }
      long to = Math.min(bins, from + budget);
      results.add(series(stats, q, now, request.start(), startSec, from, to, dataFromMin, dataToMin));
      budget -= to - from;
      if (to < bins) {
        token = token(request, qi, to);
        break;
      }
    }
    long n = 0;
    for (MetricSeries s : results) n += s.size();
    datapoints.addAndGet(n);
    return new MetricDataPage(results, token);
  }

  private MetricSeries series(SimStatistics stats, MetricQuery q, Instant now, Instant start, long startSec, long fromBin, long toBin, long dataFromMin, long dataToMin) {
    SimSeries s = seriesByKey.apply(key(q.namespace(), q.metricName(), q.dimensions()));
    if (s == null || !Retention.accepts(start, now, q.periodSeconds())) return new MetricSeries(q, new long[0], new double[0]);
    int cap = (int) (toBin - fromBin);
    long[] times = new long[cap];
    double[] values = new double[cap];
    int n = 0;
    double p = SimStatistics.percentile(q.stat());
    for (long b = fromBin; b < toBin; b++) {
      long binStart = startSec + b * q.periodSeconds();
      long m0 = Math.max(Math.floorDiv(binStart + 59, 60), dataFromMin);
      long m1 = Math.min(Math.floorDiv(binStart + q.periodSeconds() + 59, 60), dataToMin);
      if (m1 <= m0) continue;
      double v = stats.compute(s, q.stat(), p, m0, m1);
      if (Double.isNaN(v)) continue;
      times[n] = binStart;
      values[n++] = v;
    }
    return new MetricSeries(q, n == cap ? times : Arrays.copyOf(times, n), n == cap ? values : Arrays.copyOf(values, n));
  }

  private static void validate(MetricDataRequest r) {
    List<MetricQuery> qs = r.queries();
    if (qs.isEmpty()) throw new SimApiException("ValidationError", "The parameter MetricDataQueries is required and must not be empty.");
    if (qs.size() > MAX_QUERIES_PER_CALL) {
      throw new SimApiException("ValidationError", "The collection MetricDataQueries must not have a size greater than " + MAX_QUERIES_PER_CALL + ".");
    }
    if (!r.end().isAfter(r.start())) throw new SimApiException("InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < qs.size(); i++) {
      MetricQuery q = qs.get(i);
      if (!ids.add(q.id())) throw new SimApiException("ValidationError", "The values for parameter id in MetricDataQueries are not unique.");
      if (q.periodSeconds() % 60 != 0) {
        throw new SimApiException("InvalidParameterValue", "The parameter MetricDataQueries.member." + (i + 1) + ".MetricStat.Period must be a multiple of 60.");
      }
      if (!SimStatistics.supported(q.stat())) {
        throw new SimApiException("InvalidParameterValue", "The parameter MetricDataQueries.member." + (i + 1) + ".MetricStat.Stat '" + q.stat() + "' is not valid.");
      }
    }
  }

  private static long fingerprint(MetricDataRequest r) {
    long h = Hash.ofString(r.start() + "/" + r.end());
    for (MetricQuery q : r.queries()) h = Hash.mix(h ^ Hash.ofString(q.toString()));
    return h;
  }

  private static String token(MetricDataRequest r, int query, long bin) {
    return Long.toHexString(fingerprint(r)) + ":" + query + ":" + bin;
  }

  private static long[] parseToken(MetricDataRequest r) {
    String[] parts = r.nextToken().split(":");
    if (parts.length != 3 || !parts[0].equals(Long.toHexString(fingerprint(r)))) {
      throw new SimApiException("InvalidNextToken", "The service cannot process the NextToken: it belongs to a different request.");
    }
    return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
  }
}
