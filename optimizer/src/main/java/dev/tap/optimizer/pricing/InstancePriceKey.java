package dev.tap.optimizer.pricing;

import java.util.Objects;

/** Identifies one hourly price: a service, an instance or node type, a region, how it is bought. */
public record InstancePriceKey(
    Service service, String type, String region, Deployment deployment, PurchaseOption purchase) {

  public InstancePriceKey {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(purchase, "purchase");
  }

  /** "rds-postgresql db.r6g.large multi-az reserved-1y-no-upfront in us-east-1". */
  public String describe() {
    return service.id
        + " "
        + type
        + (deployment == Deployment.SINGLE_AZ ? "" : " " + deployment.id)
        + " "
        + purchase.id
        + " in "
        + region;
  }
}
