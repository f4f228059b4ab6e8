package dev.tap.optimizer.model;

import java.time.Instant;
import java.util.List;

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
    String environment) {

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
    return new Plan(schemaVersion, id, blueprint, account, source, createdAt, lookbackStart, lookbackEnd, priceListDate, phases, skipped, env);
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
  }

  public List<Action> actions() {
    return phases.stream().flatMap(p -> p.actions().stream()).toList();
  }
}
