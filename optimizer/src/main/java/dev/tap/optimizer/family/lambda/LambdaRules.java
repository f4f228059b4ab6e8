package dev.tap.optimizer.family.lambda;

import static dev.tap.optimizer.model.ConfigKeys.MEMORY_MB;
import static dev.tap.optimizer.model.ConfigKeys.PROVISIONED_CONCURRENCY;
import static dev.tap.optimizer.model.ConfigKeys.RESERVED_CONCURRENCY;

import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Action.Risk;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.rules.FamilyRules;
import dev.tap.optimizer.rules.Load;
import dev.tap.optimizer.rules.Observed;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Lambda functions (SPEC O5): memory down to where the observed maximum uses {@code
 * lambda.targetMemoryPct} of it (in 64 MB steps), and provisioned and reserved concurrency down to
 * the observed maximum plus {@code lambda.concurrencyHeadroomPct}. A memory cut lengthens the
 * duration ({@link LambdaDuration}: fitted from past memory sizes, else the most a cut can cost), and concurrency is invocations × duration, so the cut is kept
 * where the predicted peak concurrency stays under {@code backtest.maxUtilisationPct} of the
 * reserved concurrency; the concurrency cut then waits for a measurement at the new memory. A
 * function that throttles today is a finding and is not cut.
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
    if (throttles(r, o, p, out)) return out.build();
    OptionalDouble memoryCut = memory(r, o, p, policy.backtest().maxUtilisationPct(), out);
    concurrency(r, o, p, memoryCut, out);
    return out.build();
  }

  /** True when the function throttles more than {@code lambda.throttledMaxPct} of its requests today. */
  static boolean throttles(Resource r, Observed o, Policy.Lambda p, RuleResult.Builder out) {
    Optional<WindowValue> throttled = o.window(LambdaMetrics.THROTTLES, "Sum");
    Optional<WindowValue> invoked = o.window(LambdaMetrics.INVOCATIONS, "Sum");
    if (throttled.isEmpty() || invoked.isEmpty()) return false;
    // Invocations counts only the requests that ran; a throttled request is not an invocation.
    double requests = throttled.get().value() + invoked.get().value();
    double share = requests > 0 ? throttled.get().value() / requests * 100 : 0;
    Evidence e = o.derived("Throttles / (Invocations + Throttles)", "Sum over the window", share, ">", p.throttledMaxPct(), " %");
    if (!e.holds()) return false;
    String reserved = r.config().get(RESERVED_CONCURRENCY);
    out.find(Finding.warning(r, "throttles today",
        String.format(Locale.ROOT, "%.0f of %.0f requests throttled (%.3g %%)%s: raise the reserved concurrency, or the memory to shorten each "
            + "invocation; memory and concurrency are not cut", throttled.get().value(), requests, share,
            o.window(CONCURRENCY, "Maximum").map(c -> String.format(Locale.ROOT, ", peak %.0f concurrent executions against reserved %s",
                c.value(), reserved == null ? "none (account pool)" : reserved)).orElse("")),
        List.of(e)));
    return true;
  }

  /** Proposes a memory cut; returns the duration ratio it predicts, empty without a cut. */
  private OptionalDouble memory(Resource r, Observed o, Policy.Lambda p, double ceilingPct, RuleResult.Builder out) {
    Optional<WindowValue> used = o.window(MEMORY_USED, "Maximum");
    if (used.isEmpty()) {
      out.find(Finding.warning(r, "memory not evaluated", "needs " + MEMORY_USED + " Maximum (Lambda Insights) over the window", List.of()));
      return OptionalDouble.empty();
    }
    Evidence e = o.evidence(used.get(), 1, "<", p.memoryUsedMaxPct(), " %");
    if (!e.holds()) return OptionalDouble.empty();
    int memory = r.configInt(MEMORY_MB);
    double usedMb = memory * used.get().value() / 100;
    int target = (int) Math.ceil(usedMb / (p.targetMemoryPct() / 100) / 64.0) * 64;
    target = Math.max(p.minMemoryMb(), Math.min(p.maxMemoryMb(), target));
    if (target >= memory) return OptionalDouble.empty();
    List<Evidence> ev = new ArrayList<>(List.of(e));
    int reserved = Integer.parseInt(r.config().getOrDefault(RESERVED_CONCURRENCY, "0"));
    Optional<WindowValue> peak = o.window(CONCURRENCY, "Maximum");
    LambdaDuration.Sensitivity sensitivity = LambdaDuration.of(o.metrics(), memory);
    if (reserved > 0 && peak.isPresent()) {
      // Concurrency = invocations x duration: the longer duration must still fit under the reserved limit.
      double ceiling = reserved * ceilingPct / 100;
      while (target < memory && peak.get().value() * sensitivity.ratio(memory, target) > ceiling) target += 64;
      if (target >= memory) {
        out.find(Finding.info(r, "memory cut held back",
            String.format(Locale.ROOT, "a smaller memory lengthens each invocation (less CPU) and peak concurrency %.0f would pass %.0f %% of reserved %d",
                peak.get().value(), ceilingPct, reserved),
            List.of(e)));
        return OptionalDouble.empty();
      }
      // The evidence says what the duration ratio rests on: a fit from past memory sizes, or the safe end without one.
      ev.add(o.derived(CONCURRENCY + " Maximum x predicted duration ratio " + String.format(Locale.ROOT, "%.3g", sensitivity.ratio(memory, target))
          + (sensitivity.fitted() ? " (fitted from history)" : " (no memory history: wholly CPU-bound, fully parallel)"), "Maximum over the window",
          peak.get().value() * sensitivity.ratio(memory, target) / reserved * 100, "<=", ceilingPct, " % of reserved"));
    }
    double ratio = sensitivity.ratio(memory, target);
    String key = o.hourlyKey(MEMORY_USED, "Maximum", "p95", "Average");
    // Concurrency first: the first load drives the latency model, and memory used is no queue.
    List<Load> loads = new ArrayList<>();
    String concurrencyKey = o.hourlyKey(CONCURRENCY, "Maximum");
    if (concurrencyKey != null && reserved > 0) {
      loads.add(Load.againstLimit(concurrencyKey, "concurrency vs reserved (duration x" + String.format(Locale.ROOT, "%.3g", ratio) + ")",
          reserved, reserved, ratio));
    }
    // Memory used is the function's own: the same MB against the smaller size.
    if (key != null) loads.add(Load.percent(key, "memory used", (double) memory / target));
    List<String> coverage = new ArrayList<>();
    coverage.add(key == null ? used.get().key() : key);
    if (concurrencyKey != null) coverage.add(concurrencyKey);
    out.propose(new Proposal(r, LambdaFamily.LAMBDA_MEMORY, Map.of(MEMORY_MB, String.valueOf(memory)), Map.of(MEMORY_MB, String.valueOf(target)),
        loads, coverage, ev, Risk.LOW,
        String.format(Locale.ROOT, "at most %.0f MB of %d MB used: %d MB keeps it at %.0f %%; duration predicted x%.2f (%.2f -> %.2f vCPU; %s)",
            usedMb, memory, target, usedMb / target * 100, ratio, LambdaDuration.vcpus(memory), LambdaDuration.vcpus(target), sensitivity.basis())));
    return OptionalDouble.of(ratio);
  }

  /**
   * Provisioned and reserved concurrency down to the measured peak plus headroom. When the same plan
   * cuts the memory, the duration after it is a prediction ({@link LambdaDuration}: an upper bound
   * without history), not a measurement: tightening a hard limit on it could
   * throttle, so the cut waits for the next analysis, which measures the new concurrency.
   */
  private void concurrency(Resource r, Observed o, Policy.Lambda p, OptionalDouble memoryCut, RuleResult.Builder out) {
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
    if (memoryCut.isPresent()) {
      out.find(Finding.info(r, "concurrency cut waits for the memory cut", String.format(Locale.ROOT,
          "the plan cuts memory, so each invocation's duration changes by a predicted x%.2f that nothing has measured yet: provisioned and "
              + "reserved concurrency (%s) stay until an analysis after the memory change measures the concurrency it needs",
          memoryCut.getAsDouble(), before.keySet().stream().map(k -> k + " " + before.get(k) + " -> " + after.get(k)).collect(Collectors.joining(", "))),
          ev));
      return;
    }
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
