package dev.tap.optimizer.loadtest;

import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds, read from an HdrHistogram of microseconds. */
public record Latency(double p50, double p95, double p99, double max) {

  public static final Latency NONE = new Latency(0, 0, 0, 0);

  static Latency of(Histogram micros) {
    if (micros.getTotalCount() == 0) return NONE;
    return new Latency(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(95)),
        ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()));
  }

  private static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
