package dev.tap.optimizer.pricing;

import java.util.Arrays;
import java.util.Optional;

/**
 * How capacity is bought. Reserved options are priced as an effective hourly rate: upfront fee
 * spread over the hours of the term plus the recurring hourly fee. For EC2 these are Standard
 * Reserved Instances; EC2 Instance Savings Plans charge the same effective rate for the same term
 * and payment option.
 */
public enum PurchaseOption {
  ON_DEMAND("on-demand", 0, null),
  RESERVED_1Y_NO_UPFRONT("reserved-1y-no-upfront", 1, "No Upfront"),
  RESERVED_1Y_ALL_UPFRONT("reserved-1y-all-upfront", 1, "All Upfront"),
  RESERVED_3Y_NO_UPFRONT("reserved-3y-no-upfront", 3, "No Upfront"),
  RESERVED_3Y_ALL_UPFRONT("reserved-3y-all-upfront", 3, "All Upfront");

  public final String id;
  /** Term in years; 0 for on-demand. */
  public final int termYears;
  /** The Price List API's {@code PurchaseOption} term attribute; null for on-demand. */
  public final String priceListPurchaseOption;

  PurchaseOption(String id, int termYears, String priceListPurchaseOption) {
    this.id = id;
    this.termYears = termYears;
    this.priceListPurchaseOption = priceListPurchaseOption;
  }

  public boolean reserved() {
    return termYears > 0;
  }

  /** Hours in the term (365-day years), to spread an upfront fee. */
  public double termHours() {
    return termYears * 8760.0;
  }

  public static Optional<PurchaseOption> byId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }

  /** The reserved option for a Price List lease length ("1yr", "3yr") and purchase option. */
  public static Optional<PurchaseOption> reserved(String leaseContractLength, String purchaseOption) {
    return Arrays.stream(values())
        .filter(PurchaseOption::reserved)
        .filter(p -> (p.termYears + "yr").equals(leaseContractLength))
        .filter(p -> p.priceListPurchaseOption.equals(purchaseOption))
        .findFirst();
  }
}
