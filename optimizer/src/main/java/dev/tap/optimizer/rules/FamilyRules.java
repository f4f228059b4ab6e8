package dev.tap.optimizer.rules;

import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import java.util.List;
import java.util.Optional;

/**
 * The rules of one resource family: a pure function of what exists, what it did over the lookback
 * and the policy. No I/O, no clock, no mutation; the same inputs always give the same result.
 */
public interface FamilyRules {
  RuleResult evaluate(Resource resource, ResourceMetrics metrics, Policy policy);

  /**
   * O3: when the service already breaches its SLO, the change that restores it (more capacity),
   * or empty when this family does not restore the SLO; the planner puts it in the first phase.
   */
  default Optional<RuleResult> restore(Resource resource, ResourceMetrics metrics, List<Evidence> sloBreaches, Policy policy) {
    return Optional.empty();
  }
}
