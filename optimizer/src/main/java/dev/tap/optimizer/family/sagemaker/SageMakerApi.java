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
}
