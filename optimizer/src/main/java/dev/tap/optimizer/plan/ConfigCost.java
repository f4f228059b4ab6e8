package dev.tap.optimizer.plan;

import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.pricing.CostModel;
import dev.tap.optimizer.pricing.CostUnavailable;
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.registry.Families;
import java.util.Map;

/**
 * The monthly list-price cost of one resource in a given configuration, from the {@link CostModel}:
 * the part a recommendation can change, as the resource's family prices it. Usage-billed parts
 * (DynamoDB on-demand, Lambda requests and duration, Aurora backup storage and replicated writes)
 * come from the resource's own metrics; when a needed metric is missing the cost is unavailable
 * ({@link CostUnavailable}), never guessed.
 */
public final class ConfigCost {
  private final CostModel model;

  public ConfigCost(CostModel model) {
    this.model = model;
  }

  public double monthly(Resource r, Map<String, String> c, ResourceMetrics m) {
    return Families.of(r.family()).monthlyCost(r, c, m, model);
  }

  /**
   * O5: what the instances of this configuration cost a month under each purchase option the list
   * holds (on-demand first); empty for families not billed per instance.
   */
  public Map<PurchaseOption, Double> byPurchaseOption(Resource r, Map<String, String> c) {
    return Families.of(r.family()).monthlyByPurchaseOption(r, c, model);
  }

  /** The same with the metrics, for families billed by usage (Lambda: GB-seconds under Compute Savings Plans). */
  public Map<PurchaseOption, Double> byPurchaseOption(Resource r, Map<String, String> c, ResourceMetrics m) {
    return Families.of(r.family()).monthlyByPurchaseOption(r, c, m, model);
  }
}
