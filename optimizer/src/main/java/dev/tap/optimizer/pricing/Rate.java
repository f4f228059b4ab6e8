package dev.tap.optimizer.pricing;

/**
 * A price in the list's currency with the id of the source it came from (a key of {@link
 * PriceList#sources()}), so a report can say where each figure comes from.
 */
public record Rate(double usd, String source) {
  public Rate {
    if (!(usd >= 0) || Double.isInfinite(usd)) {
      throw new IllegalArgumentException("price must be a finite non-negative number: " + usd);
    }
  }
}
