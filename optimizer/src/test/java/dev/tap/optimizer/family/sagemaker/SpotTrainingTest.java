package dev.tap.optimizer.family.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpotTrainingTest {

  static List<TrainingJob> jobs(int days, long seconds, int instances) {
    List<TrainingJob> out = new ArrayList<>();
    Instant t0 = Instant.parse("2026-11-01T02:00:00Z");
    for (int d = 0; d < days; d++) {
      out.add(new TrainingJob("j" + d, "us-west-2", "ml.p3.2xlarge", instances, t0.plus(Duration.ofDays(d)), seconds, seconds, false, 8 * 3600, 0));
    }
    return out;
  }

  @ParameterizedTest(name = "band {0} -> {1}")
  @CsvSource({"<5%, 0.05", "5-10%, 0.10", "10-15%, 0.15", "15-20%, 0.20", ">20%, 0.30"})
  void bandsMapToTheirUpperEdge(String band, double fraction) {
    assertThat(SpotTraining.monthlyInterruptionFraction(band)).isEqualTo(fraction);
  }

  @Test
  void unknownBandIsRefusedByName() {
    assertThatThrownBy(() -> SpotTraining.monthlyInterruptionFraction("often")).hasMessageContaining("'often'");
  }

  @ParameterizedTest(name = "hazard {0}/h -> checkpoint every {1} s")
  @CsvSource({
      "0, 1800",       // no interruptions: the cap
      "0.001, 1800",   // sqrt(2*60*3.6e6) = 20,785 s -> capped
      "2, 465",        // sqrt(2*60*1800) = 464.8
      "100, 300"})     // floor of five checkpoint writes
  void youngIntervalIsCappedAndFloored(double hazard, long expected) {
    assertThat(SpotTraining.checkpointIntervalSeconds(hazard, SpotPolicy.defaults())).isEqualTo(expected);
  }

  @Test
  void thirtyFourHourJobsOnFourP3AtSeventyOnePercentOff() {
    SpotTraining.Estimate e = SpotTraining.estimate(jobs(30, 4 * 3600, 4), 3.825, 71, ">20%", 0.30, SpotPolicy.defaults(), "s3://b/ckpt/");
    double onDemand = 30 * 4 * 4 * 3.825 * (730.0 / 24 / 30);
    assertThat(e.onDemandMonthly()).isCloseTo(onDemand, within(1e-6));
    assertThat(e.spotListMonthly()).isCloseTo(onDemand * 0.29, within(1e-6));
    double hazard = -Math.log(0.7) / 730 * 4;
    assertThat(e.expectedInterruptionsPerJob()).isCloseTo(hazard * 4, within(1e-12));
    // expected cost: spot hours + checkpoint writes + lost work, never below the spot list price
    double perJob = 4 * 3.825 * 0.29 * (4 + 4 * 60 / 1800.0 + hazard * 4 * (900 + 300) / 3600.0);
    assertThat(e.expectedSpotMonthly()).isCloseTo(perJob * 30 * (730.0 / 24 / 30), within(0.01));
    assertThat(e.expectedSpotMonthly()).isGreaterThan(e.spotListMonthly());
    assertThat(Long.parseLong(e.configuration().get("StoppingCondition.MaxWaitTimeInSeconds")))
        .isGreaterThanOrEqualTo(Long.parseLong(e.configuration().get("StoppingCondition.MaxRuntimeInSeconds")));
    assertThat(e.configuration()).containsEntry("EnableManagedSpotTraining", "true").containsEntry("CheckpointConfig.S3Uri", "s3://b/ckpt/");
  }

  @Test
  void aHighRateCostsMoreAndFallsBackToOnDemand() {
    SpotTraining.Estimate calm = SpotTraining.estimate(jobs(30, 4 * 3600, 4), 3.825, 71, "<5%", 0.05, SpotPolicy.defaults(), "s3://b/");
    SpotTraining.Estimate stormy = SpotTraining.estimate(jobs(30, 4 * 3600, 4), 3.825, 71, "x", 0.999, SpotPolicy.defaults(), "s3://b/");
    assertThat(stormy.expectedSpotMonthly()).isGreaterThan(calm.expectedSpotMonthly());
    assertThat(stormy.fallbackProbability()).isGreaterThan(calm.fallbackProbability());
    List<SpotTraining.SimulatedJob> sim = SpotTraining.simulate(jobs(30, 4 * 3600, 4), 3.825, 71, 2.0, 600, SpotPolicy.defaults(), 7);
    assertThat(sim).anyMatch(SpotTraining.SimulatedJob::fellBackToOnDemand);
    assertThat(sim).allMatch(j -> j.interruptions() <= SpotPolicy.defaults().maxInterruptions());
    assertThat(sim.stream().filter(SpotTraining.SimulatedJob::fellBackToOnDemand)).allMatch(j -> j.onDemandInstanceHours() > 0);
  }

  @Test
  void poissonTail() {
    assertThat(SpotTraining.poissonTailAtLeast(1, 1)).isCloseTo(1 - Math.exp(-1), within(1e-12));
    assertThat(SpotTraining.poissonTailAtLeast(1, 3)).isCloseTo(1 - Math.exp(-1) * 2.5, within(1e-12));
  }
}
