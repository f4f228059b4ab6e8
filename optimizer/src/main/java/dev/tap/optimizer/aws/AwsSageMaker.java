package dev.tap.optimizer.aws;

import dev.tap.optimizer.family.sagemaker.Endpoint;
import dev.tap.optimizer.family.sagemaker.ModelVariant;
import dev.tap.optimizer.family.sagemaker.ProductionVariant;
import dev.tap.optimizer.family.sagemaker.SageMakerApi;
import dev.tap.optimizer.family.sagemaker.TrainingJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Alarm;
import software.amazon.awssdk.services.sagemaker.model.AutoRollbackConfig;
import software.amazon.awssdk.services.sagemaker.model.BlueGreenUpdatePolicy;
import software.amazon.awssdk.services.sagemaker.model.CapacitySize;
import software.amazon.awssdk.services.sagemaker.model.CapacitySizeType;
import software.amazon.awssdk.services.sagemaker.model.DeploymentConfig;
import software.amazon.awssdk.services.sagemaker.model.TrafficRoutingConfig;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.DesiredWeightAndCapacity;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobSummary;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;
import software.amazon.awssdk.services.sagemaker.model.SortBy;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;

/**
 * {@link SageMakerApi} on the AWS SDK: ListEndpoints, DescribeEndpoint (live weights and counts),
 * DescribeEndpointConfig (instance types), ListTrainingJobs + DescribeTrainingJob,
 * UpdateEndpoint (blue/green with canary or linear shifting and alarm rollback),
 * UpdateEndpointWeightsAndCapacities. Every call goes through {@link AwsClients#call}.
 */
public final class AwsSageMaker implements SageMakerApi {
  private final AwsClients aws;

  public AwsSageMaker(AwsClients aws) {
    this.aws = aws;
  }

  private SageMakerClient client(String region) {
    return aws.sageMaker(region);
  }

  @Override
  public List<String> listEndpoints(String region) {
    // pages are fetched while iterating, so the iteration belongs inside the call (its errors become UserErrors)
    return aws.call("sagemaker:ListEndpoints", region, () -> {
      List<String> names = new ArrayList<>();
      client(region).listEndpointsPaginator(b -> b.statusEquals(EndpointStatus.IN_SERVICE)).endpoints().forEach(e -> names.add(e.endpointName()));
      return names;
    });
  }

  @Override
  public Endpoint describeEndpoint(String region, String name) {
    DescribeEndpointResponse ep = aws.call("sagemaker:DescribeEndpoint", region, () -> client(region).describeEndpoint(b -> b.endpointName(name)));
    DescribeEndpointConfigResponse cfg = aws.call("sagemaker:DescribeEndpointConfig", region,
        () -> client(region).describeEndpointConfig(b -> b.endpointConfigName(ep.endpointConfigName())));
    Map<String, software.amazon.awssdk.services.sagemaker.model.ProductionVariant> configured = cfg.productionVariants().stream()
        .collect(Collectors.toMap(software.amazon.awssdk.services.sagemaker.model.ProductionVariant::variantName, Function.identity()));
    List<ProductionVariant> variants = new ArrayList<>();
    for (ProductionVariantSummary live : ep.productionVariants()) {
      var c = configured.get(live.variantName());
      if (c == null || c.instanceTypeAsString() == null) {
        throw new IllegalStateException("endpoint " + name + " variant " + live.variantName() + " has no instance type in config "
            + ep.endpointConfigName() + " (serverless variants are not right-sized by TAP)");
      }
      // the live summary holds the current weight and count (autoscaling and weight updates change them)
      int count = live.currentInstanceCount() != null ? live.currentInstanceCount() : c.initialInstanceCount();
      double weight = live.currentWeight() != null ? live.currentWeight() : c.initialVariantWeight();
      variants.add(new ProductionVariant(live.variantName(), c.modelName(), modelVariant(c.modelName()), c.instanceTypeAsString(), count, weight));
    }
    return new Endpoint(name, region, ep.endpointConfigName(), variants);
  }

  /** A model whose name says int8 is taken as quantised; anything else as FP32. */
  static ModelVariant modelVariant(String modelName) {
    return ModelVariant.fromModelName(modelName);
  }

  @Override
  public List<TrainingJob> trainingJobs(String region, Instant since) {
    List<TrainingJobSummary> summaries = aws.call("sagemaker:ListTrainingJobs", region, () -> {
      List<TrainingJobSummary> all = new ArrayList<>();
      client(region).listTrainingJobsPaginator(b -> b.creationTimeAfter(since)).trainingJobSummaries().forEach(all::add);
      return all;
    });
    List<TrainingJob> jobs = new ArrayList<>();
    for (TrainingJobSummary s : summaries) {
      if (s.trainingJobStatus() != TrainingJobStatus.COMPLETED) continue;
      DescribeTrainingJobResponse d = aws.call("sagemaker:DescribeTrainingJob", region,
          () -> client(region).describeTrainingJob(b -> b.trainingJobName(s.trainingJobName())));
      jobs.add(toJob(region, d));
    }
    return jobs;
  }

  private static TrainingJob toJob(String region, DescribeTrainingJobResponse d) {
    long training = d.trainingTimeInSeconds() != null ? d.trainingTimeInSeconds()
        : Duration.between(d.trainingStartTime(), d.trainingEndTime()).getSeconds();
    boolean spot = Boolean.TRUE.equals(d.enableManagedSpotTraining());
    // on-demand jobs are billed for their training time; only spot jobs report a smaller billable time
    long billable = d.billableTimeInSeconds() != null ? d.billableTimeInSeconds() : training;
    var stop = d.stoppingCondition();
    return new TrainingJob(d.trainingJobName(), region, d.resourceConfig().instanceTypeAsString(), d.resourceConfig().instanceCount(),
        d.trainingStartTime() != null ? d.trainingStartTime() : d.creationTime(), training, billable, spot,
        stop != null && stop.maxRuntimeInSeconds() != null ? stop.maxRuntimeInSeconds() : 0,
        stop != null && stop.maxWaitTimeInSeconds() != null ? stop.maxWaitTimeInSeconds() : 0);
  }

