package dev.tap.optimizer.family;

import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.rules.FamilyRules;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The declarative part of a family (what it is, changes, reads and where its changes go), so that
 * each family class only writes what differs: its costs, rollback text and recovery model.
 */
public abstract class FamilyBase implements ResourceFamily {
  private final List<Family> families;
  private final List<ActionKind> kinds;
  private final Function<Resource, List<MetricSpec>> specs;
  private final FamilyRules rules;
  private final Stage stage;
  private final List<String> tierMetrics;

  /**
   * @param rules null for a family that only reports
   * @param stage null for a family that proposes no change
   */
  protected FamilyBase(List<Family> families, List<ActionKind> kinds, Function<Resource, List<MetricSpec>> specs, FamilyRules rules, Stage stage,
      List<String> tierMetrics) {
    this.families = List.copyOf(families);
    this.kinds = List.copyOf(kinds);
    this.specs = specs;
    this.rules = rules;
    this.stage = stage;
    this.tierMetrics = List.copyOf(tierMetrics);
  }

  @Override
  public final List<Family> families() {
    return families;
  }

  @Override
  public final List<ActionKind> actionKinds() {
    return kinds;
  }

  @Override
  public final List<MetricSpec> metricSpecs(Resource r) {
    return specs.apply(r);
  }

  @Override
  public final Optional<FamilyRules> rules() {
    return Optional.ofNullable(rules);
  }

  @Override
  public final Optional<Stage> stage() {
    return Optional.ofNullable(stage);
  }

  @Override
  public final List<String> tierMetrics() {
    return tierMetrics;
  }
}
