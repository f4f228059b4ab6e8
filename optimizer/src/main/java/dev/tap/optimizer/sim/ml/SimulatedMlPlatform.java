package dev.tap.optimizer.sim.ml;

import dev.tap.optimizer.family.sagemaker.Endpoint;
import dev.tap.optimizer.family.sagemaker.ModelVariant;
import dev.tap.optimizer.family.sagemaker.ProductionVariant;
import dev.tap.optimizer.family.sagemaker.TrainingJob;
import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The trading account's ML platform in us-west-2, simulated: one real-time endpoint sized for
 * 10,000 predictions/s (10 x ml.g4dn.12xlarge, 40 T4 GPUs, see docs/ml.md), a month of invocation
 * traffic averaging 1,200/s, and a month of daily ~4 h on-demand training jobs. Metrics are served
 * through the {@link MetricDataSource} port, one minute resolution, deterministic from the seed;
 * AWS limits of one GetMetricData call are enforced (500 queries, 100,800 points, NextToken).
 */
public final class SimulatedMlPlatform implements MetricDataSource {
  public static final String REGION = "us-west-2";
  public static final String ENDPOINT = "tap-trading-fraud-scoring";
  public static final String VARIANT = "AllTraffic";
  public static final int DAYS = 30;
  public static final double MEAN_RATE = 1_200;

  private final Instant start;
  private final long seed;
  private final TrafficShape traffic;
  private final Endpoint endpoint;
  /** Configurations applied after the recorded month (by the executor), in order. */
  private final java.util.List<Endpoint> applied = new ArrayList<>();
  /** When each of {@link #applied} took effect (the month's end for a call that did not say). */
  private final java.util.List<Instant> appliedAt = new ArrayList<>();
  private final List<TrainingJob> trainingJobs;
  /** Once set ({@link #publishUntil}), metrics continue after the month up to this clock's now. */
  private volatile java.time.Clock liveClock;

  public SimulatedMlPlatform(Instant end, long seed) {
    this.start = end.minus(Duration.ofDays(DAYS));
    this.seed = seed;
    this.traffic = TrafficShape.load(DAYS, MEAN_RATE, seed);
    this.endpoint = new Endpoint(ENDPOINT, REGION, ENDPOINT + "-config-v1",
        List.of(new ProductionVariant(VARIANT, "fraud-scoring-v7", ModelVariant.FP32, "ml.g4dn.12xlarge", 10, 1.0)));
    this.trainingJobs = trainingMonth(start, seed);
  }

  public Instant start() { return start; }
  public Instant end() { return start.plus(Duration.ofDays(DAYS)); }
  /** The endpoint as recorded during the month (what the metrics and the rollout baseline show). */
  public Endpoint endpoint() { return endpoint; }

  /** The endpoint as it is now: the last configuration applied, else the recorded one. */
  public synchronized Endpoint currentEndpoint() { return applied.isEmpty() ? endpoint : applied.get(applied.size() - 1); }

  /** UpdateEndpoint on the simulated account; changes apply after the recorded month. */
  public synchronized void apply(Endpoint e) {
    apply(e, end());
  }

  /** UpdateEndpoint at {@code at}: the metrics of later minutes follow it. */
  public synchronized void apply(Endpoint e, Instant at) {
    if (!e.name().equals(endpoint.name())) throw new IllegalArgumentException("no endpoint " + e.name() + " in the simulated account");
    applied.add(e);
    appliedAt.add(at);
  }

  /** The configuration serving at {@code t}: the last one applied by then, else the recorded one. */
  private synchronized ProductionVariant servingAt(Instant t) {
    Endpoint serving = endpoint;
    for (int i = 0; i < applied.size(); i++) if (!appliedAt.get(i).isAfter(t)) serving = applied.get(i);
    return serving.primary();
  }
  public List<TrainingJob> trainingJobs() { return trainingJobs; }
  public TrafficShape traffic() { return traffic; }
  public String trafficSource() { return traffic.source(); }

