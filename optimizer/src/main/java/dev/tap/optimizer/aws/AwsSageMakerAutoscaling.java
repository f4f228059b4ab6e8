package dev.tap.optimizer.aws;

import dev.tap.optimizer.family.sagemaker.VariantAutoscalingApi;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * {@link VariantAutoscalingApi} on Application Auto Scaling: the scalable target
 * {@code endpoint/<name>/variant/<variant>} on {@code sagemaker:variant:DesiredInstanceCount} and one
 * target-tracking policy named {@value #POLICY} on the predefined metric
 * {@code SageMakerVariantInvocationsPerInstance} (invocations per instance per minute).
 */
public final class AwsSageMakerAutoscaling implements VariantAutoscalingApi {
  static final String POLICY = "tap-invocations-per-instance";
  private final AwsClients aws;

  public AwsSageMakerAutoscaling(AwsClients aws) {
    this.aws = aws;
  }

  private ApplicationAutoScalingClient client(String region) {
    return aws.applicationAutoScaling(region);
  }

  static String resourceId(String endpoint, String variant) {
    return "endpoint/" + endpoint + "/variant/" + variant;
  }

  @Override
  public Optional<TargetTracking> describe(String region, String endpoint, String variant) {
    String id = resourceId(endpoint, variant);
    var targets = aws.call("application-autoscaling:DescribeScalableTargets", region, () -> client(region).describeScalableTargets(b -> b
        .serviceNamespace(ServiceNamespace.SAGEMAKER).resourceIds(id).scalableDimension(ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT)));
    if (targets.scalableTargets().isEmpty()) return Optional.empty();
    ScalableTarget t = targets.scalableTargets().get(0);
    var policies = aws.call("application-autoscaling:DescribeScalingPolicies", region, () -> client(region).describeScalingPolicies(b -> b
        .serviceNamespace(ServiceNamespace.SAGEMAKER).resourceId(id).scalableDimension(ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT)));
    // the target-tracking policy on invocations per instance, whoever named it
    Optional<ScalingPolicy> p = policies.scalingPolicies().stream()
        .filter(s -> s.policyType() == PolicyType.TARGET_TRACKING_SCALING && s.targetTrackingScalingPolicyConfiguration() != null
            && s.targetTrackingScalingPolicyConfiguration().predefinedMetricSpecification() != null
            && s.targetTrackingScalingPolicyConfiguration().predefinedMetricSpecification().predefinedMetricType() == MetricType.SAGE_MAKER_VARIANT_INVOCATIONS_PER_INSTANCE)
        .findFirst();
    if (p.isEmpty()) return Optional.empty();
    var c = p.get().targetTrackingScalingPolicyConfiguration();
    return Optional.of(new TargetTracking(t.minCapacity(), t.maxCapacity(), c.targetValue(),
        c.scaleInCooldown() == null ? 0 : c.scaleInCooldown(), c.scaleOutCooldown() == null ? 0 : c.scaleOutCooldown()));
  }

  @Override
  public void apply(String region, String endpoint, String variant, TargetTracking policy) {
    String id = resourceId(endpoint, variant);
    aws.call("application-autoscaling:RegisterScalableTarget", region, () -> client(region).registerScalableTarget(b -> b
        .serviceNamespace(ServiceNamespace.SAGEMAKER).resourceId(id).scalableDimension(ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT)
        .minCapacity(policy.minInstances()).maxCapacity(policy.maxInstances())));
    aws.call("application-autoscaling:PutScalingPolicy", region, () -> client(region).putScalingPolicy(b -> b
        .policyName(POLICY).serviceNamespace(ServiceNamespace.SAGEMAKER).resourceId(id)
        .scalableDimension(ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT).policyType(PolicyType.TARGET_TRACKING_SCALING)
        .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(policy.targetPerInstancePerMinute())
            .predefinedMetricSpecification(m -> m.predefinedMetricType(MetricType.SAGE_MAKER_VARIANT_INVOCATIONS_PER_INSTANCE))
            .scaleInCooldown(policy.scaleInCooldownSeconds()).scaleOutCooldown(policy.scaleOutCooldownSeconds()))));
  }

  @Override
  public void remove(String region, String endpoint, String variant) {
    if (describeTarget(region, endpoint, variant)) {
      aws.call("application-autoscaling:DeregisterScalableTarget", region, () -> client(region).deregisterScalableTarget(b -> b
          .serviceNamespace(ServiceNamespace.SAGEMAKER).resourceId(resourceId(endpoint, variant))
          .scalableDimension(ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT)));
    }
  }

  private boolean describeTarget(String region, String endpoint, String variant) {
    return !aws.call("application-autoscaling:DescribeScalableTargets", region, () -> client(region).describeScalableTargets(b -> b
        .serviceNamespace(ServiceNamespace.SAGEMAKER).resourceIds(resourceId(endpoint, variant))
        .scalableDimension(ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT))).scalableTargets().isEmpty();
  }
}
