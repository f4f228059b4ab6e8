package dev.tap.optimizer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallPlannerTest {

  static long[] repeat(long points, int n) {
    long[] a = new long[n];
    Arrays.fill(a, points);
    return a;
  }

  /** Resources of k hourly series of 90 days (2,160 points) plus w one-point window queries each. */
  static long[] fleet(int resources, int hourly, int window) {
    long[] a = new long[resources * (hourly + window)];
    int i = 0;
    for (int r = 0; r < resources; r++) {
      for (int h = 0; h < hourly; h++) a[i++] = 2160;
      for (int w = 0; w < window; w++) a[i++] = 1;
    }
    return a;
  }

  static void assertWithinLimits(List<int[]> calls, long[] points, int queries) {
    int seen = 0;
    int expectNext = 0;
    for (int[] c : calls) {
      assertThat(c.length).isBetween(1, 500);
      long sum = 0;
      for (int q : c) {
        assertThat(q).isEqualTo(expectNext++); // order kept, every query once
        sum += points[q];
      }
      if (c.length > 1) assertThat(sum).isLessThanOrEqualTo(100_800);
      seen += c.length;
    }
    assertThat(seen).isEqualTo(queries);
  }

  @ParameterizedTest(name = "{0} queries of {1} points: {2} calls")
  @CsvSource({
    "1, 1, 1",
    "500, 1, 1",
    "501, 1, 2",
    "1000, 1, 2",
    "46, 2160, 1", // 99,360 points
    "47, 2160, 2", // 101,520 points
    "93, 2160, 3",
    "100, 1008, 1", // exactly 100,800
    "101, 1008, 2",
    "2, 100800, 2",
    "3, 60000, 3",
  })
  void uniformQueries(int n, long points, int expectedCalls) {
    long[] p = repeat(points, n);
    List<int[]> calls = new CallPlanner().plan(p);
    assertThat(calls).hasSize(expectedCalls);
    assertWithinLimits(calls, p, n);
  }

  @ParameterizedTest(name = "{0} resources x ({1} hourly + {2} window): within 1.05 x minimum")
  @CsvSource({
    "10, 8, 24",
    "100, 8, 24",
    "1000, 8, 24",
    "10000, 8, 17",
    "500, 7, 18",
    "3, 5, 10",
  })
  void fleetsPackNearTheMinimum(int resources, int hourly, int window) {
    long[] p = fleet(resources, hourly, window);
    List<int[]> calls = new CallPlanner().plan(p);
    assertWithinLimits(calls, p, p.length);
    long total = Arrays.stream(p).sum();
    long min = CallPlanner.minimumCalls(total, p.length);
    assertThat(calls.size()).isGreaterThanOrEqualTo((int) min);
    assertThat((double) calls.size() / min).isLessThanOrEqualTo(1.05);
  }

  @Test
  void aQueryLargerThanACallGetsACallOfItsOwn() {
    long[] p = {10, 150_000, 10};
    List<int[]> calls = new CallPlanner().plan(p);
    assertThat(calls).extracting(c -> c.length).containsExactly(1, 1, 1);
  }

  @Test
  void smallerLimitsForTests() {
    long[] p = repeat(10, 25);
    List<int[]> calls = new CallPlanner(10, 1_000).plan(p);
    assertThat(calls).extracting(c -> c.length).containsExactly(10, 10, 5);
    assertThat(new CallPlanner(500, 35).plan(p)).extracting(c -> c.length).containsExactly(3, 3, 3, 3, 3, 3, 3, 3, 1);
  }

  @Test
  void emptyPlanHasNoCalls() {
    assertThat(new CallPlanner().plan(new long[0])).isEmpty();
  }

  @ParameterizedTest(name = "{0} points, {1} queries: minimum {2}")
  @CsvSource({"0, 0, 0", "100800, 1, 1", "100801, 2, 2", "1, 501, 2", "172800000, 80000, 1715", "172824000, 240000, 1715"})
  void minimumCallsIsTheLargerOfBothLimits(long points, int queries, long expected) {
    assertThat(CallPlanner.minimumCalls(points, queries)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} s window at {1} s: {2} points")
  @CsvSource({"7776000, 3600, 2160", "7776000, 7776000, 1", "3600, 60, 60", "3601, 60, 61", "0, 60, 0"})
  void datapointsOfAQuery(long seconds, int period, long expected) {
    Instant start = Instant.parse("2026-08-18T00:00:00Z");
    assertThat(CallPlanner.datapoints(start, start.plus(Duration.ofSeconds(seconds)), period)).isEqualTo(expected);
  }

  @Test
  void limitsBeyondAwsAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CallPlanner(501, 100)).isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CallPlanner(5, 100_801)).isInstanceOf(IllegalArgumentException.class);
  }
}