  /** Daily retraining at 02:00 UTC on 4 x ml.p3.2xlarge, 3.5-4.5 h, on-demand (billable = training time). */
  static List<TrainingJob> trainingMonth(Instant start, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x7A11L);
    List<TrainingJob> jobs = new ArrayList<>();
    Instant day0 = start.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    for (int d = 0; d < DAYS; d++) {
      long seconds = Math.round((3.5 + rnd.nextDouble()) * 3600);
      jobs.add(new TrainingJob(String.format("fraud-scoring-train-%02d", d + 1), REGION, "ml.p3.2xlarge", 4,
          day0.plus(Duration.ofDays(d)).plus(Duration.ofHours(2)), seconds, seconds, false, 8 * 3600, 0));
    }
    return List.copyOf(jobs);
  }

  /** Invocations/s in minute {@code i} of the month (0 = start); after the month, the same minute of the month's last whole week. */
  public double rateAt(int minute) {
    double[] month = traffic.perMinute();
    int m = minute;
    if (m >= month.length) m -= ((m - month.length) / WEEK_MINUTES + 1) * WEEK_MINUTES;
    return month[m];
  }

  private static final int WEEK_MINUTES = 7 * 24 * 60;

  /**
   * Keeps publishing after the recorded month, up to {@code clock}'s now, as CloudWatch does while
   * the endpoint serves (the guard watches it after a change): the traffic of the month's weeks,
   * served by the configuration in force ({@link #currentEndpoint}).
   */
  public void publishUntil(java.time.Clock clock) {
    this.liveClock = clock;
  }

  @Override
  public MetricDataPage getMetricData(MetricDataRequest request) {
    if (request.queries().size() > MAX_QUERIES_PER_CALL) {
      throw new IllegalArgumentException("GetMetricData takes at most " + MAX_QUERIES_PER_CALL + " queries, got " + request.queries().size());
    }
    int offset = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
    List<MetricSeries> out = new ArrayList<>();
    long budget = MAX_DATAPOINTS_PER_CALL;
    int q = offset;
    for (; q < request.queries().size(); q++) {
      MetricQuery query = request.queries().get(q);
      MetricSeries s = series(query, request.start(), request.end());
      if (s.size() > budget && !out.isEmpty()) break;
      out.add(s);
      budget -= s.size();
    }
    return new MetricDataPage(out, q < request.queries().size() ? Integer.toString(q) : null);
  }

  private MetricSeries series(MetricQuery query, Instant from, Instant to) {
    int period = query.periodSeconds();
    if (period % 60 != 0) throw new IllegalArgumentException("query " + query.id() + ": period must be a multiple of 60 s (1-minute metrics)");
    String variantName = query.dimensions().getOrDefault("VariantName", VARIANT);
    if (!ENDPOINT.equals(query.dimensions().get("EndpointName")) || !VARIANT.equals(variantName)) {
      return new MetricSeries(query, new long[0], new double[0]);
    }
    int perPeriod = period / 60;
    long first = Math.max(from.getEpochSecond(), start.getEpochSecond());
    java.time.Clock live = liveClock;
    long last = Math.min(to.getEpochSecond(), (live == null ? end() : live.instant()).getEpochSecond());
    first = start.getEpochSecond() + ceilDiv(first - start.getEpochSecond(), period) * period;
    List<Long> times = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (long t = first; t + period <= last; t += period) {
      int m0 = (int) ((t - start.getEpochSecond()) / 60);
      Double v = aggregate(query, m0, perPeriod);
      if (v != null) {
        times.add(t);
        values.add(v);
      }
    }
    return new MetricSeries(query, times.stream().mapToLong(Long::longValue).toArray(), values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static long ceilDiv(long a, long b) {
    return a <= 0 ? 0 : (a + b - 1) / b;
  }

  private Double aggregate(MetricQuery q, int m0, int n) {
    // changes apply after the recorded month: its minutes are served by the recorded variant, later ones by the one in force then
    ProductionVariant v = m0 < DAYS * 24 * 60 ? endpoint.primary() : servingAt(start.plusSeconds(60L * m0));
    double sum = 0, max = Double.NEGATIVE_INFINITY, weighted = 0, weights = 0;
    for (int m = m0; m < m0 + n; m++) {
      double rate = rateAt(m);
      double perInstance = rate / v.instanceCount();
      double value = minuteValue(q, m, rate, perInstance, v);
      sum += value;
      max = Math.max(max, value);
      weighted += value * rate;
      weights += rate;
    }
    return switch (q.stat()) {
      case "Sum" -> sum;
      case "Average" -> q.metricName().equals("ModelLatency") && weights > 0 ? weighted / weights : sum / n;
      case "Maximum" -> max;
      // a period percentile approximated by the invocation-weighted mean of the minute percentiles
      case "p95", "p50" -> weights > 0 ? weighted / weights : sum / n;
      default -> throw new IllegalArgumentException("query " + q.id() + ": statistic " + q.stat() + " is not simulated");
    };
  }

  private double minuteValue(MetricQuery q, int minute, double rate, double perInstance, ProductionVariant v) {
    String type = v.instanceType();
    ModelVariant model = v.model();
    int gpus = dev.tap.optimizer.family.sagemaker.GpuInstanceType.of(type).gpus();
    double noise = 1 + 0.03 * TrafficShape.gaussian(new SplittableRandom(seed * 1_000_003L + minute * 31L + q.metricName().hashCode()));
    return switch (q.metricName()) {
      case "Invocations" -> rate * 60;
      case "InvocationsPerInstance" -> perInstance * 60;
      // ModelLatency is in microseconds; the stat picks p50/p95, Average is close to the median
      case "ModelLatency" -> 1000 * noise * (q.stat().equals("p95") || q.stat().equals("Maximum")
          ? ServingPhysics.p95Ms(perInstance, type, model) : ServingPhysics.p50Ms(perInstance, type, model));
      // /aws/sagemaker/Endpoints reports GPU metrics summed over the instance's GPUs (0-100 x GPUs)
      case "GPUUtilization" -> gpus * Math.min(100, ServingPhysics.gpuUtilPerGpu(perInstance, type, model) * noise);
      case "GPUMemoryUtilization" -> gpus * ServingPhysics.gpuMemPerGpu(perInstance, type, model);
      case "Invocation5XXErrors" -> rate * 60 * ServingPhysics.errorRate(perInstance, type, model);
      default -> throw new IllegalArgumentException("query " + q.id() + ": metric " + q.metricName() + " is not simulated");
    };
  }
}
