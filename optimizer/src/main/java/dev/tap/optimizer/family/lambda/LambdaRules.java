package dev.tap.optimizer.family.lambda;

import static dev.tap.optimizer.model.ConfigKeys.MEMORY_MB;
import static dev.tap.optimizer.model.ConfigKeys.PROVISIONED_CONCURRENCY;
import static dev.tap.optimizer.model.ConfigKeys.RESERVED_CONCURRENCY;

import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Action.Risk;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.rules.FamilyRules;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.rules.Load;
import dev.tap.optimizer.rules.Observed;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Lambda functions (SPEC O5): memory down to where the observed maximum uses {@code
 * lambda.targetMemoryPct} of it (in 64 MB steps), and provisioned and reserved concurrency down to
 * the observed maximum plus {@code lambda.concurrencyHeadroomPct}. Duration is assumed unchanged by
 * the memory change (conservative for I/O-bound functions; CPU-bound ones may run longer).
 */
public final class LambdaRules implements FamilyRules {
  /** Lambda Insights: the highest share of configured memory used, percent. */
  public static final String MEMORY_USED = LambdaMetrics.MEMORY_UTILISATION;
  public static final String CONCURRENCY = LambdaMetrics.CONCURRENT;

  @Override
  public RuleResult evaluate(Resource r, ResourceMetrics m, Policy policy) {
    Policy.Lambda p = policy.lambda();
    Observed o = new Observed(m);
    RuleResult.Builder out = new RuleResult.Builder();
    memory(r, o, p, out);
    concurrency(r, o, p, out);
    return out.build();
  }

  private void memory(Resource r, Observed o, Policy.Lambda p, RuleResult.Builder out) {
    Optional<WindowValue> used = o.window(MEMORY_USED, "Maximum");
    if (used.isEmpty()) {
      out.find(Finding.warning(r, "memory not evaluated", "needs " + MEMORY_USED + " Maximum (Lambda Insights) over the window", List.of()));
      return;
    }
    Evidence e = o.evidence(used.get(), 1, "<", p.memoryUsedMaxPct(), " %");
    if (!e.holds()) return;
    int memory = r.configInt(MEMORY_MB);
    double usedMb = memory * used.get().value() / 100;
    int target = (int) Math.ceil(usedMb / (p.targetMemoryPct() / 100) / 64.0) * 64;
    target = Math.max(p.minMemoryMb(), Math.min(p.maxMemoryMb(), target));
    if (target >= memory) return;
    String key = o.hourlyKey(MEMORY_USED, "Maximum", "p95", "Average");
    out.propose(new Proposal(r, LambdaFamily.LAMBDA_MEMORY, Map.of(MEMORY_MB, String.valueOf(memory)), Map.of(MEMORY_MB, String.valueOf(target)),
        key == null ? List.of() : List.of(Load.percent(key, "memory used", (double) memory / target)), key == null ? List.of(used.get().key()) : List.of(key),
        List.of(e), Risk.LOW,
        String.format(Locale.ROOT, "at most %.0f MB of %d MB used: %d MB keeps it at %.0f %% (duration assumed unchanged)", usedMb, memory, target,
            usedMb / target * 100)));
  }

  private void concurrency(Resource r, Observed o, Policy.Lambda p, RuleResult.Builder out) {
    int provisioned = Integer.parseInt(r.config().getOrDefault(PROVISIONED_CONCURRENCY, "0"));
    String reservedText = r.config().get(RESERVED_CONCURRENCY);
    if (provisioned <= 0 && reservedText == null) return;
    Optional<WindowValue> peak = o.window(CONCURRENCY, "Maximum");
    if (peak.isEmpty()) {
      out.find(Finding.warning(r, "concurrency not evaluated", "needs " + CONCURRENCY + " Maximum over the window", List.of()));
      return;
    }
    double max = peak.get().value();
    int keep = Math.max(1, (int) Math.ceil(max * (1 + p.concurrencyHeadroomPct() / 100)));
    List<Evidence> ev = new ArrayList<>();
    Map<String, String> before = new java.util.TreeMap<>();
    Map<String, String> after = new java.util.TreeMap<>();
    if (provisioned > 0) {
      Optional<WindowValue> used = o.window(LambdaMetrics.PROVISIONED_UTILISATION, "Maximum");
      Evidence e = used.isPresent()
          ? o.evidence(used.get(), 100, "<", p.provisionedUsedMaxPct(), " %")
          : o.derived(CONCURRENCY + " / provisioned concurrency", "Maximum over the window", max / provisioned * 100, "<", p.provisionedUsedMaxPct(), " %");
      ev.add(e);
      if (e.holds() && keep < provisioned) {
        before.put(PROVISIONED_CONCURRENCY, String.valueOf(provisioned));
        after.put(PROVISIONED_CONCURRENCY, String.valueOf(keep));
      }
    }
    int reserved = reservedText == null ? 0 : Integer.parseInt(reservedText);
    int newReserved = Math.max(keep, Integer.parseInt(after.getOrDefault(PROVISIONED_CONCURRENCY, String.valueOf(provisioned))));
    if (reserved > 0 && !before.isEmpty() && newReserved < reserved) {
      before.put(RESERVED_CONCURRENCY, String.valueOf(reserved));
      after.put(RESERVED_CONCURRENCY, String.valueOf(newReserved));
    }
    if (before.isEmpty()) return;
    String key = o.hourlyKey(CONCURRENCY, "Maximum");
    List<Load> loads = new ArrayList<>();
    if (key != null && reserved > 0) {
      loads.add(Load.againstLimit(key, "concurrency vs reserved", reserved, Integer.parseInt(after.getOrDefault(RESERVED_CONCURRENCY, String.valueOf(reserved)))));
    }
    out.propose(new Proposal(r, LambdaFamily.LAMBDA_CONCURRENCY, before, after, loads, key == null ? List.of() : List.of(key), ev, Risk.LOW,
        String.format(Locale.ROOT, "at most %.0f concurrent executions: provisioned %d to %s, reserved %s to %s (observed maximum + %.0f %%)",
            max, provisioned, after.getOrDefault(PROVISIONED_CONCURRENCY, String.valueOf(provisioned)),
            reservedText == null ? "none" : reservedText, after.getOrDefault(RESERVED_CONCURRENCY, reservedText == null ? "none" : reservedText),
            p.concurrencyHeadroomPct())));
  }
}
