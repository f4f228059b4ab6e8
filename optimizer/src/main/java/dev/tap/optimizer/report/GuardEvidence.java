package dev.tap.optimizer.report;

import dev.tap.optimizer.exec.GuardReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the guard read for one rule during one phase's observation window, as the journal recorded
 * it: the baseline (the same hour of the week in the lookback, at the worst reading), the limit in
 * force then, the worst reading and when, and how many checks read it and how many breached.
 *
 * @param lowerIsWorse whether the rule guards against a fall (a cache hit rate): its limit lies
 *     below its baseline
 */
public record GuardEvidence(
    int phase, String rule, String metric, String stat, Double baseline, double limit, Double worst, Instant worstAt, int checks, int breaches,
    boolean lowerIsWorse) {

  /** One row per rule of each phase, in the order the guard first read them. */
  static List<GuardEvidence> of(List<GuardReading> readings) {
    Map<String, List<GuardReading>> byRule = new LinkedHashMap<>();
    for (GuardReading r : readings) byRule.computeIfAbsent(r.phase() + "\u0000" + r.rule(), k -> new ArrayList<>()).add(r);
    List<GuardEvidence> out = new ArrayList<>();
    for (List<GuardReading> rule : byRule.values()) {
      GuardReading first = rule.get(0);
      // The journal stores no direction: a limit below the baseline guards against a fall.
      boolean lower = first.baseline() != null && first.threshold() < first.baseline();
      GuardReading worst = null;
      for (GuardReading r : rule) {
        if (r.value() == null) continue;
        if (worst == null || (lower ? r.value() < worst.value() : r.value() > worst.value())) worst = r;
      }
      GuardReading at = worst != null ? worst : first;
      out.add(new GuardEvidence(first.phase(), first.rule(), first.metric(), first.stat(), at.baseline(), at.threshold(),
          worst == null ? null : worst.value(), worst == null ? null : worst.checkedAt(), rule.size(),
          (int) rule.stream().filter(GuardReading::breached).count(), lower));
    }
    return out;
  }

  /** Whether the rule watches one resource (its name ends with the resource's id) rather than the service's SLO. */
  boolean watches(String resourceId) {
    return rule.endsWith(" " + resourceId);
  }
}
