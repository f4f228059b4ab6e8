package dev.tap.optimizer.family.asg;

import static dev.tap.optimizer.model.ConfigKeys.DESIRED;
import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;
import static dev.tap.optimizer.model.ConfigKeys.MAX;
import static dev.tap.optimizer.model.ConfigKeys.MIN;

import dev.tap.optimizer.family.InstanceSizing;
import dev.tap.optimizer.family.InstanceSizing.Demand;
import dev.tap.optimizer.family.InstanceSizing.Need;
import dev.tap.optimizer.family.InstanceSizing.Targets;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Action.Risk;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.pricing.Ec2Catalogue.InstanceSpec;
import dev.tap.optimizer.rules.FamilyRules;
import dev.tap.optimizer.rules.Load;
import dev.tap.optimizer.rules.NMinusOne;
import dev.tap.optimizer.rules.Observed;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import dev.tap.optimizer.rules.Sizes;
import dev.tap.optimizer.rules.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * EC2 Auto Scaling groups (SPEC O3, O4 phase 2, O5): the instance size down when CPU p95 and
 * network stay low, then the capacity down — to fixed targets (saas 8/6/15) or to the count that
 * puts the predicted CPU p95 at {@code asg.targetCpuPct}. Either is proposed only where the peak
 * hour the backtest replays (the hourly Maximum) stays under {@code backtest.maxUtilisationPct}
 * after it, the same statistic and ceiling the backtest judges. The capacity is sized on the type
 * in force, so it stands alone when the type change is held back; when the type change is
 * proposed, the capacity's N-1 headroom is judged with it too (the planner may accept both, and its
 * backtest checks the ceiling, not N-1). When the service's SLO is already breached, {@link
 * #scaleUp} replaces both with more capacity (O3 "scale back up").
 */
public final class AsgRules implements FamilyRules {
  public static final String CPU = AsgMetrics.CPU;
  public static final String NETWORK_IN = AsgMetrics.NETWORK_IN;
  public static final String NETWORK_OUT = AsgMetrics.NETWORK_OUT;
  public static final String MEMORY = AsgMetrics.MEMORY;

  /** Specs and prices of the types the group may move to: the run's catalogue ({@code PriceBook.catalogue()}). */
  private final Ec2Catalogue catalogue;

  public AsgRules() {
    this(Ec2Catalogue.bundled());
  }

