package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.sagemaker.AbTest;
import dev.tap.optimizer.family.sagemaker.FakeSageMaker;
import dev.tap.optimizer.family.sagemaker.ModelVariant;
import dev.tap.optimizer.family.sagemaker.Rollout;
import dev.tap.optimizer.family.sagemaker.RolloutGates;
import dev.tap.optimizer.family.sagemaker.RolloutTarget;
import dev.tap.optimizer.family.sagemaker.SageMakerApi.VariantSpec;
import dev.tap.optimizer.family.sagemaker.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The weight-based steps of the AWS rollout target, and the whole M3 runner over it. */
class AwsRolloutTargetTest {
  Instant now = Instant.parse("2026-12-01T09:00:00Z");
  FakeSageMaker sm;
  final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  };
  final Sleeper sleeper = d -> now = now.plus(d);
  final RolloutTarget.Candidate candidate = new RolloutTarget.Candidate("fp32-ml.g4dn.xlarge", ModelVariant.FP32, "ml.g4dn.xlarge", 4, 12, 150);

  @BeforeEach
  void setUp() {
    sm = new FakeSageMaker("fraud-scoring", new VariantSpec("AllTraffic", "fraud-scoring-v7", "ml.g4dn.12xlarge", 10, 1.0));
    sm.metricValues.put("ModelLatency/AllTraffic", 20_000.0);
    sm.metricValues.put("ModelLatency/" + AwsRolloutTarget.CANDIDATE_VARIANT, 20_400.0);
    sm.metricValues.put("Invocation5XXErrors/" + AwsRolloutTarget.CANDIDATE_VARIANT, 0.0004);
    sm.metricValues.put("Invocations/" + AwsRolloutTarget.CANDIDATE_VARIANT, 216_000.0);
    sm.metricValues.put("Invocations/" + AwsRolloutTarget.SHADOW_VARIANT, 2_160_000.0);
    sm.metricValues.put("ModelLatency/" + AwsRolloutTarget.SHADOW_VARIANT, 20_300.0);
  }

  AwsRolloutTarget target(AwsRolloutTarget.LabelledOutcomes outcomes) {
    return new AwsRolloutTarget(sm, sm, clock, sleeper, "us-west-2", "fraud-scoring", "fraud-config-v1", 30, Duration.ofHours(1), outcomes);
  }

  @Test
  void theFirstShiftCreatesASplitConfigAndLaterOnesMoveWeights() {
    AwsRolloutTarget t = target(null);
    RolloutTarget.StepObservation o = t.shiftAndBake(candidate, 10, 0, 30);
    FakeSageMaker.Config split = sm.configs.get(sm.serving);
    assertThat(split.production()).extracting(VariantSpec::variantName, VariantSpec::weight).containsExactly(
        org.assertj.core.groups.Tuple.tuple("AllTraffic", 0.9), org.assertj.core.groups.Tuple.tuple(AwsRolloutTarget.CANDIDATE_VARIANT, 0.1));
    assertThat(o.baselineP95Ms()).isEqualTo(20.0);
    assertThat(o.candidateP95Ms()).isEqualTo(20.4);
    assertThat(o.candidateErrorRate()).isEqualTo(0.0004);
    int configs = sm.configs.size();
    t.shiftAndBake(candidate, 25, 30, 30);
    assertThat(sm.configs).hasSize(configs);
    assertThat(sm.calls).contains("UpdateEndpointWeightsAndCapacities AllTraffic=0.75", "UpdateEndpointWeightsAndCapacities tap-candidate=0.25");
  }

  @Test
  void anUnknownErrorRateIsNaNSoTheGateFailsClosed() {
    sm.metricValues.remove("Invocation5XXErrors/" + AwsRolloutTarget.CANDIDATE_VARIANT);
    RolloutTarget.StepObservation o = target(null).shiftAndBake(candidate, 10, 0, 30);
    assertThat(o.candidateErrorRate()).isNaN();
    assertThat(o.candidateErrorRate() <= 0.005).isFalse();
  }

  @Test
  void theAbTestWithoutLabelledOutcomesFailsClosed() {
    assertThatThrownBy(() -> target(null).abTest(candidate, 50, 0, 1000)).isInstanceOf(ActionFailedException.class)
        .hasMessageContaining("labelled outcomes");
  }

  @Test
  void theRunnersAccuracyGateFailsClosedOnAwsAndTheAbStepDecidesFromLabels() {
    // 97 % correct on both arms, 400 labelled outcomes per arm per 30-minute wait
    AwsRolloutTarget.LabelledOutcomes outcomes = (ep, variant, from, to) -> {
      long n = Duration.between(from, to).toMinutes() / 30 * 400_000;
      return new long[] {Math.round(n * 0.97), n};
    };
    AwsRolloutTarget t = target(outcomes);
    sm.metricValues.put("ModelLatency/" + AwsRolloutTarget.SHADOW_VARIANT, 20_300.0);
    // the runner's accuracy gate needs measured accuracy; on AWS the shadow reports none, so it stops there
    Rollout.Record shadowOnly = Rollout.run(t, candidate, RolloutGates.defaults(), now, 0);
    assertThat(shadowOnly.outcome()).isEqualTo(Rollout.Outcome.ROLLED_BACK);
    assertThat(shadowOnly.failedGate()).isEqualTo("shadow: accuracy");
    assertThat(sm.serving).isEqualTo("fraud-config-v1");
    // the A/B step itself, fed by labels, decides by the existing rule
    RolloutTarget.ArmCounts counts = target(outcomes).abTest(candidate, 50, 0, AbTest.sampleSizePerArm(0.97, 0.1, 0.05, 0.9));
    AbTest.Outcome ab = AbTest.decide(counts.currentCorrect(), counts.currentTotal(), counts.candidateCorrect(), counts.candidateTotal(), 0.1, 0.05);
    assertThat(ab.decision()).isEqualTo(AbTest.Decision.PROMOTE);
    assertThat(counts.currentTotal()).isGreaterThanOrEqualTo(AbTest.sampleSizePerArm(0.97, 0.1, 0.05, 0.9));
  }
}
