package dev.tap.optimizer.metrics;

/**
 * A GetMetricData call refused for its rate ({@code Throttling: Rate exceeded}): the call returned
 * nothing, so the engine may make it again unchanged. Adapters translate their service's throttling
 * error into this; the engine slows the account-region's {@link RateBudget} and retries.
 */
public final class MetricDataThrottledException extends RuntimeException {
  private final String code;

  public MetricDataThrottledException(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  /** The service's error code ({@code Throttling}, {@code ThrottlingException}, {@code TooManyRequestsException}). */
  public String code() {
    return code;
  }
}
