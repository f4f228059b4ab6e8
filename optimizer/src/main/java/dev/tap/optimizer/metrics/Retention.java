package dev.tap.optimizer.metrics;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.time.Duration;
import java.time.Instant;

/**
 * CloudWatch's retention tiers and the periods GetMetricData accepts for them. CloudWatch keeps
 * 1-minute datapoints for 15 days, 5-minute for 63 days and 1-hour for 455 days; a request whose
 * start time is older than a tier must use a period that is a multiple of the next tier's
 * resolution, or CloudWatch returns no datapoints for it. The age of the <em>start time</em>
 * decides, as in the GetMetricData documentation.
 */
public final class Retention {
  private Retention() {}

  public static final Duration MINUTE_TIER = Duration.ofDays(15);
  public static final Duration FIVE_MINUTE_TIER = Duration.ofDays(63);
  public static final Duration HOUR_TIER = Duration.ofDays(455);

  /**
   * The resolution in seconds of the oldest datapoints a request starting at {@code start} reads,
   * seen at {@code now}: 60, 300 or 3,600; 0 when CloudWatch keeps nothing that old.
   */
  public static int granularity(Instant start, Instant now) {
    Duration age = Duration.between(start, now);
    if (age.compareTo(MINUTE_TIER) <= 0) return 60;
    if (age.compareTo(FIVE_MINUTE_TIER) <= 0) return 300;
    if (age.compareTo(HOUR_TIER) <= 0) return 3_600;
    return 0;
  }

  /** Whether CloudWatch answers a request starting at {@code start} with this period. */
  public static boolean accepts(Instant start, Instant now, int periodSeconds) {
    int g = granularity(start, now);
    return g > 0 && periodSeconds > 0 && periodSeconds % g == 0;
  }

  /**
   * The smallest period at least {@code desiredSeconds} that CloudWatch accepts for a request
   * starting at {@code start}: {@code desired} rounded up to a multiple of the tier's resolution.
   */
  public static int period(Instant start, Instant now, int desiredSeconds) {
    int g = requireRetained(start, now);
    long p = ((long) Math.max(desiredSeconds, 1) + g - 1) / g * g;
    if (p > Integer.MAX_VALUE) throw new IllegalArgumentException("period too long: " + desiredSeconds + " s");
    return (int) p;
  }

  /**
   * The one period that spans the window [start, end): the window's length rounded up to the
   * tier's resolution, so that a statistic (a percentile above all) is computed by CloudWatch over
   * every retained datapoint of the window rather than over hourly aggregates.
   */
  public static int windowPeriod(Instant start, Instant end, Instant now) {
    long seconds = Duration.between(start, end).getSeconds();
    if (seconds <= 0) throw new IllegalArgumentException("window is empty: " + start + " .. " + end);
    if (seconds > Integer.MAX_VALUE) throw new IllegalArgumentException("window too long: " + seconds + " s");
    return period(start, now, (int) seconds);
  }

  private static int requireRetained(Instant start, Instant now) {
    int g = granularity(start, now);
    if (g == 0) {
      throw new UserError(ExitCode.BAD_INPUT, "CloudWatch keeps metrics for 455 days; a window starting " + start + " (" + Duration.between(start, now).toDays()
          + " days before " + now + ") reaches beyond that. Use --lookback-days 455 or fewer.");
    }
    return g;
  }
}
