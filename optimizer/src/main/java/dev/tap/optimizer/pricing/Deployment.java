package dev.tap.optimizer.pricing;

import java.util.Arrays;
import java.util.Optional;

/**
 * How an instance is deployed, where the price depends on it: an RDS Multi-AZ instance (one
 * standby) costs twice a single-AZ one. Every other service is priced as {@link #SINGLE_AZ}.
 */
public enum Deployment {
  SINGLE_AZ("single-az"),
  MULTI_AZ("multi-az");

  public final String id;

  Deployment(String id) {
    this.id = id;
  }

  public static Optional<Deployment> byId(String id) {
    return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
  }
}