  @Override
  public void updateEndpointBlueGreen(String region, String endpoint, String newConfigName, TrafficShift shift, List<String> rollbackAlarms) {
    CapacitySize step = CapacitySize.builder().type(CapacitySizeType.CAPACITY_PERCENT).value(shift.percent()).build();
    TrafficRoutingConfig.Builder routing = TrafficRoutingConfig.builder().type(shift.type()).waitIntervalInSeconds(shift.waitSeconds());
    if (shift.type().equals("CANARY")) routing.canarySize(step); else routing.linearStepSize(step);
    DeploymentConfig deployment = DeploymentConfig.builder()
        .blueGreenUpdatePolicy(BlueGreenUpdatePolicy.builder().trafficRoutingConfiguration(routing.build())
            .terminationWaitInSeconds(shift.terminationWaitSeconds()).maximumExecutionTimeoutInSeconds(shift.maxExecutionSeconds()).build())
        .autoRollbackConfiguration(AutoRollbackConfig.builder().alarms(rollbackAlarms.stream().map(a -> Alarm.builder().alarmName(a).build()).toList()).build())
        .build();
    aws.call("sagemaker:UpdateEndpoint", region,
        () -> client(region).updateEndpoint(b -> b.endpointName(endpoint).endpointConfigName(newConfigName).deploymentConfig(deployment)));
  }

  @Override
  public void updateWeight(String region, String endpoint, String variant, double weight, Integer instanceCount) {
    DesiredWeightAndCapacity.Builder d = DesiredWeightAndCapacity.builder().variantName(variant).desiredWeight((float) weight);
    if (instanceCount != null) d.desiredInstanceCount(instanceCount);
    aws.call("sagemaker:UpdateEndpointWeightsAndCapacities", region,
        () -> client(region).updateEndpointWeightsAndCapacities(b -> b.endpointName(endpoint).desiredWeightsAndCapacities(d.build())));
  }

  @Override
  public EndpointState endpointState(String region, String endpoint) {
    DescribeEndpointResponse ep = aws.call("sagemaker:DescribeEndpoint", region, () -> client(region).describeEndpoint(b -> b.endpointName(endpoint)));
    return new EndpointState(ep.endpointStatusAsString(), ep.endpointConfigName(), ep.failureReason());
  }

  @Override
  public List<VariantSpec> endpointConfigVariants(String region, String configName) {
    DescribeEndpointConfigResponse cfg = aws.call("sagemaker:DescribeEndpointConfig", region,
        () -> client(region).describeEndpointConfig(b -> b.endpointConfigName(configName)));
    return cfg.productionVariants().stream().map(v -> new VariantSpec(v.variantName(), v.modelName(), v.instanceTypeAsString(),
        v.initialInstanceCount() == null ? 0 : v.initialInstanceCount(), v.initialVariantWeight() == null ? 1.0 : v.initialVariantWeight())).toList();
  }

  @Override
  public void createEndpointConfig(String region, String configName, String copySettingsFrom, List<VariantSpec> production, List<VariantSpec> shadow) {
    DescribeEndpointConfigResponse from = aws.call("sagemaker:DescribeEndpointConfig", region,
        () -> client(region).describeEndpointConfig(b -> b.endpointConfigName(copySettingsFrom)));
    aws.call("sagemaker:CreateEndpointConfig", region, () -> client(region).createEndpointConfig(b -> {
      b.endpointConfigName(configName).productionVariants(production.stream().map(AwsSageMaker::toSdk).toList());
      if (!shadow.isEmpty()) b.shadowProductionVariants(shadow.stream().map(AwsSageMaker::toSdk).toList());
      // the new config must keep what the serving one promised: encryption and request capture
      if (from.kmsKeyId() != null) b.kmsKeyId(from.kmsKeyId());
      if (from.dataCaptureConfig() != null) b.dataCaptureConfig(from.dataCaptureConfig());
    }));
  }

  private static software.amazon.awssdk.services.sagemaker.model.ProductionVariant toSdk(VariantSpec v) {
    return software.amazon.awssdk.services.sagemaker.model.ProductionVariant.builder().variantName(v.variantName()).modelName(v.modelName())
        .instanceType(ProductionVariantInstanceType.fromValue(v.instanceType())).initialInstanceCount(v.instanceCount())
        .initialVariantWeight((float) v.weight()).build();
  }

  @Override
  public void updateEndpoint(String region, String endpoint, String configName) {
    aws.call("sagemaker:UpdateEndpoint", region, () -> client(region).updateEndpoint(b -> b.endpointName(endpoint).endpointConfigName(configName)));
  }

  @Override
  public Optional<TrainingJob> latestTrainingJob(String region, String nameContains) {
    var page = aws.call("sagemaker:ListTrainingJobs", region, () -> client(region).listTrainingJobs(b -> b.nameContains(nameContains)
        .statusEquals(TrainingJobStatus.COMPLETED).sortBy(SortBy.CREATION_TIME).sortOrder(SortOrder.DESCENDING).maxResults(1)));
    if (page.trainingJobSummaries().isEmpty()) return Optional.empty();
    String name = page.trainingJobSummaries().get(0).trainingJobName();
    DescribeTrainingJobResponse d = aws.call("sagemaker:DescribeTrainingJob", region, () -> client(region).describeTrainingJob(b -> b.trainingJobName(name)));
    return Optional.of(toJob(region, d));
  }
}
