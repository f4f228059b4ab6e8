package dev.tap.optimizer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A load's key may join hourly series with '+': their hour-by-hour sum, on the first series' hours. */
class ResourceMetricsSeriesTest {
  static final double NaN = Double.NaN;

  static MetricSeries series(String metric, long[] times, double... values) {
    return new MetricSeries(new MetricQuery("q" + metric, "AWS/EBS", metric, Map.of(), "Maximum", 3600), times, values);
  }

  static ResourceMetrics metrics(MetricSeries... all) {
    Map<String, MetricSeries> hourly = new LinkedHashMap<>();
    for (MetricSeries s : all) hourly.put(s.query().metricName() + ":Maximum", s);
    Resource r = new Resource("vol-1", new Family("EBS", "EBS volume", "AWS/EBS"), "us-east-1", "arn", Map.of(), Map.of());
    return new ResourceMetrics(r, Instant.EPOCH, Instant.EPOCH.plusSeconds(4 * 3600), Map.of(), hourly);
  }

  @Test
  void sumsHourByHourOnTheFirstSeriesHours() {
    long[] t = {0, 3600, 7200, 10800};
    // writes miss the first hour and have one hour the reads do not: that one is off the reads' hours and left out
    ResourceMetrics m = metrics(series("VolumeReadOps", t, 10, NaN, 30, NaN), series("VolumeWriteOps", new long[] {3600, 7200, 14400}, 5, 7, 1000));

    MetricSeries sum = m.series("VolumeReadOps:Maximum+VolumeWriteOps:Maximum");
    assertThat(sum.times()).containsExactly(t);
    // an hour with one side only counts that side; an hour with neither is NaN
    assertThat(sum.values()).containsExactly(10, 5, 37, NaN);
    // one key is the series itself; a key naming nothing fetched is null, and a sum of nothing fetched too
    assertThat(m.series("VolumeReadOps:Maximum")).isSameAs(m.hourly().get("VolumeReadOps:Maximum"));
    assertThat(m.series("VolumeQueueLength:Average")).isNull();
    assertThat(m.series("A:Maximum+B:Maximum")).isNull();
    // a sum with one part missing is the other part
    assertThat(m.series("A:Maximum+VolumeWriteOps:Maximum").values()).containsExactly(5, 7, 1000);
  }
}
