package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.sagemaker.VariantAutoscalingApi.TargetTracking;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/** Target tracking on SageMakerVariantInvocationsPerInstance and the rollout's rollback alarms, against moto. */
@ExtendWith(MotoServer.Extension.class)
class AwsSageMakerAutoscalingMotoTest {
  static final String REGION = "us-west-2";

  @Test
  void targetTrackingIsRegisteredReadBackAndRemoved(MotoServer moto) {
    try (AwsClients aws = moto.clients(REGION)) {
      AwsSageMakerAutoscaling scaling = new AwsSageMakerAutoscaling(aws);
      assertThat(scaling.describe(REGION, "fraud-scoring", "AllTraffic")).isEmpty();
      TargetTracking policy = new TargetTracking(4, 12, 9000, 900, 60);
      scaling.apply(REGION, "fraud-scoring", "AllTraffic", policy);
      assertThat(scaling.describe(REGION, "fraud-scoring", "AllTraffic")).contains(policy);
      var target = aws.applicationAutoScaling(REGION).describeScalableTargets(b -> b.serviceNamespace("sagemaker")).scalableTargets();
      assertThat(target).singleElement().satisfies(t -> {
        assertThat(t.resourceId()).isEqualTo("endpoint/fraud-scoring/variant/AllTraffic");
        assertThat(t.scalableDimensionAsString()).isEqualTo("sagemaker:variant:DesiredInstanceCount");
      });
      // applying again replaces the bounds and the policy in place
      scaling.apply(REGION, "fraud-scoring", "AllTraffic", new TargetTracking(2, 8, 7000, 900, 60));
      assertThat(scaling.describe(REGION, "fraud-scoring", "AllTraffic")).contains(new TargetTracking(2, 8, 7000, 900, 60));
      scaling.remove(REGION, "fraud-scoring", "AllTraffic");
      assertThat(scaling.describe(REGION, "fraud-scoring", "AllTraffic")).isEmpty();
      scaling.remove(REGION, "fraud-scoring", "AllTraffic"); // nothing registered: nothing to do
    }
  }

  @Test
  void rollbackAlarmsWatchTheVariantsP95AndFiveXxShare(MotoServer moto) {
    try (AwsClients aws = moto.clients(REGION)) {
      List<String> names = new AwsSageMakerAlarms(aws).put(REGION, "fraud-scoring", "AllTraffic", 21.0, 0.005, 60);
      assertThat(names).containsExactly("fraud-scoring-tap-rollout-p95", "fraud-scoring-tap-rollout-5xx");
      List<MetricAlarm> alarms = aws.cloudWatch(REGION).describeAlarms(b -> b.alarmNames(names)).metricAlarms();
      assertThat(alarms).hasSize(2);
      MetricAlarm p95 = alarms.stream().filter(a -> a.alarmName().endsWith("p95")).findFirst().orElseThrow();
      assertThat(p95.metricName()).isEqualTo("ModelLatency");
      assertThat(p95.namespace()).isEqualTo("AWS/SageMaker");
      assertThat(p95.threshold()).isEqualTo(21_000.0); // ModelLatency is in microseconds
      assertThat(p95.dimensions()).extracting(d -> d.name() + "=" + d.value()).containsExactlyInAnyOrder("EndpointName=fraud-scoring", "VariantName=AllTraffic");
      MetricAlarm errors = alarms.stream().filter(a -> a.alarmName().endsWith("5xx")).findFirst().orElseThrow();
      assertThat(errors.metricName()).isEqualTo("Invocation5XXErrors");
      assertThat(errors.threshold()).isEqualTo(0.005);
    }
  }
}
