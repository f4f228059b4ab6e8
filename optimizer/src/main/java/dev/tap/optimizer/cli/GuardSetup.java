package dev.tap.optimizer.cli;

import dev.tap.optimizer.exec.GuardPolicy;
import dev.tap.optimizer.metrics.HealthSignal;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.registry.Families;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The guard of a plan's run: every threshold from the policy, and each phase's health signals from the families. */
final class GuardSetup {
  private GuardSetup() {}

  static GuardPolicy of(Plan plan, Policy policy) {
    return GuardPolicy.from(policy).withSignals(signals(plan, policy));
  }

  /**
   * Per phase, the signals of every resource its actions change, read from the family with the
   * configuration after the phase (a Lambda's concurrency limit is the reservation it will have),
   * limits resolved from the policy keys the families name.
   */
  static Map<Integer, List<HealthSignal>> signals(Plan plan, Policy policy) {
    Map<Integer, List<HealthSignal>> out = new TreeMap<>();
    for (Phase phase : plan.phases()) {
      Map<String, Resource> after = new LinkedHashMap<>();
      for (Action a : phase.actions()) {
        Resource prev = after.get(a.resourceId());
        Map<String, String> config = new HashMap<>(prev != null ? prev.config() : a.before());
        config.putAll(a.after());
        after.put(a.resourceId(), new Resource(a.resourceId(), a.kind().family(), a.region(), null, config, Map.of()));
      }
      List<HealthSignal> signals = new ArrayList<>();
      for (Resource r : after.values()) {
        for (HealthSignal s : Families.of(r.family()).healthSignals(r)) signals.add(s.withLimit(policy.number(s.policyKey())));
      }
      out.put(phase.number(), signals);
    }
    return out;
  }
}
