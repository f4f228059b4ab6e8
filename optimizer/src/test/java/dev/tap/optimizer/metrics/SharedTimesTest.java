package dev.tap.optimizer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The series of one call share one timestamps array where the hours are equal, and only then. */
class SharedTimesTest {

  static MetricSeries series(String id, long... times) {
    double[] v = new double[times.length];
    for (int i = 0; i < v.length; i++) v[i] = i + id.length();
    return new MetricSeries(new MetricQuery(id, "AWS/EC2", "CPUUtilization", Map.of(), "Maximum", 3600), times, v);
  }

  @Test
  void equalHoursShareOneArray_otherHoursKeepTheirOwn_valuesAreNeverShared() {
    List<long[]> distinct = new ArrayList<>();
    MetricSeries a = MetricsEngine.shareTimes(series("a", 0, 3600, 7200), distinct);
    MetricSeries b = MetricsEngine.shareTimes(series("b", 0, 3600, 7200), distinct);
    MetricSeries c = MetricsEngine.shareTimes(series("c", 0, 3600), distinct); // a shorter series (a missing hour)
    MetricSeries d = MetricsEngine.shareTimes(series("d", 0, 3600, 7201), distinct); // same length, another hour
    MetricSeries e = MetricsEngine.shareTimes(series("e", 0, 3600), distinct);
    MetricSeries empty = MetricsEngine.shareTimes(series("f"), distinct);

    assertThat(b.times()).isSameAs(a.times());
    assertThat(e.times()).isSameAs(c.times());
    assertThat(c.times()).isNotSameAs(a.times());
    assertThat(d.times()).isNotSameAs(a.times()).containsExactly(0, 3600, 7201);
    assertThat(b.values()).isNotSameAs(a.values()).containsExactly(1, 2, 3);
    assertThat(b).isEqualTo(series("b", 0, 3600, 7200));
    assertThat(empty.times()).isEmpty();
    assertThat(distinct).hasSize(3);
  }

  @Test
  void atMostFourSetsOfHoursAreRemembered() {
    List<long[]> distinct = new ArrayList<>();
    for (int k = 0; k < 6; k++) MetricsEngine.shareTimes(series("s" + k, k), distinct);
    assertThat(distinct).hasSize(4);
    assertThat(MetricsEngine.shareTimes(series("again", 3), distinct).times()).isSameAs(distinct.get(3));
    long[] fifth = {4};
    assertThat(MetricsEngine.shareTimes(series("new", fifth), distinct).times()).isSameAs(fifth);
  }
}
