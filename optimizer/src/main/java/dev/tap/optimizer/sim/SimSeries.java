package dev.tap.optimizer.sim;

/**
 * One simulated CloudWatch metric (namespace, name, dimensions): minute values derived on demand.
 * {@code unitsPerSample} says how CloudWatch counts samples: 0 for a gauge published once a
 * minute (SampleCount = minutes with data); otherwise each request contributes that many units
 * (SampleCount = value / unitsPerSample, the number of requests).
 */
abstract class SimSeries {
  final double unitsPerSample;

  SimSeries(double unitsPerSample) {
    this.unitsPerSample = unitsPerSample;
  }

  /**
   * The 60 minute values of epoch hour {@code h} into {@code out}; NaN where no datapoint exists.
   * {@code stat} picks the curve for metrics that publish a distribution per minute (latency);
   * {@code raw} skips the reporting cap (a queue model needs the demand, not the clipped CPU).
   */
  abstract void fillHour(long h, String stat, double[] out, boolean raw);

  /**
   * When the minutes of hour {@code h} are exactly {@code a * spread} (no cap reached, one
   * configuration, data present), {@code a}; otherwise NaN and the caller walks the minutes.
   */
  double hourScale(long h) {
    return Double.NaN;
  }

  /** The minute profile behind {@link #hourScale}, or null when the series has no closed form. */
  MinuteSpread spread() {
    return null;
  }
}
