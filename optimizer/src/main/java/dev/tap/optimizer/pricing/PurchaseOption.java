package dev.tap.optimizer.pricing;

import java.util.Arrays;
import java.util.Optional;

/**
 * How capacity is bought. Reserved options are priced as an effective hourly rate: upfront fee
 * spread over the hours of the term plus the recurring hourly fee. For EC2 these are Standard
 * Reserved Instances; EC2 Instance Savings Plans charge the same effective rate for the same term
 * and payment option. Compute Savings Plans (any EC2 family, size or region, Fargate, Lambda) are
 * priced as their rate for the usage, also an effective hourly figure.
 */
public enum PurchaseOption {
  ON_DEMAND("on-demand", 0, null, false),
  RESERVED_1Y_NO_UPFRONT("reserved-1y-no-upfront", 1, "No Upfront", false),
  RESERVED_1Y_ALL_UPFRONT("reserved-1y-all-upfront", 1, "All Upfront", false),
  RESERVED_3Y_NO_UPFRONT("reserved-3y-no-upfront", 3, "No Upfront", false),
  RESERVED_3Y_ALL_UPFRONT("reserved-3y-all-upfront", 3, "All Upfront", false),
  SAVINGS_PLAN_COMPUTE_1Y_NO_UPFRONT("savings-plan-compute-1y-no-upfront", 1, "No Upfront", true),
  SAVINGS_PLAN_COMPUTE_1Y_ALL_UPFRONT("savings-plan-compute-1y-all-upfront", 1, "All Upfront", true),
  SAVINGS_PLAN_COMPUTE_3Y_NO_UPFRONT("savings-plan-compute-3y-no-upfront", 3, "No Upfront", true),
  SAVINGS_PLAN_COMPUTE_3Y_ALL_UPFRONT("savings-plan-compute-3y-all-upfront", 3, "All Upfront", true);

  public final String id;
  /** Term in years; 0 for on-demand. */
  public final int termYears;
  /** The Price List API's {@code PurchaseOption} term attribute (the Savings Plans payment option); null for on-demand. */
  public final String priceListPurchaseOption;
  /** A Compute Savings Plan rather than a reservation. */
  public final boolean savingsPlan;

  PurchaseOption(String id, int termYears, String priceListPurchaseOption, boolean savingsPlan) {
    this.id = id;
    this.termYears = termYears;
    this.priceListPurchaseOption = priceListPurchaseOption;
    this.savingsPlan = savingsPlan;
  }

  /** A reserved instance or node term (the Price List API's "Reserved" terms); Savings Plans are not. */
  public boolean reserved() {
    return termYears > 0 && !savingsPlan;
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
