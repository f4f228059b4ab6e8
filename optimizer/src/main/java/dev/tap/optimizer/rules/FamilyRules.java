package dev.tap.optimizer.rules;

import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.policy.Policy;

/**
 * The rules of one resource family: a pure function of what exists, what it did over the lookback
 * and the policy. No I/O, no clock, no mutation; the same inputs always give the same result.
 */
public interface FamilyRules {
  RuleResult evaluate(Resource resource, ResourceMetrics metrics, Policy policy);
}
