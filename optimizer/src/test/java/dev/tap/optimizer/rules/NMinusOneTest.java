package dev.tap.optimizer.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NMinusOneTest {
  @ParameterizedTest(name = "{0} nodes over 3 AZs lose {1} with one AZ")
  @CsvSource({"1, 1", "2, 1", "3, 1", "4, 2", "5, 2", "6, 2", "7, 3", "20, 7"})
  void oneAzLosesItsShare(int n, int lost) {
    assertThat(NMinusOne.lost(n)).isEqualTo(lost);
  }

  // issue 15: DAX 6 -> 3 at a peak of 67.6 % per node becomes ~101 % after losing one node
  @ParameterizedTest(name = "{0} % per node on {1} nodes -> {2} % after the loss")
  @CsvSource({"67.6, 3, 101.4", "50, 2, 100", "40, 6, 60", "10, 1, Infinity"})
  void survivorsCarryTheLostLoad(double perNode, int n, double after) {
    assertThat(NMinusOne.afterLoss(perNode, n)).isCloseTo(after, within(1e-9));
  }

  // today's peak 33.8 % on 6 nodes: 3 nodes -> 101.4 %, 4 -> 101.4 %, 5 -> 67.6 % (ceiling 80); 39.9 % -> 5 nodes at 79.8 %
  @ParameterizedTest(name = "peak {0} % on 6 nodes, from {1}, ceiling {2} -> {3}")
  @CsvSource({"33.8, 3, 80, 5", "39.9, 3, 80, 5", "40.1, 3, 80, 6", "33.8, 3, 102, 3", "20, 3, 80, 3"})
  void smallestCountThatSurvives(double peak, int from, double ceiling, int expected) {
    assertThat(NMinusOne.smallest(peak, 6, from, ceiling).orElse(6)).isEqualTo(expected);
  }
}
