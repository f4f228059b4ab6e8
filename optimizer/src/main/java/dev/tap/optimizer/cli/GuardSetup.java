package dev.tap.optimizer.cli;

import dev.tap.optimizer.exec.Executor;
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
import java.util.TreeSet;
import java.util.function.Consumer;

/** The guard of a plan's run: every threshold from the policy, and each phase's health signals from the families. */
final class GuardSetup {
  private GuardSetup() {}

  /** Thresholds only: what the baseline check before the start needs (the signals follow the pre-flight read). */
  static GuardPolicy thresholds(Policy policy) {
    return GuardPolicy.from(policy);
  }

  /** Signals built from the live configuration the pre-flight read ({@link Executor#preflight}); {@code warn} hears of any fallback. */
  static GuardPolicy of(Plan plan, Policy policy, Map<String, Resource> live, Consumer<String> warn) {
    return GuardPolicy.from(policy).withSignals(signals(plan, policy, live, warn));
  }

  /**
   * Per phase, the signals of every resource its actions change, read from the family with the
   * configuration after the phase: the live configuration the pre-flight read, with the after-values
   * of the plan's actions up to and including the phase (a Lambda's concurrency limit is the reservation
   * it will have; an endpoint's variant, a database's member ids, a group's target groups are the
   * account's, which a plan does not carry). A resource the pre-flight did not read falls back to the
   * plan's before-state, and {@code warn} names it. Limits are resolved from the policy keys the families name;
   * each signal is read in its resource's region.
   */
  static Map<Integer, List<HealthSignal>> signals(Plan plan, Policy policy, Map<String, Resource> live, Consumer<String> warn) {
    Map<Integer, List<HealthSignal>> out = new TreeMap<>();
    Map<String, Map<String, String>> state = new HashMap<>();
    TreeSet<String> fallback = new TreeSet<>();
    for (Phase phase : plan.phases()) {
      Map<String, Resource> after = new LinkedHashMap<>();
      for (Action a : phase.actions()) {
        String key = Executor.resourceKey(a.region(), a.resourceId());
        Map<String, String> config = state.computeIfAbsent(key, k -> {
          Resource read = live.get(k);
          if (read != null) return new HashMap<>(read.config());
          fallback.add(a.resourceId() + " [" + a.region() + "]");
          return new HashMap<>(a.before());
        });
        config.putAll(a.after());
        after.put(key, new Resource(a.resourceId(), a.kind().family(), a.region(), null, Map.copyOf(config), Map.of()));
      }
      List<HealthSignal> signals = new ArrayList<>();
      for (Resource r : after.values()) {
        for (HealthSignal s : Families.of(r.family()).healthSignals(r)) signals.add(s.withLimit(policy.number(s.policyKey())).inRegion(r.region()));
      }
      out.put(phase.number(), signals);
    }
    if (!fallback.isEmpty()) {
      warn.accept("WARNING: the guard's health signals of " + String.join(", ", fallback) + " are built from the plan's configuration (not read"
          + " from the account before the start): a signal that needs a key the plan does not carry (an endpoint's variant, a database's"
          + " members, a group's target groups) is left out.");
    }
    return out;
  }
}
