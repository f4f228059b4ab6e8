package dev.tap.optimizer.family.rds;

import static dev.tap.optimizer.model.ConfigKeys.ENGINE;
import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_CLASS;
import static dev.tap.optimizer.model.ConfigKeys.READER_CLASS;

import dev.tap.optimizer.family.DbClasses;
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
import dev.tap.optimizer.rules.Sizes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * RDS instances (SPEC O5 staging): the class down when CPU and connections stay low, through a
 * blue/green deployment so the switch-over is a promotion and the old instance stays for rollback.
 * Read replicas of the same class move with the primary.
 */
public final class RdsRules implements FamilyRules {
  public static final String CPU = RdsMetrics.CPU;
  public static final String CONNECTIONS = RdsMetrics.CONNECTIONS;

  @Override
  public RuleResult evaluate(Resource r, ResourceMetrics m, Policy policy) {
    Policy.Rds p = policy.rds();
    Observed o = new Observed(m);
    RuleResult.Builder out = new RuleResult.Builder();
    String current = r.config(INSTANCE_CLASS);
    Optional<WindowValue> cpu = o.window(CPU, "p95");
    Optional<WindowValue> conns = o.window(CONNECTIONS, "p95", "Maximum");
    if (cpu.isEmpty() || conns.isEmpty()) {
      return out.find(Finding.warning(r, "instance class not evaluated", "needs " + CPU + " p95 and " + CONNECTIONS + " over the window", List.of())).build();
    }
    Evidence cpuE = o.evidence(cpu.get(), 1, "<", p.cpuP95MaxPct(), " %");
    Evidence connE = o.evidence(conns.get(), 1, "<", p.connectionsP95Max(), "");
    if (!cpuE.holds() || !connE.holds()) return out.build();
    Optional<String> target = p.targetInstanceClass().isBlank() ? Sizes.oneDown(current) : Optional.of(p.targetInstanceClass());
    if (target.isEmpty() || Sizes.units(target.get()) >= Sizes.units(current)) return out.build();
    if (!p.blueGreen()) {
      return out.find(Finding.info(r, "class change held back",
          "CPU and connections allow " + target.get() + ", but rds.blueGreen is false and TAP changes database classes only through blue/green", List.of(cpuE, connE))).build();
    }
    // The smaller class must still hold the working set and accept the peak connections.
    List<String> missing = new java.util.ArrayList<>();
    List<Evidence> ev = new java.util.ArrayList<>(List.of(cpuE, connE));
    List<Evidence> fit = DbClasses.afterChange(o, r.config().get(ENGINE), current, target.get(), RdsMetrics.FREEABLE_MEMORY, CONNECTIONS,
        p.freeableMemoryMinPct(), policy.backtest().maxUtilisationPct(), missing);
    ev.addAll(fit);
    if (!fit.stream().allMatch(Evidence::holds)) {
      return out.find(Finding.info(r, "class change held back", "CPU allows " + target.get() + ", but its memory or connection limit does not", ev)).build();
    }
    if (!missing.isEmpty()) {
      out.find(Finding.warning(r, "class change not checked against memory or connections", "needs " + String.join(" and ", missing), List.of()));
    }
    double factor = Sizes.loadFactor(current, target.get());
    Map<String, String> before = new TreeMap<>(Map.of(INSTANCE_CLASS, current));
    Map<String, String> after = new TreeMap<>(Map.of(INSTANCE_CLASS, target.get()));
    String readerClass = r.config().get(READER_CLASS);
    if (readerClass != null && readerClass.equals(current)) {
      before.put(READER_CLASS, readerClass);
      after.put(READER_CLASS, target.get());
    }
    String cpuKey = o.hourlyKey(CPU, "Maximum", "Average");
    List<Load> loads = cpuKey == null ? List.of() : List.of(Load.percent(cpuKey, "instance CPU", factor));
    return out.propose(new Proposal(r, RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN, before, after, loads,
        cpuKey == null ? List.of() : List.of(cpuKey), ev, Risk.MEDIUM,
        String.format(Locale.ROOT, "CPU p95 %.1f %% and %.0f connections p95: %s to %s through a blue/green deployment (switch-over in about a minute, the blue instance kept for rollback)",
            cpu.get().value(), conns.get().value(), current, target.get()))).build();
  }
}
