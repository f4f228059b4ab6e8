package dev.tap.optimizer.metrics;

import java.util.Arrays;

/**
 * The values of one query, oldest first, in primitive arrays (no boxing in analysis loops).
 * {@code times} are epoch seconds of each period's start.
 */
public record MetricSeries(MetricQuery query, long[] times, double[] values) {

  public MetricSeries {
    if (times.length != values.length) {
      throw new IllegalArgumentException("series " + query.id() + ": " + times.length + " times but " + values.length + " values");
    }
  }

  public int size() {
    return values.length;
  }

  public boolean isEmpty() {
    return values.length == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricSeries s && s.query.equals(query) && Arrays.equals(s.times, times) && Arrays.equals(s.values, values);
  }

  @Override
  public int hashCode() {
    return query.hashCode() * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "MetricSeries[" + query.id() + ", " + values.length + " points]";
  }
}
