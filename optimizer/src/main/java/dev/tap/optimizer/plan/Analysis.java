package dev.tap.optimizer.plan;

import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Recommendation;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.slo.SloStatus;
import java.util.List;

/**
 * Everything one analysis produced: the plan (only actions that passed), every recommendation with
 * its status, the findings, and the policy and price list it used.
 */
public record Analysis(Plan plan, List<Recommendation> recommendations, List<Finding> findings, SloStatus slo, Policy policy, String priceCitation) {

  public Analysis {
    recommendations = List.copyOf(recommendations);
    findings = List.copyOf(findings);
  }

  public double plannedMonthlySavings() {
    return plan.actions().stream().mapToDouble(Action::monthlySavings).sum();
  }
}
