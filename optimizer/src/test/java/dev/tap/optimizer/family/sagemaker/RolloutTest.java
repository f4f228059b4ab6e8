package dev.tap.optimizer.family.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tap.optimizer.family.sagemaker.RolloutTarget.Candidate;
import dev.tap.optimizer.sim.ml.SimulatedMlPlatform;
import dev.tap.optimizer.sim.ml.SimulatedRolloutTarget;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutTest {
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void aQuantisedCandidateFailsTheShadowAccuracyGateAndIsRolledBack() {
    SimulatedMlPlatform sim = new SimulatedMlPlatform(T0, 42);
    SimulatedRolloutTarget target = new SimulatedRolloutTarget(sim, 42);
    Candidate int8 = new Candidate("int8-g4dn-xlarge", ModelVariant.INT8, "ml.g4dn.xlarge", 2, 40, 250);
    Rollout.Record r = Rollout.run(target, int8, RolloutGates.defaults(), T0, 0);
    assertThat(r.outcome()).isEqualTo(Rollout.Outcome.ROLLED_BACK);
    assertThat(r.failedGate()).isEqualTo("shadow: accuracy");
    assertThat(r.shadow().accuracyDropPp()).isGreaterThan(0.1);
    assertThat(r.steps()).extracting(Rollout.Step::phase).containsExactly("shadow", "rollback");
    assertThat(target.candidateWeight()).isZero();
    assertThat(target.events()).last().asString().startsWith("rollback");
  }

  @Test
  void anFp32CandidateWithEnoughCapacityPassesEveryGateAndIsPromoted() {
    SimulatedMlPlatform sim = new SimulatedMlPlatform(T0, 42);
    SimulatedRolloutTarget target = new SimulatedRolloutTarget(sim, 42);
    Candidate fp32 = new Candidate("fp32-g4dn-xlarge", ModelVariant.FP32, "ml.g4dn.xlarge", 4, 60, 150);
    Rollout.Record r = Rollout.run(target, fp32, RolloutGates.defaults(), T0, 0);
    assertThat(r.outcome()).as(r.steps().toString()).isEqualTo(Rollout.Outcome.PROMOTED);
    assertThat(r.steps()).extracting(Rollout.Step::phase).containsExactly("shadow", "canary", "linear", "linear", "ab-test", "promote");
    assertThat(r.steps()).extracting(Rollout.Step::candidatePercent).containsExactly(0, 10, 25, 50, 50, 100);
    assertThat(target.candidateWeight()).isEqualTo(1.0);
  }

  @Test
  void anUndersizedCandidateFailsTheShadowLatencyGate() {
    SimulatedMlPlatform sim = new SimulatedMlPlatform(T0, 42);
    Candidate tiny = new Candidate("fp32-2x-g4dn-xlarge", ModelVariant.FP32, "ml.g4dn.xlarge", 2, 2, 10_000);
    Rollout.Record r = Rollout.run(new SimulatedRolloutTarget(sim, 42), tiny, RolloutGates.defaults(), T0, 0);
    assertThat(r.failedGate()).isEqualTo("shadow: p95 latency");
  }

  @ParameterizedTest(name = "p={0}, margin {1} pp, alpha {2}, power {3} -> n {4}")
  @CsvSource({
      "0.942, 0.1, 0.05, 0.9, 935789",
      "0.942, 0.5, 0.05, 0.8, 27024",
      "0.5, 1.0, 0.025, 0.8, 39245"})
  void sampleSizePerArm(double p, double margin, double alpha, double power, long n) {
    assertThat(AbTest.sampleSizePerArm(p, margin, alpha, power)).isCloseTo(n, within(2L));
  }

  @ParameterizedTest(name = "{0}/{1} vs {2}/{3} -> {4}")
  @CsvSource({
      "942000, 1000000, 942000, 1000000, PROMOTE",
      "942000, 1000000, 936000, 1000000, ROLL_BACK", // 0.6 pp worse
      "94200, 100000, 94200, 100000, ROLL_BACK", // equal, but the 95 % bound (-0.17 pp) is past the margin
      "9420, 10000, 9420, 10000, ROLL_BACK"}) // too few samples to show non-inferiority at 0.1 pp
  void nonInferiorityDecision(long a, long na, long b, long nb, AbTest.Decision d) {
    assertThat(AbTest.decide(a, na, b, nb, 0.1, 0.05).decision()).isEqualTo(d);
  }
}
