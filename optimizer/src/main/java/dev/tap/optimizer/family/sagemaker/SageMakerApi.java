package dev.tap.optimizer.family.sagemaker;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The SageMaker verbs the ML analysis and rollout need, in domain terms (no SDK types). */
public interface SageMakerApi {

  /** Names of the region's endpoints that are InService. */
  List<String> listEndpoints(String region);

  /** The endpoint with its current config's production variants (type, count, weight). */
  Endpoint describeEndpoint(String region, String name);

  /** Completed training jobs created since {@code since}, with durations, billable seconds and spot use. */
  List<TrainingJob> trainingJobs(String region, Instant since);

  /**
   * UpdateEndpoint to a new endpoint config with a blue/green deployment: canary (or linear) traffic
   * shifting, a wait between steps, and automatic rollback on the named CloudWatch alarms.
   */
  void updateEndpointBlueGreen(String region, String endpoint, String newConfigName, TrafficShift shift, List<String> rollbackAlarms);

  /** SageMaker's TrafficRoutingConfiguration: CANARY (one step of {@code percent}) or LINEAR (steps of {@code percent}). */
  record TrafficShift(String type, int percent, int waitSeconds, int terminationWaitSeconds, int maxExecutionSeconds) {
    public TrafficShift {
      if (!type.equals("CANARY") && !type.equals("LINEAR")) throw new IllegalArgumentException("traffic shift type must be CANARY or LINEAR: " + type);
      if (percent < 1 || percent > 100) throw new IllegalArgumentException("traffic shift percent must be 1-100: " + percent);
    }
  }

  /** UpdateEndpointWeightsAndCapacities: a variant's weight (and optionally instance count). */
  void updateWeight(String region, String endpoint, String variant, double weight, Integer instanceCount);

  // --- what the AWS executor action needs besides the analysis (added with AwsEndpointActions) ---

  /** The endpoint's status (InService, Updating, RollingBack, Failed, ...), its serving config and the failure reason if any. */
  record EndpointState(String status, String configName, String failureReason) {
    public boolean inService() { return "InService".equals(status); }
  }

  EndpointState endpointState(String region, String endpoint);

  /** One variant of an endpoint config to create: an existing model on {@code count} instances of {@code instanceType}. */
  record VariantSpec(String variantName, String modelName, String instanceType, int instanceCount, double weight) {}

  /**
   * CreateEndpointConfig with these production variants and (possibly empty) shadow variants;
   * copies the data-capture and KMS settings of {@code copySettingsFrom} (the serving config).
   */
  void createEndpointConfig(String region, String configName, String copySettingsFrom, List<VariantSpec> production, List<VariantSpec> shadow);

  /** The production variants of an endpoint config as configured (InitialInstanceCount and InitialVariantWeight). */
  List<VariantSpec> endpointConfigVariants(String region, String configName);

  /** UpdateEndpoint to another config without a deployment policy (used for shadow variants and for rollback). */
  void updateEndpoint(String region, String endpoint, String configName);

  /** The most recent completed training job whose name contains {@code nameContains}, if any. */
  Optional<TrainingJob> latestTrainingJob(String region, String nameContains);
}
