package dev.tap.optimizer.family.sagemaker;

import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory SageMaker endpoint for the AWS action's logic: configs, the serving config, weight
 * updates, a blue/green update that an alarm may roll back, autoscaling, and CloudWatch values per
 * variant. moto serves none of UpdateEndpoint, shadow variants or percentiles, so the sequence of
 * calls is tested here and each call's wire format against moto or served responses.
 */
public final class FakeSageMaker implements SageMakerApi, VariantAutoscalingApi, RollbackAlarms, MetricDataSource {
  public record Config(List<VariantSpec> production, List<VariantSpec> shadow) {}

  public final Map<String, Config> configs = new HashMap<>();
  public final List<String> calls = new ArrayList<>();
  public String serving;
  /** When set, the next blue/green update is rolled back by SageMaker (an alarm fired). */
  public boolean alarmFiresDuringCanary;
  public TrafficShift lastShift;
  /** When set, PutMetricAlarm is denied (as AwsClients reports it). */
  public boolean alarmsDenied;
  public List<String> lastAlarms;
  public Optional<TargetTracking> scaling = Optional.empty();
  /** CloudWatch values by metric name + "/" + variant (ModelLatency in microseconds). */
  public final Map<String, Double> metricValues = new HashMap<>();

  public FakeSageMaker(String endpoint, VariantSpec primary) {
    configs.put("fraud-config-v1", new Config(List.of(primary), List.of()));
    serving = "fraud-config-v1";
  }

  @Override public List<String> listEndpoints(String region) { return List.of("fraud-scoring"); }

  /** Completed training jobs ListTrainingJobs/DescribeTrainingJob report. */
  public final List<TrainingJob> jobs = new ArrayList<>();

  @Override
  public Endpoint describeEndpoint(String region, String name) {
    return new Endpoint(name, region, serving, configs.get(serving).production().stream()
        .map(v -> new ProductionVariant(v.variantName(), v.modelName(), ModelVariant.fromModelName(v.modelName()), v.instanceType(), v.instanceCount(), v.weight()))
        .toList());
  }

  @Override
  public List<TrainingJob> trainingJobs(String region, Instant since) {
    return jobs.stream().filter(j -> !j.start().isBefore(since)).toList();
  }

  @Override
  public void updateEndpointBlueGreen(String region, String endpoint, String newConfigName, TrafficShift shift, List<String> rollbackAlarms) {
    calls.add("UpdateEndpoint(blue/green " + shift.type() + " " + shift.percent() + ") " + newConfigName);
    if (!configs.containsKey(newConfigName)) throw new IllegalStateException("no config " + newConfigName);
    lastShift = shift;
    lastAlarms = rollbackAlarms;
    if (!alarmFiresDuringCanary) serving = newConfigName;
  }

  @Override
  public void updateWeight(String region, String endpoint, String variant, double weight, Integer instanceCount) {
    calls.add("UpdateEndpointWeightsAndCapacities " + variant + "=" + weight);
  }

  @Override
  public EndpointState endpointState(String region, String endpoint) {
    return new EndpointState("InService", serving, alarmFiresDuringCanary && lastShift != null ? "alarm fraud-scoring-tap-rollout-p95 fired; rolled back" : null);
  }

  @Override
  public void createEndpointConfig(String region, String configName, String copySettingsFrom, List<VariantSpec> production, List<VariantSpec> shadow) {
    calls.add("CreateEndpointConfig " + configName);
    if (configs.putIfAbsent(configName, new Config(List.copyOf(production), List.copyOf(shadow))) != null) {
      throw new IllegalStateException("config " + configName + " exists");
    }
  }

  @Override
  public void updateEndpoint(String region, String endpoint, String configName) {
    calls.add("UpdateEndpoint " + configName);
    if (!configs.containsKey(configName)) throw new IllegalStateException("no config " + configName);
    serving = configName;
  }

  @Override
  public List<VariantSpec> endpointConfigVariants(String region, String configName) {
    return configs.get(configName).production();
  }

  @Override
  public Optional<TrainingJob> latestTrainingJob(String region, String nameContains) {
    return Optional.of(new TrainingJob(nameContains + "-2026-11-30", region, "ml.p3.8xlarge", 2, Instant.parse("2026-11-30T02:00:00Z"),
        4 * 3600, 4 * 3600, false, 8 * 3600, 0));
  }

  @Override public Optional<TargetTracking> describe(String region, String endpoint, String variant) { return scaling; }

  @Override
  public void apply(String region, String endpoint, String variant, TargetTracking policy) {
    calls.add("PutScalingPolicy " + policy.describe());
    scaling = Optional.of(policy);
  }

  @Override
  public void remove(String region, String endpoint, String variant) {
    if (scaling.isPresent()) calls.add("DeregisterScalableTarget");
    scaling = Optional.empty();
  }

  @Override
  public List<String> put(String region, String endpoint, String variant, double maxP95Ms, double maxErrorRate, int periodSeconds) {
    if (alarmsDenied) {
      throw new dev.tap.optimizer.error.UserError(dev.tap.optimizer.error.ExitCode.AWS_ACCESS,
          "AWS denied cloudwatch:PutMetricAlarm in " + region + ": grant it to the role tap runs as");
    }
    calls.add(String.format(java.util.Locale.ROOT, "PutMetricAlarm p95>%.2fms 5xx>%.3f", maxP95Ms, maxErrorRate));
    return List.of(endpoint + "-tap-rollout-p95", endpoint + "-tap-rollout-5xx");
  }

  @Override
  public MetricDataPage getMetricData(MetricDataRequest request) {
    List<MetricSeries> out = new ArrayList<>();
    for (MetricQuery q : request.queries()) {
      Double v = metricValues.get(q.metricName() + "/" + q.dimensions().get("VariantName"));
      out.add(v == null ? new MetricSeries(q, new long[0], new double[0])
          : new MetricSeries(q, new long[] {request.start().getEpochSecond()}, new double[] {v}));
    }
    return new MetricDataPage(out, null);
  }
}
