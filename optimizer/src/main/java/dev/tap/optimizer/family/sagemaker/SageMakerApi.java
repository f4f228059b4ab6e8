package dev.tap.optimizer.family.sagemaker;

import java.time.Instant;
import java.util.List;

/** The SageMaker verbs the ML analysis and rollout need, in domain terms (no SDK types). */
public interface SageMakerApi {

  /** Names of the region's endpoints that are InService. */
  List<String> listEndpoints(String region);

  /** The endpoint with its current config's production variants (type, count, weight). */
  Endpoint describeEndpoint(String region, String name);

  /** Completed training jobs created since {@code since}, with durations, billable seconds and spot use. */
  List<TrainingJob> trainingJobs(String region, Instant since);

  /** UpdateEndpointWeightsAndCapacities: a variant's weight (and optionally instance count). */
  void updateWeight(String region, String endpoint, String variant, double weight, Integer instanceCount);
}
