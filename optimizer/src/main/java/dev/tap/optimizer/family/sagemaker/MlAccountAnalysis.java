package dev.tap.optimizer.family.sagemaker;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.pricing.MissingPriceException;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.Service;
import dev.tap.optimizer.pricing.SpotSavings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * M1/M2 on a real account: the same sizing and spot-training analysis as on the simulated platform,
 * with endpoints from SageMaker, per-minute metrics from CloudWatch and training jobs from
 * ListTrainingJobs/DescribeTrainingJob. The rollout (M3) is not run here: on AWS it runs when
 * {@code tap apply} carries out the endpoint action (the AWS adapter's {@code AwsEndpointActions}).
 *
 * <p>Minutes without an Invocations datapoint had no requests (rate 0); minutes without a latency
 * or GPU datapoint are unknown (NaN) and left out of medians, means and fits.
 */
public final class MlAccountAnalysis {
  private final SageMakerApi api;
  private final VariantAutoscalingApi scaling;
  private final MetricDataSource metrics;
  private final PriceBook book;
  private final String region;
  private final Consumer<String> log;

  public MlAccountAnalysis(SageMakerApi api, VariantAutoscalingApi scaling, MetricDataSource metrics, PriceBook book, String region, Consumer<String> log) {
    this.api = api;
    this.scaling = scaling;
    this.metrics = metrics;
    this.book = book;
    this.region = region;
    this.log = log;
  }

  /** One run per analysed endpoint; the training analysis and its action ride on the first. */
  public List<MlRun> analyse(List<String> names, Instant start, Instant end, String latencyStat, Instant now) {
    List<String> endpoints = names.isEmpty() ? api.listEndpoints(region) : names;
    if (endpoints.isEmpty()) {
      throw new UserError(ExitCode.BAD_INPUT, "no InService SageMaker endpoint in " + region + ": pass --region where the endpoints run, or --endpoint NAME.");
    }
    MlRun.Training training = training(start);
    List<MlRun> runs = new ArrayList<>();
    for (String name : endpoints) {
      Endpoint ep = api.describeEndpoint(region, name);
      ProductionVariant cur = ep.primary();
      if (GpuInstanceType.find(cur.instanceType()).isEmpty()) {
        log.accept("tap ml: " + name + " serves on " + cur.instanceType() + ", not a GPU type TAP sizes; skipped");
        continue;
      }
      runs.add(endpoint(ep, start, end, latencyStat, now, runs.isEmpty() ? training : null));
    }
    if (runs.isEmpty()) throw new UserError(ExitCode.BAD_INPUT, "none of " + endpoints + " in " + region + " serves on a GPU instance type TAP sizes (" 
        + GpuInstanceType.CATALOG.stream().map(GpuInstanceType::type).collect(Collectors.joining(", ")) + ").");
    return runs;
  }

  private MlRun endpoint(Endpoint ep, Instant start, Instant end, String latencyStat, Instant now, MlRun.Training training) {
    ProductionVariant cur = ep.primary();
    List<MetricQuery> queries = EndpointMetrics.queries(ep.name(), cur.variantName(), 60).stream()
        .filter(q -> !q.id().equals("latencyP50"))
        .map(q -> q.id().equals("latencyP95") ? new MetricQuery(q.id(), q.namespace(), q.metricName(), q.dimensions(), latencyStat, q.periodSeconds()) : q)
        .toList();
    Map<String, MetricSeries> raw = MetricsEngine.fetchQueries(metrics, queries, start, end);
    if (raw.get("invocations").size() == 0) {
      throw new UserError(ExitCode.BAD_INPUT, "no AWS/SageMaker Invocations datapoints for " + ep.name() + "/" + cur.variantName() + " in " + region
          + " between " + start + " and " + end + ": the endpoint had no traffic, or CloudWatch holds no 1-minute data that old (15 days); shorten --days.");
    }
    if (raw.get("latencyP95").size() == 0) {
      throw new UserError(ExitCode.BAD_INPUT, "no AWS/SageMaker ModelLatency " + latencyStat + " datapoints for " + ep.name() + "/" + cur.variantName()
          + " in " + region + " between " + start + " and " + end + ": TAP cannot measure the throughput an instance serves within the latency objective.");
    }
    int minutes = (int) Duration.between(start, end).toMinutes();
    Map<String, MetricSeries> m = new LinkedHashMap<>();
    for (MetricQuery q : queries) m.put(q.id(), onMinutes(raw.get(q.id()), start, minutes, q.id().equals("invocations") || q.id().equals("perInstance") ? 0 : Double.NaN));
    List<String> types = MlRunParts.pricedGpuTypes(book, region);
    if (types.isEmpty()) throw new UserError(ExitCode.BAD_INPUT, "the price list " + book.citation() + " prices no SageMaker GPU hosting type in " + region + "; pass --prices with a list that does.");
    MlRunParts.EndpointFit fit = MlRunParts.fit(cur, m, book, region, types, List.of(cur.model()));
    double[] rate = fit.rate();
    double[] p95 = fit.p95();
    double[] gpu = fit.gpu();
    SizingPolicy policy = fit.policy();
    EndpointSizing.Result sizing = fit.sizing();
    int days = (int) Math.max(1, Duration.between(start, end).toDays());
    Action endpointAction = withLiveAutoscaling(MlActions.endpoint(ep, sizing, policy, days, rate, p95), ep);
    List<Action> actions = new ArrayList<>(List.of(endpointAction));
    if (training != null && training.estimate() != null) actions.add(trainingAction);
    String source = String.format(java.util.Locale.ROOT, "CloudWatch AWS/SageMaker and /aws/sagemaker/Endpoints, 1-minute %s to %s (ModelLatency %s)",
        start, end, latencyStat);
    return new MlRun(MlRun.SCHEMA_VERSION, 0, now.toString(), region, source, book.citation(), ep, sizing,
        MlRunParts.hourly(m, rate, cur, sizing.best(), sizing, policy), MlRunParts.latency(rate, p95, gpu, cur), training, List.of(), actions);
  }

  private Action trainingAction;

  /**
   * The plan's before-state must be what the executor will read ({@code AwsEndpointActions.read}):
   * the configured instance count (autoscaling moves the live one) and an existing target-tracking policy, if any.
   */
  private Action withLiveAutoscaling(Action a, Endpoint ep) {
    Map<String, String> before = new LinkedHashMap<>(a.before());
    api.endpointConfigVariants(region, ep.configName()).stream().filter(v -> v.variantName().equals(ep.primary().variantName())).findFirst()
        .ifPresent(v -> before.put("instanceCount", Integer.toString(v.instanceCount())));
    Optional<VariantAutoscalingApi.TargetTracking> live = scaling.describe(region, ep.name(), ep.primary().variantName());
    if (live.isEmpty()) {
      before.put(MlActions.MIN_INSTANCES, before.get("instanceCount"));
      before.put(MlActions.MAX_INSTANCES, before.get("instanceCount"));
      return new Action(a.id(), a.kind(), a.resourceId(), a.region(), before, a.after(), a.monthlyCostBefore(), a.monthlyCostAfter(), a.risk(),
          a.confidence(), a.evidence(), a.backtest(), a.rationale());
    }
    before.put("autoscaling", live.get().describe());
    before.put(MlActions.MIN_INSTANCES, Integer.toString(live.get().minInstances()));
    before.put(MlActions.MAX_INSTANCES, Integer.toString(live.get().maxInstances()));
    before.put(MlActions.TARGET_PER_MINUTE, String.format(java.util.Locale.ROOT, "%.0f", live.get().targetPerInstancePerMinute()));
    return new Action(a.id(), a.kind(), a.resourceId(), a.region(), before, a.after(), a.monthlyCostBefore(), a.monthlyCostAfter(), a.risk(),
        a.confidence(), a.evidence(), a.backtest(), a.rationale());
  }

  /**
   * Training jobs since {@code start}, grouped by name family (the name without its trailing run
   * number or date); the family with the most on-demand instance-hours is priced on managed spot.
   */
  private MlRun.Training training(Instant start) {
    // a job that reports no training time cannot be priced (emulators report none)
    List<TrainingJob> all = api.trainingJobs(region, start).stream().filter(j -> !j.managedSpot() && j.trainingSeconds() > 0).toList();
    if (all.isEmpty()) {
      log.accept("tap ml: no completed on-demand training job with a training time in " + region + " since " + start + "; no spot-training analysis");
      return null;
    }
    Map<String, List<TrainingJob>> families = all.stream().collect(Collectors.groupingBy(MlAccountAnalysis::family, LinkedHashMap::new, Collectors.toList()));
    var top = families.entrySet().stream()
        .max(Comparator.comparingDouble(e -> e.getValue().stream().mapToDouble(TrainingJob::billableInstanceHours).sum())).orElseThrow();
    // one instance shape per estimate: the family's most common one
    var shape = top.getValue().stream().collect(Collectors.groupingBy(j -> j.instanceType() + "x" + j.instanceCount(), Collectors.toList()))
        .values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
    if (families.size() > 1) log.accept("tap ml: training families " + families.keySet() + "; priced: " + top.getKey());
    TrainingJob first = shape.get(0);
    SpotSavings spot;
    double od;
    try {
      spot = book.spotTrainingSavings(first.instanceType(), region);
      od = book.onDemandHourly(Service.SAGEMAKER_TRAINING, first.instanceType(), region);
    } catch (MissingPriceException e) {
      log.accept("tap ml: " + e.getMessage() + "; no spot-training analysis for " + top.getKey());
      return null;
    }
    double fraction = SpotTraining.monthlyInterruptionFraction(spot.interruptionBand());
    SpotPolicy sp = SpotPolicy.defaults();
    SpotTraining.Estimate est = SpotTraining.estimate(shape, od, spot.savingsPercent(), spot.interruptionBand(), fraction, sp,
        "s3://<your-bucket>/checkpoints/" + top.getKey() + "/");
    trainingAction = MlActions.training(MlActions.TRAINING_PREFIX + top.getKey(), region, est, spot.source());
    List<SpotTraining.SimulatedJob> stated = SpotTraining.simulate(shape, od, spot.savingsPercent(),
        SpotTraining.jobHazardPerHour(fraction, first.instanceCount()), est.checkpointIntervalSeconds(), sp, 42);
    List<SpotTraining.SimulatedJob> stress = SpotTraining.simulate(shape, od, spot.savingsPercent(), MlRunParts.STRESS_HAZARD_PER_JOB_HOUR,
        SpotTraining.checkpointIntervalSeconds(MlRunParts.STRESS_HAZARD_PER_JOB_HOUR, sp), sp, 42);
    Map<String, Double> cost = MlRunParts.trainingCosts(est, stated, stress, shape.size());
    return new MlRun.Training(shape, est, book.describeSource(spot.source()), MlRunParts.STRESS_HAZARD_PER_JOB_HOUR, stated, stress, cost);
  }

  /** {@code fraud-train-2026-11-30-02-00} and {@code fraud-train-17} are both of family {@code fraud-train}. */
  static String family(TrainingJob j) {
    String f = j.name().replaceAll("([-_]\\d+)+$", "");
    return f.isEmpty() ? j.name() : f;
  }

  /** The series on a grid of {@code minutes} one-minute slots from {@code start}; empty slots get {@code missing}. */
  static MetricSeries onMinutes(MetricSeries s, Instant start, int minutes, double missing) {
    long[] t = new long[minutes];
    double[] v = new double[minutes];
    java.util.Arrays.fill(v, missing);
    long t0 = start.getEpochSecond();
    for (int i = 0; i < minutes; i++) t[i] = t0 + 60L * i;
    for (int i = 0; i < s.size(); i++) {
      long slot = (s.times()[i] - t0) / 60;
      if (slot >= 0 && slot < minutes) v[(int) slot] = s.values()[i];
    }
    return new MetricSeries(s.query(), t, v);
  }
}
