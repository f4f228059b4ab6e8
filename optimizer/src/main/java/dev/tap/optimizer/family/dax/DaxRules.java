package dev.tap.optimizer.family.dax;

import static dev.tap.optimizer.model.ConfigKeys.NODES;

import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Action.Risk;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.rules.FamilyRules;
import dev.tap.optimizer.rules.Load;
import dev.tap.optimizer.rules.NMinusOne;
import dev.tap.optimizer.rules.Observed;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import dev.tap.optimizer.rules.Stats;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * DAX clusters: fewer nodes when CPU p95 stays low, sized so the predicted CPU p95 lands at {@code
 * dax.targetCpuPct}, never below {@code dax.minNodes} (3 keeps a node in each AZ), and never so few that
 * the peak breaks the backtest's ceiling after losing a node or AZ ({@link NMinusOne}).
 */
public final class DaxRules implements FamilyRules {
  public static final String CPU = DaxMetrics.CPU;

  @Override
  public RuleResult evaluate(Resource r, ResourceMetrics m, Policy policy) {
    Policy.Dax p = policy.dax();
    Observed o = new Observed(m);
    Optional<WindowValue> cpu = o.window(CPU, "p95");
    if (cpu.isEmpty()) {
      return new RuleResult(List.of(), List.of(Finding.warning(r, "node count not evaluated", "needs " + CPU + " p95 over the window", List.of())));
    }
    Evidence e = o.evidence(cpu.get(), 1, "<", p.cpuP95MaxPct(), " %");
    int nodes = r.configInt(NODES);
    int target = Math.max(p.minNodes(), (int) Math.ceil(nodes * cpu.get().value() / p.targetCpuPct()));
    if (!e.holds() || target >= nodes) return RuleResult.none();
    String cpuKey = o.hourlyKey(CPU, "Maximum", "Average");
    // N-1: the peak hour, not the p95, must fit on the nodes left after losing one node or AZ.
    double peak = cpuKey != null ? Stats.max(o.hourly(cpuKey)) : o.window(CPU, "Maximum").orElse(cpu.get()).value();
    double ceiling = policy.backtest().maxUtilisationPct();
    Optional<Integer> safe = NMinusOne.smallest(peak, nodes, target, ceiling);
    if (safe.isEmpty()) {
      return new RuleResult(List.of(), List.of(Finding.info(r, "node count held back",
          String.format(Locale.ROOT, "CPU p95 %.1f %% is low, but %d nodes is the fewest that would carry the peak %.1f %% after losing a node or AZ",
              cpu.get().value(), nodes, peak), List.of(e, NMinusOne.evidence(o, CPU, peak, nodes, nodes - 1, ceiling)))));
    }
    target = safe.get();
    double f = (double) nodes / target;
    return new RuleResult(List.of(new Proposal(r, DaxFamily.DAX_NODES, Map.of(NODES, String.valueOf(nodes)), Map.of(NODES, String.valueOf(target)),
        cpuKey == null ? List.of() : List.of(Load.percent(cpuKey, "node CPU", f)), cpuKey == null ? List.of() : List.of(cpuKey),
        List.of(e, NMinusOne.evidence(o, CPU, peak, nodes, target, ceiling)), Risk.MEDIUM,
        String.format(Locale.ROOT, "CPU p95 %.1f %%: %d to %d nodes puts CPU p95 near %.0f %% and the peak survives losing a node or AZ "
            + "(cache items are re-warmed from DynamoDB)", cpu.get().value(), nodes, target, cpu.get().value() * f))), List.of());
  }
}
