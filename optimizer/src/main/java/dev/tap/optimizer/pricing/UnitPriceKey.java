package dev.tap.optimizer.pricing;

import java.util.Objects;

/** Identifies one unit price: what is priced and in which region. */
public record UnitPriceKey(UnitRate rate, String region) {
  public UnitPriceKey {
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(region, "region");
  }
}
