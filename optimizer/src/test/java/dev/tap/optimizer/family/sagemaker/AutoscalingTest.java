package dev.tap.optimizer.family.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AutoscalingTest {

  @ParameterizedTest(name = "{0}/s constant, target {1}, min {2} max {3} -> {4} instances")
  @CsvSource({
      "100, 50, 1, 10, 2",
      "100, 50, 3, 10, 3",   // the floor wins
      "1000, 50, 1, 10, 10", // the ceiling wins
      "0, 50, 2, 10, 2",
      "101, 50, 1, 10, 3"})  // ceil
  void constantLoadHoldsTheDesiredCount(double rate, double target, int min, int max, int expected) {
    double[] r = new double[120];
    Arrays.fill(r, rate);
    Autoscaling.Replay replay = Autoscaling.replay(r, target, 1000, min, max, 10, 15);
    assertThat(replay.instances()[119]).isEqualTo(expected);
    assertThat(replay.instanceHours()).isCloseTo(expected * 2.0, within(1e-9));
  }

  @Test
  void aStepIsServedLateByTheScaleOutDelayAndKeptForTheCooldown() {
    double[] r = new double[100];
    Arrays.fill(r, 0, 50, 100);
    Arrays.fill(r, 50, 60, 400); // ten-minute burst
    Arrays.fill(r, 60, 100, 100);
    Autoscaling.Replay replay = Autoscaling.replay(r, 100, 150, 1, 10, 10, 15);
    assertThat(replay.instances()[55]).isEqualTo(1); // not yet: 10 minutes late
    assertThat(replay.instances()[60]).isEqualTo(4);
    assertThat(replay.instances()[84]).isEqualTo(4); // cooldown keeps it
    assertThat(replay.instances()[85]).isEqualTo(1);
    // 400/s on one instance of 150/s: the ten burst minutes ran over capacity
    assertThat(replay.minutesOverCapacity()).isEqualTo(10);
    assertThat(replay.peakLoadFraction()).isCloseTo(400 / 150.0, within(1e-9));
  }
}
