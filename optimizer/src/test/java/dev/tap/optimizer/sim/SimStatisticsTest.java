package dev.tap.optimizer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tap.optimizer.family.asg.AsgFamily;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The closed forms that make 90-day fetches cheap must equal walking every minute. */
class SimStatisticsTest {

  static SimResource owner() {
    return new SimResource(new dev.tap.optimizer.model.Resource("r", AsgFamily.ASG, "us-east-1", null,
        Map.of("desired", "10", "instanceType", "c6i.4xlarge"), Map.of()));
  }

  static double walk(SimSeries s, String stat, long from, long to) {
    double[] all = new double[(int) (to - from)];
    double[] hour = new double[60];
    int n = 0;
    for (long h = Math.floorDiv(from, 60); h * 60 < to; h++) {
      s.fillHour(h, stat, hour, false);
      for (int m = 0; m < 60; m++) {
        long minute = h * 60 + m;
        if (minute >= from && minute < to && !Double.isNaN(hour[m])) all[n++] = hour[m];
      }
    }
    double[] v = Arrays.copyOf(all, n);
    double p = SimStatistics.percentile(stat);
    if (p > 0) {
      Arrays.sort(v);
      return v[SimStatistics.rank(p, n) - 1];
    }
    return switch (stat) {
      case "Sum" -> Arrays.stream(v).sum();
      case "Average" -> Arrays.stream(v).average().orElseThrow();
      case "Minimum" -> Arrays.stream(v).min().orElseThrow();
      case "Maximum" -> Arrays.stream(v).max().orElseThrow();
      case "SampleCount" -> n;
      default -> throw new IllegalArgumentException(stat);
    };
  }

  @ParameterizedTest(name = "{0} over {1} hours from minute offset {2}")
  @CsvSource({
    "Average, 2160, 0", "Sum, 2160, 0", "Maximum, 2160, 0", "Minimum, 2160, 0", "SampleCount, 2160, 0",
    "p95, 2160, 0", "p99, 2160, 0", "p50, 24, 0", "p5, 168, 0", "p99.9, 2160, 0",
    "Average, 100, 17", "p95, 100, 17", "Maximum, 3, 59",
  })
  void closedFormEqualsTheMinuteWalk(String stat, int hours, int offset) {
    long origin = 493_000; // an epoch hour in 2026
    Workload w = Workload.percent(9).withTrading(0.8);
    BaseSeries s = new BaseSeries(new Demand(w, 42, origin), owner(), c -> 1.0, 0);
    long from = origin * 60 + offset;
    long to = from + hours * 60L;
    double fast = new SimStatistics().compute(s, stat, from, to);
    double slow = walk(s, stat, from, to);
    assertThat(fast).isCloseTo(slow, within(Math.abs(slow) * 1e-9 + 1e-12));
  }

  @ParameterizedTest(name = "{0} of a workload that hits its 100 % cap, over {1} hours from offset {2}")
  @CsvSource({"p95, 2160, 0", "p99, 720, 0", "p50, 500, 13", "Maximum, 2160, 0", "Average, 2160, 0", "Sum, 300, 7"})
  void hoursAtTheCapAreWalkedAndMixedWithClosedForms(String stat, int hours, int offset) {
    long origin = 493_000;
    Workload w = Workload.percent(45).withTrading(1.0).withBursts(10, 1.5);
    BaseSeries s = new BaseSeries(new Demand(w, 11, origin), owner(), c -> 1.0, 0);
    long from = origin * 60 + offset;
    long to = from + hours * 60L;
    double slow = walk(s, stat, from, to);
    assertThat(new SimStatistics().compute(s, stat, from, to)).isCloseTo(slow, within(Math.abs(slow) * 1e-9 + 1e-12));
  }

