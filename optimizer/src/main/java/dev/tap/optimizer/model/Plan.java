package dev.tap.optimizer.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What analysis hands to execution and reports: phases of actions for one account and blueprint,
 * plus what was skipped and why (SPEC O6). Written as {@code plan.json} with a schema version.
 */
public record Plan(
    int schemaVersion,
    String id,
    String blueprint,
    String account,
    String source,
    Instant createdAt,
    Instant lookbackStart,
    Instant lookbackEnd,
    String priceListDate,
    List<Phase> phases,
    List<Skipped> skipped,
    String environment,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    Map<String, Map<String, Double>> purchaseOptions) {

  /**
   * O5 in the plan: for a planned action whose after-configuration has more than one way to buy it,
   * its monthly cost by purchase option id ({@code on-demand}, {@code reserved-1y-no-upfront},
   * {@code savings-plan-compute-3y-all-upfront}, ...), keyed by action id. Plans written before it
   * was recorded read with none; a plan without any omits the key, so its file is unchanged.
   */
  public Plan(int schemaVersion, String id, String blueprint, String account, String source, Instant createdAt, Instant lookbackStart,
      Instant lookbackEnd, String priceListDate, List<Phase> phases, List<Skipped> skipped, String environment) {
    this(schemaVersion, id, blueprint, account, source, createdAt, lookbackStart, lookbackEnd, priceListDate, phases, skipped, environment, Map.of());
  }

  /** The same plan with the purchase-option comparison of its actions. */
  public Plan withPurchaseOptions(Map<String, Map<String, Double>> options) {
    return new Plan(schemaVersion, id, blueprint, account, source, createdAt, lookbackStart, lookbackEnd, priceListDate, phases, skipped, environment,
        options);
  }

  /**
   * A plan that does not know the {@code Environment} of its SLO metrics ({@code environment} null):
   * what plans written before it was recorded read as; {@code tap apply} then needs {@code --environment}.
   */
  public Plan(int schemaVersion, String id, String blueprint, String account, String source, Instant createdAt, Instant lookbackStart,
      Instant lookbackEnd, String priceListDate, List<Phase> phases, List<Skipped> skipped) {
    this(schemaVersion, id, blueprint, account, source, createdAt, lookbackStart, lookbackEnd, priceListDate, phases, skipped, null);
  }

  /** The same plan recording the {@code Environment} dimension of its SLO metrics, as the analysis found it. */
  public Plan withEnvironment(String env) {
    return new Plan(schemaVersion, id, blueprint, account, source, createdAt, lookbackStart, lookbackEnd, priceListDate, phases, skipped, env,
        purchaseOptions);
  }

  public static final int SCHEMA_VERSION = 1;

  /**
   * A resource or recommendation left out of the plan, and why.
   *
   * @param monthlySavings what a left-out recommendation would have saved a month (negative: it would
   *     have cost more); null for a resource that was not evaluated (excluded, no data)
   */
  public record Skipped(String resourceId, String family, String reason, Double monthlySavings) {
    public Skipped(String resourceId, String family, String reason) {
      this(resourceId, family, reason, null);
    }
  }

  public Plan {
    phases = List.copyOf(phases);
    skipped = List.copyOf(skipped);
    java.util.Map<String, Map<String, Double>> options = new java.util.TreeMap<>();
    if (purchaseOptions != null) purchaseOptions.forEach((k, v) -> options.put(k, java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(v))));
    purchaseOptions = java.util.Collections.unmodifiableMap(options);
  }

  public List<Action> actions() {
    return phases.stream().flatMap(p -> p.actions().stream()).toList();
  }
}
