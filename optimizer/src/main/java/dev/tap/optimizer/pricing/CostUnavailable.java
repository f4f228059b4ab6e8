package dev.tap.optimizer.pricing;

/** Thrown when a configuration cannot be priced from the price list and the metrics at hand. */
public final class CostUnavailable extends RuntimeException {
  public CostUnavailable(String message) {
    super(message);
  }
}
