package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.sagemaker.FakeSageMaker;
import dev.tap.optimizer.family.sagemaker.MlActions;
import dev.tap.optimizer.family.sagemaker.ModelVariant;
import dev.tap.optimizer.family.sagemaker.Rollout;
import dev.tap.optimizer.family.sagemaker.RolloutGates;
import dev.tap.optimizer.family.sagemaker.SageMakerApi.VariantSpec;
import dev.tap.optimizer.family.sagemaker.SageMakerFamily;
import dev.tap.optimizer.family.sagemaker.SizingPolicy;
import dev.tap.optimizer.family.sagemaker.Sleeper;
import dev.tap.optimizer.family.sagemaker.VariantAutoscalingApi.TargetTracking;
import dev.tap.optimizer.model.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SageMaker action on AWS, over in-memory ports: shadow gate, blue/green canary, autoscaling, rollback, training refusal. */
class AwsEndpointActionsTest {
  static final String REGION = "us-west-2";
  static final String EP = "fraud-scoring";
  Instant now = Instant.parse("2026-12-01T09:00:00Z");
  Duration slept = Duration.ZERO;
  FakeSageMaker sm;
  AwsEndpointActions actions;

  final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  };

  @BeforeEach
  void setUp() {
    sm = new FakeSageMaker(EP, new VariantSpec("AllTraffic", "fraud-scoring-v7", "ml.g4dn.12xlarge", 10, 1.0));
    Sleeper sleeper = d -> {
      now = now.plus(d);
      slept = slept.plus(d);
    };
    actions = new AwsEndpointActions(sm, sm, sm, region -> sm, RolloutGates.defaults(), clock, sleeper, Duration.ofHours(5));
    sm.metricValues.put("ModelLatency/AllTraffic", 20_000.0);
    sm.metricValues.put("Invocations/" + AwsRolloutTarget.SHADOW_VARIANT, 2_100_000.0);
  }

  Map<String, String> target() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("variant", "AllTraffic");
    t.put("instanceType", "ml.g4dn.xlarge");
    t.put("instanceCount", "4");
    t.put(MlActions.MIN_INSTANCES, "4");
    t.put(MlActions.MAX_INSTANCES, "12");
    t.put(MlActions.TARGET_PER_MINUTE, "9000");
    t.put(MlActions.MODEL, "fp32");
    t.put("autoscaling", new TargetTracking(4, 12, 9000, SizingPolicy.defaults().scaleInDelayMinutes() * 60, 60).describe());
    return t;
  }

  ActionContext forward() {
    return new ActionContext(now, false, null, false);
  }

  @Test
  void readReportsTheConfiguredVariantAndNoAutoscalingAsThePlanWritesIt() {
    Resource r = actions.read(EP, REGION);
    assertThat(r.config()).containsEntry("instanceType", "ml.g4dn.12xlarge").containsEntry("instanceCount", "10")
        .containsEntry(MlActions.MODEL, "fp32").containsEntry("autoscaling", "none").containsEntry(MlActions.MIN_INSTANCES, "10")
        .containsEntry(MlActions.MAX_INSTANCES, "10").containsEntry(AwsEndpointActions.CONFIG, "fraud-config-v1");
  }

  @Test
  void aFailedShadowGateLeavesTheOldConfigServingAndFailsTheAction() {
    sm.scaling = Optional.of(new TargetTracking(8, 10, 4000, 900, 60));
    sm.metricValues.put("ModelLatency/" + AwsRolloutTarget.SHADOW_VARIANT, 26_000.0); // +30 %
    Resource before = actions.read(EP, REGION);
    assertThatThrownBy(() -> actions.converge(SageMakerFamily.SAGEMAKER_ENDPOINT, before, target(), forward()))
        .isInstanceOf(ActionFailedException.class)
        .hasMessageContaining("shadow: p95 latency").hasMessageContaining("20.00 -> 26.00 ms").hasMessageContaining("previous endpoint config serves");
    assertThat(sm.serving).isEqualTo("fraud-config-v1");
    // the shadow config mirrored traffic to the candidate type with the same model, and no blue/green update was started
    FakeSageMaker.Config shadow = sm.configs.entrySet().stream().filter(e -> e.getKey().contains("-tap-shadow-")).findFirst().orElseThrow().getValue();
    assertThat(shadow.shadow()).singleElement().satisfies(v -> {
      assertThat(v.instanceType()).isEqualTo("ml.g4dn.xlarge");
      assertThat(v.modelName()).isEqualTo("fraud-scoring-v7");
    });
    assertThat(sm.lastShift).isNull();
    assertThat(sm.scaling).contains(new TargetTracking(8, 10, 4000, 900, 60));
    assertThat(slept).isGreaterThanOrEqualTo(Duration.ofMinutes(30));
    assertThat(actions.rollouts()).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(Rollout.Outcome.ROLLED_BACK);
      assertThat(r.failedGate()).isEqualTo("shadow: p95 latency");
      assertThat(r.steps()).extracting(Rollout.Step::phase).containsExactly("shadow", "rollback");
    });
  }

  @Test
  void aShadowWithoutDataFailsClosed() {
    sm.metricValues.remove("Invocations/" + AwsRolloutTarget.SHADOW_VARIANT);
    sm.metricValues.put("ModelLatency/" + AwsRolloutTarget.SHADOW_VARIANT, 19_000.0);
    Resource before = actions.read(EP, REGION);
    assertThatThrownBy(() -> actions.converge(SageMakerFamily.SAGEMAKER_ENDPOINT, before, target(), forward()))
        .isInstanceOf(ActionFailedException.class).hasMessageContaining("too few mirrored requests (0 < 1000)");
    assertThat(sm.serving).isEqualTo("fraud-config-v1");
  }

  @Test
  void aPassingCandidateGoesOutByCanaryWithAlarmsAndGetsTargetTracking() {
    sm.metricValues.put("ModelLatency/" + AwsRolloutTarget.SHADOW_VARIANT, 20_500.0); // +2.5 %
    Resource before = actions.read(EP, REGION);
    String note = actions.converge(SageMakerFamily.SAGEMAKER_ENDPOINT, before, target(), forward());
    assertThat(note).contains("promoted ml.g4dn.xlarge").contains("rollback restores fraud-config-v1");
    assertThat(sm.lastShift.type()).isEqualTo("CANARY");
    assertThat(sm.lastShift.percent()).isEqualTo(10);
    assertThat(sm.lastShift.waitSeconds()).isEqualTo(30 * 60);
    assertThat(sm.lastAlarms).containsExactly("fraud-scoring-tap-rollout-p95", "fraud-scoring-tap-rollout-5xx");
    // the alarm threshold is the serving variant's p95 plus the 5 % tolerance
    assertThat(sm.calls).contains("PutMetricAlarm p95>21.00ms 5xx>0.005");
    FakeSageMaker.Config served = sm.configs.get(sm.serving);
    assertThat(served.production()).singleElement().satisfies(v -> {
      assertThat(v.instanceType()).isEqualTo("ml.g4dn.xlarge");
      assertThat(v.instanceCount()).isEqualTo(4);
      assertThat(v.modelName()).isEqualTo("fraud-scoring-v7");
    });
    // read back, the endpoint matches the action's after-state key for key (the executor's confirmation)
    Resource after = actions.read(EP, REGION);
    target().forEach((k, v) -> assertThat(after.config()).containsEntry(k, v));
    assertThat(actions.rollouts()).singleElement().extracting(Rollout.Record::outcome).isEqualTo(Rollout.Outcome.PROMOTED);
  }

  @Test
  void aCanaryRolledBackBySageMakersAlarmFailsTheAction() {
    sm.metricValues.put("ModelLatency/" + AwsRolloutTarget.SHADOW_VARIANT, 20_500.0);
    sm.alarmFiresDuringCanary = true;
    Resource before = actions.read(EP, REGION);
    assertThatThrownBy(() -> actions.converge(SageMakerFamily.SAGEMAKER_ENDPOINT, before, target(), forward()))
        .isInstanceOf(ActionFailedException.class).hasMessageContaining("canary").hasMessageContaining("rolled back");
    assertThat(sm.serving).isEqualTo("fraud-config-v1");
    assertThat(sm.scaling).isEmpty();
    assertThat(actions.rollouts()).singleElement().extracting(Rollout.Record::failedGate).asString().startsWith("canary");
  }

  @Test
  void rollbackGoesStraightBackToTheRecordedConfigAndItsAutoscaling() {
    sm.metricValues.put("ModelLatency/" + AwsRolloutTarget.SHADOW_VARIANT, 20_500.0);
    sm.scaling = Optional.of(new TargetTracking(8, 10, 4000, 900, 60));
    Resource before = actions.read(EP, REGION);
    actions.converge(SageMakerFamily.SAGEMAKER_ENDPOINT, before, target(), forward());
    assertThat(sm.serving).isNotEqualTo("fraud-config-v1");
    int callsBefore = sm.calls.size();
    Resource now = actions.read(EP, REGION);
    // the executor's restore target: the before-state re-read just before the call
    String note = actions.converge(SageMakerFamily.SAGEMAKER_ENDPOINT, now, before.config(), new ActionContext(this.now, false, null, true));
    assertThat(note).isEqualTo("restored endpoint config fraud-config-v1");
    assertThat(sm.serving).isEqualTo("fraud-config-v1");
    assertThat(sm.scaling).contains(new TargetTracking(8, 10, 4000, 900, 60));
    // no gates on the way back: no new config, no shadow, no blue/green
    assertThat(sm.calls.subList(callsBefore, sm.calls.size())).noneMatch(c -> c.startsWith("CreateEndpointConfig") || c.contains("blue/green"));
  }

  @Test
  void aModelChangeIsRefusedOnAws() {
    Map<String, String> t = target();
    t.put(MlActions.MODEL, ModelVariant.INT8.id);
    assertThat(actions.refusal(SageMakerFamily.SAGEMAKER_ENDPOINT, actions.read(EP, REGION), t, forward())).get().asString()
        .contains("changes the model to int8-quantised");
  }

  @Test
  void spotTrainingIsARecommendationForThePipeline() {
    Resource job = actions.read(MlActions.TRAINING_PREFIX + "fraud-train", REGION);
    assertThat(job.config()).containsEntry("EnableManagedSpotTraining", "false").containsEntry("instanceCount", "2");
    Map<String, String> t = Map.of("EnableManagedSpotTraining", "true", "StoppingCondition.MaxWaitTimeInSeconds", "36000",
        "instanceType", "ml.p3.8xlarge", "instanceCount", "2");
    assertThat(actions.refusal(SageMakerFamily.SAGEMAKER_TRAINING_SPOT, job, t, forward())).get().asString()
        .contains("recommendation for the training pipeline").contains("EnableManagedSpotTraining=true").contains("'fraud-train' jobs");
  }

  @Test
  void anAwsErrorMidRolloutPutsTheServingConfigBackAndNamesThePermission() {
    sm.metricValues.put("ModelLatency/" + AwsRolloutTarget.SHADOW_VARIANT, 20_500.0);
    sm.scaling = Optional.of(new TargetTracking(8, 10, 4000, 900, 60));
    sm.alarmsDenied = true;
    Resource before = actions.read(EP, REGION);
    assertThatThrownBy(() -> actions.converge(SageMakerFamily.SAGEMAKER_ENDPOINT, before, target(), forward()))
        .isInstanceOfSatisfying(ActionFailedException.class, e -> {
          assertThat(e.missingPermission()).isEqualTo("cloudwatch:PutMetricAlarm");
          assertThat(e.getMessage()).contains("endpoint config fraud-config-v1 and its autoscaling put back");
        });
    assertThat(sm.serving).isEqualTo("fraud-config-v1");
    assertThat(sm.scaling).contains(new TargetTracking(8, 10, 4000, 900, 60));
  }
}
