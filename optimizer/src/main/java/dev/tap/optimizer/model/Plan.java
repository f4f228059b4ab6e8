package dev.tap.optimizer.model;

import java.time.Instant;
import java.util.List;

import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Phase;
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
    List<Skipped> skipped) {

  public static final int SCHEMA_VERSION = 1;

  public record Skipped(String resourceId, String family, String reason) {}

  public Plan {
    phases = List.copyOf(phases);
    skipped = List.copyOf(skipped);
  }

  public List<Action> actions() {
    return phases.stream().flatMap(p -> p.actions().stream()).toList();
  }
}
