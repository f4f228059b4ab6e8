package dev.tap.optimizer.family;

import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.pricing.CostModel;
import dev.tap.optimizer.pricing.CostUnavailable;
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.rules.FamilyRules;
import dev.tap.optimizer.slo.SloStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the engine and the reports need to know about one resource family, so that adding a
 * family touches its own package and the registry only. The executor's side (the {@code
 * *Actions} classes behind each family's port) is wired by the adapters, which own the ports'
 * implementations.
 */
public interface ResourceFamily {

  /** The resource kinds this family covers (one, or ALB and NLB for load balancers). */
  List<Family> families();

  /** The changes this family's rules propose and its executor carries out. */
  List<ActionKind> actionKinds();

  /**
   * The health signals the guard watches on {@code r} once a change to it is in effect ({@code r}
   * carries the configuration after the change), each naming the policy key of its threshold.
   * Read with the service SLO in the same GetMetricData calls (docs/execution.md).
   */
  default List<dev.tap.optimizer.metrics.HealthSignal> healthSignals(Resource r) {
    return List.of();
  }

  /** The CloudWatch metrics the rules, backtests and reports read for {@code r}. */
  List<MetricSpec> metricSpecs(Resource r);

  /** The family's right-sizing rules; empty for families that only report (load balancers) or are analysed apart (ML). */
  default Optional<FamilyRules> rules() {
    return Optional.empty();
  }

  /**
   * The rules for a run priced by {@code book}: families that size EC2 types take its EC2 catalogue
   * (the refreshed one that came with {@code --prices FILE}, else the bundled one).
   */
  default Optional<FamilyRules> rules(PriceBook book) {
    return rules();
  }

  /** The plan phase its changes go into; empty when it proposes none. */
  default Optional<Stage> stage() {
    return Optional.empty();
  }

  /**
   * Utilisation series (metric names, percent) that make a resource of this family a tier a
   * request passes through; the backtest fits service latency against the busiest tier.
   */
  default List<String> tierMetrics() {
    return List.of();
  }

  /** The service's SLO as this resource reports it (a load balancer's response time), when it does. */
  default Optional<SloStatus> serviceSlo(ResourceMetrics m, Policy policy) {
    return Optional.empty();
  }

  /**
   * The monthly list-price cost of {@code r} in configuration {@code config}: the part a
   * recommendation can change. Usage-billed parts come from the metrics; throws {@link
   * CostUnavailable} when a needed value or metric is missing (never guessed).
   */
  default double monthlyCost(Resource r, Map<String, String> config, ResourceMetrics m, CostModel model) {
    throw new CostUnavailable("TAP prices no " + r.family().label() + " configuration");
  }

  /** O5: the instances of {@code config} a month under each purchase option (on-demand first); empty when not billed per instance. */
  default Map<PurchaseOption, Double> monthlyByPurchaseOption(Resource r, Map<String, String> config, CostModel model) {
    return Map.of();
  }

  /** O5 for families billed by usage (Lambda GB-seconds): the same, from the metrics; by default the per-instance figures. */
  default Map<PurchaseOption, Double> monthlyByPurchaseOption(Resource r, Map<String, String> config, ResourceMetrics m, CostModel model) {
    return monthlyByPurchaseOption(r, config, model);
  }

  /**
   * What is wrong with the after-values of an action of {@code kind} (keys it does not change,
   * types, ranges), checked before a run starts; empty when they are valid. Fails closed: a family
   * that has action kinds must say what valid values are ({@link AfterValues}).
   */
  default List<String> validate(ActionKind kind, Map<String, String> after) {
    return List.of("TAP cannot check the values of " + kind + " (its family has no validator), so it does not apply it");
  }

  /** Adds the AWS CLI commands (and notes) that undo {@code script.action()} exactly. */
  default void rollback(RollbackScript script) {
    script.note("TAP knows no inverse of " + script.action().kind() + "; 'tap rollback' restores the journal's before-state.");
  }

  /** How the action moves RTO and RPO of the failure it matters for, from the configuration before and after. */
  default Recovery recovery(Action action, RecoveryInputs in) {
    return in.result("not assessed", Objective.open("unknown"), Objective.open("unknown"), Objective.open("unknown"), Objective.open("unknown"),
        "TAP has no recovery model for " + action.kind() + ".");
  }

  /**
   * For the heat map of a resource without CPU: a metric measured against the capacity provisioned
   * in the configuration (DynamoDB consumed against provisioned capacity, Lambda concurrency against its reservation).
   */
  default Optional<CapacityUse> capacityUse() {
    return Optional.empty();
  }

  /**
   * Whether the resource an action changes serves the account's service, so the service's SLO
   * (latency, error rate) bears on it; otherwise a report shows only the resource's own readings.
   */
  default boolean onServicePath(ActionKind kind) {
    return true;
  }

  /**
   * Findings from a resource's configuration alone, made even when it publishes no metrics (an
   * unattached EBS volume); {@code monthlyUsd} is its monthly cost today (NaN when not priced).
   */
  default List<dev.tap.optimizer.model.Finding> configurationFindings(Resource r, java.time.Instant asOf, Policy policy, double monthlyUsd) {
    return List.of();
  }

  /** Whether {@link #configurationFindings} can say anything (so the engine prices the resource only then). */
  default boolean hasConfigurationFindings() {
    return false;
  }
}
