package dev.tap.optimizer.pricing;

import java.util.Objects;

/**
 * Identifies one unit price: what is priced, in which region, and how it is bought (on-demand, or a
 * Compute Savings Plans rate for the usage it discounts, e.g. Lambda GB-seconds).
 */
public record UnitPriceKey(UnitRate rate, String region, PurchaseOption purchase) {
  public UnitPriceKey {
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(purchase, "purchase");
  }

  /** The on-demand price. */
  public UnitPriceKey(UnitRate rate, String region) {
    this(rate, region, PurchaseOption.ON_DEMAND);
  }
}
