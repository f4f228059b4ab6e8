package dev.tap.optimizer.family.sagemaker;

/**
 * The narrow port the rollout drives: on AWS a shadow variant, UpdateEndpointWeightsAndCapacities
 * and the variants' CloudWatch metrics; on the simulated account the serving model. Minutes are on
 * the rollout's (virtual) clock.
 */
public interface RolloutTarget {

  /** Prediction and latency comparison of the same replayed requests on both configurations. */
  record ShadowComparison(int requests, double currentP95Ms, double candidateP95Ms, double currentAccuracy,
      double candidateAccuracy, double agreement) {
    public double accuracyDropPp() { return 100 * (currentAccuracy - candidateAccuracy); }
    public double p95Increase() { return candidateP95Ms / currentP95Ms - 1; }
  }

  /** What the candidate variant's alarms saw during one bake window. */
  record StepObservation(double baselineP95Ms, double candidateP95Ms, double candidateErrorRate, double candidateInvocations) {}

  /** Labelled outcomes of each arm of the A/B test. */
  record ArmCounts(long currentCorrect, long currentTotal, long candidateCorrect, long candidateTotal, double hours) {}

  ShadowComparison shadow(Candidate candidate, int requests);

  StepObservation shiftAndBake(Candidate candidate, int candidatePercent, long fromMinute, int minutes);

  ArmCounts abTest(Candidate candidate, int candidatePercent, long fromMinute, long labelledPerArm);

  /** Weight back to the current variant, candidate removed. */
  void rollback(Candidate candidate);

  /** The candidate configuration: model, instance type and the autoscaling bounds it runs with. */
  record Candidate(String name, ModelVariant model, String instanceType, int minInstances, int maxInstances, double targetPerInstancePerSecond) {}
}