  public AsgRules(Ec2Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  @Override
  public RuleResult evaluate(Resource r, ResourceMetrics m, Policy policy) {
    Policy.Asg p = policy.asg();
    Observed o = new Observed(m);
    RuleResult.Builder out = new RuleResult.Builder();
    Optional<WindowValue> cpu = o.window(CPU, "p95");
    if (cpu.isEmpty()) {
      return out.find(Finding.warning(r, "instance size and capacity not evaluated", "needs " + CPU + " p95 over the window", List.of())).build();
    }
    String type = r.config(INSTANCE_TYPE);
    int desired = r.configInt(DESIRED);
    int min = r.configInt(MIN);
    int max = r.configInt(MAX);
    String cpuKey = o.hourlyKey(CPU, "Maximum", "Average");
    List<String> coverage = cpuKey == null ? List.of() : List.of(cpuKey);
    Evidence cpuE = o.evidence(cpu.get(), 1, "<", p.cpuP95MaxPct(), " %");
    Optional<WindowValue> memory = o.window(MEMORY, "Maximum");
    Optional<Proposal> up = sizeUp(r, o, type, cpu.get(), memory, policy);
    if (up.isPresent()) {
      return out.propose(up.get()).find(Finding.info(r, "under-provisioned", up.get().rationale(), up.get().evidence())).build();
    }
    if (!cpuE.holds()) return out.build();

    // The smaller type must carry today's traffic: network is compared with the target type's bandwidth.
    Optional<String> targetType = p.targetInstanceType().isBlank() ? Sizes.oneDown(type) : Optional.of(p.targetInstanceType());
    Optional<Evidence> netE = network(r, o, targetType.orElse(type), desired, p.networkMaxPct());
    if (netE.isEmpty()) {
      out.find(Finding.warning(r, "instance size not evaluated",
          "needs " + NETWORK_IN + " and " + NETWORK_OUT + " p95 over the window and a known bandwidth for " + targetType.orElse(type), List.of(cpuE)));
    }
    // memory awareness: a smaller type must hold the group's memory in use at the target share
    Optional<Evidence> memE = memory.flatMap(mem -> memoryFit(o, type, targetType.orElse(type), mem, policy));
    boolean memoryFits = memE.map(Evidence::holds).orElse(true);
    if (!memoryFits) {
      out.find(Finding.info(r, "instance size held back", "CPU is low but memory is not: a smaller type has less memory", List.of(cpuE, memE.get())));
    }
    boolean networkLow = netE.map(Evidence::holds).orElse(false);
    if (netE.isPresent() && !networkLow) {
      out.find(Finding.info(r, "instance size held back", "CPU is low but network is not: a smaller type has less bandwidth"
          + (p.targetDesired() > 0 ? "; the profile's fixed capacity waits for the same condition" : ""), List.of(cpuE, netE.get())));
    }
    double ceiling = policy.backtest().maxUtilisationPct();
    double peakNow = cpuKey != null ? Stats.max(o.hourly(cpuKey)) : cpu.get().value();
    double typeFactor = 1; // of the type change proposed, if any
    if (networkLow && memoryFits) {
      Optional<String> target = targetType;
      if (target.isPresent() && Sizes.units(target.get()) < Sizes.units(type)
          && peakFits(r, o, peakNow, Sizes.loadFactor(type, target.get()), ceiling, "instance size", type + " to " + target.get(), out)) {
        typeFactor = Sizes.loadFactor(type, target.get());
        out.propose(new Proposal(r, AsgFamily.ASG_INSTANCE_TYPE, Map.of(INSTANCE_TYPE, type), Map.of(INSTANCE_TYPE, target.get()),
            cpuKey == null ? List.of() : List.of(Load.percent(cpuKey, "group CPU", typeFactor)), coverage, List.of(cpuE, netE.get()), Risk.MEDIUM,
            String.format(Locale.ROOT, "CPU p95 %.1f %% and network %.1f %% of bandwidth: %s to %s (instance refresh, rolling)%s",
                cpu.get().value(), netE.get().value(), type, target.get(), memory.isEmpty() ? "; memory not measured (no CWAgent mem_used_percent)" : "")));
      }
    }

    int newDesired;
    int newMin;
    int newMax;
    if (p.targetDesired() > 0) {
      if (!networkLow) return out.build();
      newDesired = p.targetDesired();
      newMin = p.targetMin() > 0 ? p.targetMin() : Math.max(1, (int) Math.ceil(min * (double) newDesired / desired));
      newMax = p.targetMax() > 0 ? p.targetMax() : Math.max(newDesired, (int) Math.ceil(max * (double) newDesired / desired));
    } else {
      // sized on the type in force (see the class comment)
      newDesired = Math.max(1, (int) Math.ceil(desired * cpu.get().value() / p.targetCpuPct()));
      newMin = Math.max(1, Math.min(newDesired, (int) Math.ceil(min * (double) newDesired / desired)));
      newMax = Math.max(newDesired, (int) Math.ceil(max * (double) newDesired / desired));
    }
    if (newDesired >= desired) return out.build();
    // N-1: the peak hour must fit on the instances left after losing one AZ's share of the group.
    double peak = peakNow * typeFactor;
    Optional<Integer> safe = NMinusOne.smallest(peak, desired, newDesired, ceiling);
    if (safe.isEmpty() || (p.targetDesired() > 0 && safe.get() != newDesired)) {
      out.find(Finding.info(r, "capacity held back", String.format(Locale.ROOT,
          "%d instances would not carry the peak CPU %.1f %% after losing an AZ's share of the group (N-1)", newDesired, peak),
          List.of(cpuE, NMinusOne.evidence(o, CPU, peak, desired, newDesired, ceiling))));
      return out.build();
    }
    if (safe.get() != newDesired) {
      newDesired = safe.get();
      newMin = Math.max(1, Math.min(newDesired, (int) Math.ceil(min * (double) newDesired / desired)));
      newMax = Math.max(newDesired, (int) Math.ceil(max * (double) newDesired / desired));
    }
    double factor = (double) desired / newDesired;
    List<Evidence> ev = new ArrayList<>(List.of(cpuE));
    netE.filter(e -> p.targetDesired() > 0).ifPresent(ev::add);
    ev.add(NMinusOne.evidence(o, CPU, peak, desired, newDesired, ceiling));
    out.propose(new Proposal(r, AsgFamily.ASG_CAPACITY,
        Map.of(DESIRED, String.valueOf(desired), MIN, String.valueOf(min), MAX, String.valueOf(max)),
        Map.of(DESIRED, String.valueOf(newDesired), MIN, String.valueOf(newMin), MAX, String.valueOf(newMax)),
        cpuKey == null ? List.of() : List.of(Load.percent(cpuKey, "group CPU", factor)), coverage, ev, Risk.MEDIUM,
        String.format(Locale.ROOT, "capacity %d/%d/%d to %d/%d/%d (desired/min/max)%s", desired, min, max, newDesired, newMin, newMax,
            p.targetDesired() > 0 ? " as the profile sets" : String.format(Locale.ROOT, ": predicted CPU p95 %.0f %% at the target of %.0f %%",
                cpu.get().value() * factor, p.targetCpuPct()))));
    return out.build();
  }

  /**
   * True when the peak hour (the hourly Maximum the backtest replays) times the change's load
   * factor stays under the backtest's ceiling; otherwise a finding says why the change is held back.
   */
  static boolean peakFits(Resource r, Observed o, double peak, double factor, double ceiling, String what, String change, RuleResult.Builder out) {
    Evidence e = o.derived(CPU + " peak after " + change, String.format(Locale.ROOT, "Maximum of the hourly series x %.3g", factor),
        peak * factor, "<=", ceiling, " %");
    if (e.holds()) return true;
    out.find(Finding.info(r, what + " held back", String.format(Locale.ROOT,
        "CPU p95 is low, but the peak hour %.1f %% would reach %.1f %% after %s, above the backtest's %.0f %% ceiling", peak, peak * factor, change, ceiling),
        List.of(e)));
    return false;
  }

  /**
   * Issue 13: a group whose instances run hot (CPU p95 above {@code ec2.underProvisionedCpuPct}, or
   * the agent's memory in use above {@code ec2.underProvisionedMemoryPct}) moves to the cheapest
   * type that carries the same demand at the EC2 targets ({@link InstanceSizing}, shared with
   * standalone instances), without the other architecture (a launch template keeps its image).
   */
  Optional<Proposal> sizeUp(Resource r, Observed o, String type, WindowValue cpu, Optional<WindowValue> memory, Policy policy) {
    boolean hot = cpu.value() > policy.number("ec2.underProvisionedCpuPct")
        || memory.map(m -> m.value() > policy.number("ec2.underProvisionedMemoryPct")).orElse(false);
    Optional<InstanceSpec> now = catalogue.spec(type).filter(InstanceSpec::hasSpecs);
    if (!hot || now.isEmpty()) return Optional.empty();
    Targets targets = new Targets(policy.number("ec2.targetCpuPct"), policy.number("ec2.targetMemoryPct"), policy.number("ec2.networkMaxPct"), false);
    Need need = InstanceSizing.need(now.get(), new Demand(cpu.value(), memory.map(WindowValue::value), Optional.empty(), Optional.empty()), targets);
    Optional<InstanceSizing.Choice> choice = InstanceSizing.cheapest(now.get(), need, r.region(), false, catalogue);
    if (choice.isEmpty() || choice.get().spec().type().equals(type)) return Optional.empty();
    InstanceSpec to = choice.get().spec();
    String cpuKey = o.hourlyKey(CPU, "Maximum", "Average");
    List<Evidence> ev = new ArrayList<>(List.of(o.evidence(cpu, 1, "<=", policy.number("ec2.underProvisionedCpuPct"), " %")));
    memory.ifPresent(m -> ev.add(o.evidence(m, 1, "<=", policy.number("ec2.underProvisionedMemoryPct"), " %")));
    double factor = (double) now.get().vcpu() / to.vcpu();
    return Optional.of(new Proposal(r, AsgFamily.ASG_INSTANCE_TYPE, Map.of(INSTANCE_TYPE, type), Map.of(INSTANCE_TYPE, to.type()),
        cpuKey == null || factor >= 1 ? List.of() : List.of(Load.percent(cpuKey, "group CPU", factor)), cpuKey == null ? List.of() : List.of(cpuKey), ev,
        Risk.MEDIUM, String.format(Locale.ROOT, "under-provisioned: CPU p95 %.1f %%%s; %s to %s (%d vCPU, %s GiB; instance refresh, rolling)",
            cpu.value(), memory.map(m -> String.format(Locale.ROOT, ", memory in use up to %.0f %%", m.value())).orElse(", memory not measured"),
            type, to.type(), to.vcpu(), String.valueOf(to.memoryGib()))));
  }

  /** The target type's memory against the group's maximum memory in use at {@code ec2.targetMemoryPct}; empty without catalogue specs. */
  Optional<Evidence> memoryFit(Observed o, String type, String target, WindowValue memory, Policy policy) {
    Optional<InstanceSpec> now = catalogue.spec(type).filter(InstanceSpec::hasSpecs);
    Optional<InstanceSpec> to = catalogue.spec(target).filter(InstanceSpec::hasSpecs);
    if (now.isEmpty() || to.isEmpty()) return Optional.empty();
    double needGib = now.get().memoryGib() * memory.value() / policy.number("ec2.targetMemoryPct");
    return Optional.of(o.derived(MEMORY + " Maximum x " + type + " memory / " + policy.number("ec2.targetMemoryPct") + " %", "of " + target, needGib, "<=",
        to.get().memoryGib(), " GiB"));
  }

  /** O3: the service breaches its SLO, so this group gets {@code slo.scaleUpPct} more capacity. */
  @Override
  public Optional<RuleResult> restore(Resource r, ResourceMetrics m, List<Evidence> sloBreaches, Policy policy) {
    return Optional.of(scaleUp(r, m, sloBreaches, policy));
  }

  public RuleResult scaleUp(Resource r, ResourceMetrics m, List<Evidence> sloBreaches, Policy policy) {
    int desired = r.configInt(DESIRED);
    int min = r.configInt(MIN);
    int max = r.configInt(MAX);
    int newDesired = Math.max(desired + 1, (int) Math.ceil(desired * (1 + policy.slo().scaleUpPct() / 100.0)));
    int newMax = Math.max(max, newDesired);
    Observed o = new Observed(m);
    String cpuKey = o.hourlyKey(CPU, "Maximum", "Average");
    return new RuleResult(List.of(new Proposal(r, AsgFamily.ASG_CAPACITY,
        Map.of(DESIRED, String.valueOf(desired), MIN, String.valueOf(min), MAX, String.valueOf(max)),
        Map.of(DESIRED, String.valueOf(newDesired), MIN, String.valueOf(min), MAX, String.valueOf(newMax)),
        cpuKey == null ? List.of() : List.of(Load.percent(cpuKey, "group CPU", (double) desired / newDesired)),
        cpuKey == null ? List.of() : List.of(cpuKey), sloBreaches, Risk.LOW,
        String.format(Locale.ROOT, "the SLO is breached: scale back up from %d to %d instances (+%.0f %%) before any other change",
            desired, newDesired, policy.slo().scaleUpPct()))), List.of());
  }

  /**
   * Network use as a share of the type's baseline bandwidth: NetworkIn p95 + NetworkOut p95 over
   * the window (bytes per instance per minute, detailed monitoring) as bits per second. The sum of
   * the two p95s is at least the p95 of their sum, so the comparison errs on the safe side.
   */
  Optional<Evidence> network(Resource r, Observed o, String type, int desired, double threshold) {
    Optional<WindowValue> in = o.window(NETWORK_IN, "p95");
    Optional<WindowValue> out = o.window(NETWORK_OUT, "p95");
    Optional<Double> gbps = NetworkBandwidth.gbps(type, catalogue);
    if (in.isEmpty() || out.isEmpty() || gbps.isEmpty()) return Optional.empty();
    double bitsPerSecond = (in.get().value() + out.get().value()) * 8 / 60.0;
    double pct = bitsPerSecond / (gbps.get() * 1e9) * 100;
    return Optional.of(o.derived(NETWORK_IN + " p95 + " + NETWORK_OUT + " p95 / baseline bandwidth of " + type, "p95 over the window", pct, "<", threshold, " %"));
  }
}
