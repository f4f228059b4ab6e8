package dev.tap.optimizer.family.sagemaker;

import java.util.Locale;
import java.util.Optional;

/**
 * Target tracking of an endpoint variant's instance count on SageMakerVariantInvocationsPerInstance
 * (Application Auto Scaling), in domain terms.
 */
public interface VariantAutoscalingApi {

  /** The registered bounds and the target-tracking policy (invocations per instance per minute, as CloudWatch counts them). */
  record TargetTracking(int minInstances, int maxInstances, double targetPerInstancePerMinute, int scaleInCooldownSeconds, int scaleOutCooldownSeconds) {
    public TargetTracking {
      if (minInstances < 1 || maxInstances < minInstances) throw new IllegalArgumentException("autoscaling bounds must satisfy 1 <= min <= max: " + minInstances + ".." + maxInstances);
      if (!(targetPerInstancePerMinute > 0)) throw new IllegalArgumentException("autoscaling target must be positive: " + targetPerInstancePerMinute);
    }

    /** The plan's wording of the policy, so a read-back compares equal to the action's {@code autoscaling} value. */
    public String describe() {
      return String.format(Locale.ROOT,
          "target-tracking SageMakerVariantInvocationsPerInstance=%.0f/min, min %d, max %d, scale-in cooldown %d s, scale-out cooldown %d s",
          targetPerInstancePerMinute, minInstances, maxInstances, scaleInCooldownSeconds, scaleOutCooldownSeconds);
    }
  }

  /** The variant's scalable target and its target-tracking policy, or empty when the variant does not scale. */
  Optional<TargetTracking> describe(String region, String endpoint, String variant);

  /** RegisterScalableTarget with the bounds, then PutScalingPolicy (target tracking). */
  void apply(String region, String endpoint, String variant, TargetTracking policy);

  /** DeregisterScalableTarget (which deletes its policies); nothing when none is registered. */
  void remove(String region, String endpoint, String variant);
}