  @ParameterizedTest(name = "product percentile p{0} of random levels")
  @CsvSource({"50", "90", "95", "99", "100", "0.1"})
  void productPercentileMatchesSorting(double p) {
    Random rnd = new Random(7);
    double[] levels = new double[500];
    for (int i = 0; i < levels.length; i++) levels[i] = Math.exp(rnd.nextGaussian());
    MinuteSpread spread = new MinuteSpread(0.4);
    double[] all = new double[levels.length * 60];
    int n = 0;
    for (double l : levels) for (double c : spread.sorted) all[n++] = l * c;
    Arrays.sort(all);
    double expected = all[SimStatistics.rank(p, all.length) - 1];
    assertThat(SimStatistics.productPercentile(levels, levels.length, spread.sorted, p)).isCloseTo(expected, within(expected * 1e-12));
  }

  @ParameterizedTest(name = "p{0} of {1} levels and {2} walked minutes ({3})")
  @CsvSource({
      "95, 2160, 1, spread",
      "95, 2160, 60, spread",
      "95, 1500, 39600, spread",
      "99, 10, 129000, spread",
      "5, 2000, 9600, spread",
      "50, 100, 6000, spread",
      "100, 100, 6000, spread",
      "0.1, 100, 6000, spread",
      "95, 1000, 60000, capped", // many walked minutes equal to the cap, the answer among them
      "99, 1000, 60000, capped",
      "50, 1000, 60000, capped",
      "95, 500, 3000, zeros", // 0.0 and -0.0 among them
      "5, 500, 3000, zeros",
      "95, 1, 1, spread",
  })
  void unsortedWalkedMinutesGiveTheSameBitsAsSorted(double p, int hours, int ne, String kind) {
    Random rnd = new Random(hours * 131L + ne + kind.hashCode());
    double[] levels = new double[hours];
    for (int i = 0; i < hours; i++) levels[i] = 20 * Math.exp(0.5 * rnd.nextGaussian());
    double[] extra = new double[ne];
    for (int i = 0; i < ne; i++) {
      double v = 20 * Math.exp(0.5 * rnd.nextGaussian()) * rnd.nextDouble() * 2;
      extra[i] = switch (kind) {
        case "capped" -> Math.min(100, v * 3);
        case "zeros" -> rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? 0.0 : -0.0) : v;
        default -> v;
      };
    }
    MinuteSpread spread = new MinuteSpread(0.4);
    double[] sorted = extra.clone();
    Arrays.sort(sorted);
    double expected = SimStatistics.mixedPercentile(levels, hours, spread.sorted, sorted, ne, p);
    double got = SimStatistics.mixedPercentileUnsorted(levels, hours, spread.sorted, extra.clone(), ne, p);
    assertThat(Double.doubleToRawLongBits(got)).as("p%s: %s vs %s", p, got, expected).isEqualTo(Double.doubleToRawLongBits(expected));
  }

  @ParameterizedTest(name = "select k={1} of {0} values")
  @CsvSource({"1, 0", "2, 1", "10, 5", "1000, 950", "1000, 0", "1000, 999"})
  void quickselectFindsTheKthSmallest(int n, int k) {
    Random rnd = new Random(n * 31L + k);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) a[i] = rnd.nextInt(50); // duplicates on purpose
    double[] sorted = a.clone();
    Arrays.sort(sorted);
    assertThat(SimStatistics.select(a, n, k)).isEqualTo(sorted[k]);
  }

  @ParameterizedTest(name = "minute spread sigma {0}: mean 1, sorted")
  @CsvSource({"0", "0.1", "0.3", "0.7"})
  void minuteSpreadHasMeanOne(double sigma) {
    MinuteSpread s = new MinuteSpread(sigma);
    assertThat(Arrays.stream(s.sorted).average().orElseThrow()).isCloseTo(1.0, within(1e-12));
    assertThat(s.sorted).isSorted();
    // each hour visits every multiplier exactly once
    double[] seen = new double[60];
    for (int m = 0; m < 60; m++) seen[m] = s.at(0x9e3779b97f4a7c15L, m);
    Arrays.sort(seen);
    assertThat(seen).containsExactly(s.sorted);
  }
}
