package dev.tap.optimizer.family.ec2;

import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;

import dev.tap.optimizer.family.InstanceSizing;
import dev.tap.optimizer.family.InstanceSizing.Choice;
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
import dev.tap.optimizer.rules.Observed;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Standalone EC2 instances, sized both ways (issue 13) with the findings Compute Optimizer names:
 * <b>under-provisioned</b> (CPU p99.9 or memory in use above the policy's limits: sized up),
 * <b>over-provisioned</b> (a cheaper type carries the same demand at the targets) and
 * <b>optimised</b>. Without a memory metric the new type never has less memory than today
 * ("memory not measured"). A type change stops the instance, so it is proposed only when the
 * policy allows a restart or the instance has a maintenance-window tag; a Graviton type is only a
 * finding (it needs an arm64 image), and only when the policy allows an architecture change.
 */
public final class Ec2Rules implements FamilyRules {
  public static final String UNDER = "under-provisioned";
  public static final String OVER = "over-provisioned";
  public static final String OPTIMISED = "optimised";

  private final Ec2Catalogue catalogue;

  public Ec2Rules() {
    this(Ec2Catalogue.bundled());
  }

  public Ec2Rules(Ec2Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** The policy's targets for instance sizing (shared with Auto Scaling groups). */
  public static Targets targets(Policy p, boolean allowArchChange) {
    return new Targets(p.number("ec2.targetCpuPct"), p.number("ec2.targetMemoryPct"), p.number("ec2.networkMaxPct"), allowArchChange);
  }

  @Override
  public RuleResult evaluate(Resource r, ResourceMetrics m, Policy policy) {
    Observed o = new Observed(m);
    RuleResult.Builder out = new RuleResult.Builder();
    String type = r.config(INSTANCE_TYPE);
    Optional<WindowValue> cpu = o.window(Ec2Metrics.CPU, Ec2Metrics.CPU_HIGH_STATS.toArray(String[]::new));
    if (cpu.isEmpty()) {
      return out.find(Finding.warning(r, "instance type not evaluated", "needs " + Ec2Metrics.CPU + " p99 over the window", List.of())).build();
    }
    Optional<InstanceSpec> current = catalogue.spec(type).filter(InstanceSpec::hasSpecs);
    if (current.isEmpty()) {
      return out.find(Finding.warning(r, "instance type not evaluated", "the catalogue (" + catalogue.citation() + ") has no vCPU and memory for " + type
          + " (accelerated, storage or high-memory types are not sized); TAP sizes general purpose, compute and memory optimised types", List.of())).build();
    }
    InstanceSpec now = current.get();
    Optional<WindowValue> memory = o.window(Ec2Metrics.MEMORY, "Maximum");
    Demand demand = new Demand(cpu.get().value(), memory.map(WindowValue::value), bytesPerMinuteGbps(o, Ec2Metrics.NETWORK_IN, Ec2Metrics.NETWORK_OUT),
        bytesPerMinuteGbps(o, Ec2Metrics.EBS_READ_BYTES, Ec2Metrics.EBS_WRITE_BYTES));
    Targets targets = targets(policy, false);
    Need need = InstanceSizing.need(now, demand, targets);

    List<Evidence> ev = new ArrayList<>();
    double underCpu = policy.number("ec2.underProvisionedCpuPct");
    double underMemory = policy.number("ec2.underProvisionedMemoryPct");
    Evidence cpuE = o.evidence(cpu.get(), 1, "<=", underCpu, " %");
    ev.add(cpuE);
    Optional<Evidence> memE = memory.map(v -> o.evidence(v, 1, "<=", underMemory, " %"));
    memE.ifPresent(ev::add);
    boolean under = !cpuE.holds() || memE.map(e -> !e.holds()).orElse(false);
    String memoryNote = memory.isPresent()
        ? String.format(Locale.ROOT, "memory in use up to %.1f GiB", now.memoryGib() * memory.get().value() / 100)
        : String.format(Locale.ROOT, "memory not measured (no CWAgent %s): memory kept at %s GiB or more", Ec2Metrics.LINUX_MEMORY, num(now.memoryGib()));

    Optional<Double> iopsPeak = ebsOpsPerSecondPeak(o);
    double iopsNeed = iopsPeak.map(v -> v * 100 / targets.bandwidthPct()).orElse(0.0);
    Optional<Choice> best = InstanceSizing.cheapest(now, need, r.region(), false, catalogue, s -> iopsFit(s, iopsNeed));
    Optional<Double> today = catalogue.onDemand(r.region(), type).map(dev.tap.optimizer.pricing.Rate::usd);
    String needText = String.format(Locale.ROOT, "needs %.1f vCPU at %.0f %% CPU, %.1f GiB, %.2f Gbit/s network, %.2f Gbit/s EBS", need.vcpu(),
        targets.cpuPct(), need.memoryGib(), need.networkGbps(), need.ebsGbps());
    if (best.isEmpty()) {
      out.find(Finding.warning(r, under ? UNDER : OPTIMISED, type + " " + needText + ": no general purpose, compute or memory optimised type of generation "
          + InstanceSizing.MIN_GENERATION + "+ in " + r.region() + " fits; " + memoryNote, ev));
      return out.build();
    }
    Choice choice = best.get();
    String target = choice.spec().type();
    ev.add(o.derived("vCPU needed (CPU " + cpu.get().stat() + " at " + num(targets.cpuPct()) + " %)", "of " + target, need.vcpu(), "<=",
        choice.spec().vcpu(), " vCPU"));
    ev.add(o.derived(need.memoryMeasured() ? "memory needed (max in use at " + num(targets.memoryPct()) + " %)" : "memory needed (not measured: today's)",
        "of " + target, need.memoryGib(), "<=", choice.spec().memoryGib(), " GiB"));
    if (need.networkGbps() > 0) ev.add(o.derived("network peak / " + num(targets.bandwidthPct()) + " %", "baseline of " + target, need.networkGbps(), "<=",
        choice.spec().networkGbps(), " Gbit/s"));
    if (need.ebsGbps() > 0) ev.add(o.derived("EBS peak / " + num(targets.bandwidthPct()) + " %", "baseline of " + target, need.ebsGbps(), "<=",
        choice.spec().ebsGbps(), " Gbit/s"));
    String iopsNote = "";
    if (iopsNeed > 0 && choice.spec().baselineIops().isPresent()) {
      ev.add(o.derived("EBS ops peak (" + Ec2Metrics.EBS_READ_OPS + " + " + Ec2Metrics.EBS_WRITE_OPS + " per second) / " + num(targets.bandwidthPct()) + " %",
          "baseline IOPS of " + target, iopsNeed, "<=", choice.spec().ebsIops(), " IOPS"));
    } else if (iopsNeed > 0) {
      iopsNote = String.format(Locale.ROOT, "; EBS IOPS not checked: %s has no baseline IOPS for %s (a catalogue from 'tap prices refresh' has them)",
          catalogue.citation(), target);
    }

    boolean cheaper = today.isPresent() && choice.hourlyUsd() < today.get() * (1 - policy.number("ec2.minSavingsPct") / 100);
    String title = under ? UNDER : !target.equals(type) && cheaper ? OVER : OPTIMISED;
    graviton(r, now, need, choice, policy).ifPresent(out::find);
    if (title.equals(OPTIMISED)) {
      // Above the sizing target but below the under-provisioned line: kept, and the finding says so rather than
      // printing a need larger than the type next to "optimised" without a word.
      String kept = need.vcpu() > now.vcpu() || need.memoryGib() > now.memoryGib()
          ? String.format(Locale.ROOT, "; more than %s has, but CPU and memory stay below the under-provisioned lines (%s %% CPU, %s %% memory):"
              + " kept, not sized up", type, num(underCpu), num(underMemory))
          : "";
      out.find(Finding.info(r, OPTIMISED, type + " " + needText + kept + "; " + memoryNote + iopsNote, ev));
      return out.build();
    }
    if (target.equals(type)) {
      out.find(Finding.warning(r, title, type + " " + needText + ", and is the cheapest type that does; " + memoryNote + iopsNote, ev));
      return out.build();
    }
    String why = String.format(Locale.ROOT, "%s: CPU %s %.1f %%, %s; %s -> %s (%d vCPU, %s GiB, $%.4f/h)%s", title, cpu.get().stat(),
        cpu.get().value(), memoryNote, type, target, choice.spec().vcpu(), num(choice.spec().memoryGib()), choice.hourlyUsd(), iopsNote);
    String window = r.tags().get(Ec2Family.MAINTENANCE_WINDOW_TAG);
    if (!policy.flag("ec2.allowRestart") && window == null) {
      out.find(Finding.warning(r, title, why + ". The change stops and starts the instance: plan with --allow-restart, or tag the instance "
          + Ec2Family.MAINTENANCE_WINDOW_TAG + "=ddd:hh24:mi-ddd:hh24:mi (UTC) to have it made in that window", ev));
      return out.build();
    }
    out.find(Finding.info(r, title, why, ev));
    String cpuKey = o.hourlyKey(Ec2Metrics.CPU, "Maximum", "Average");
    String memoryKey = o.hourlyKey(Ec2Metrics.MEMORY, "Maximum");
    List<Load> loads = new ArrayList<>();
    addLoad(loads, cpuKey, "instance CPU", (double) now.vcpu() / choice.spec().vcpu(), under);
    addLoad(loads, memoryKey, "memory in use", now.memoryGib() / choice.spec().memoryGib(), under);
    out.propose(new Proposal(r, Ec2Family.EC2_INSTANCE_TYPE, Map.of(INSTANCE_TYPE, type), Map.of(INSTANCE_TYPE, target),
        loads, cpuKey == null ? List.of() : List.of(cpuKey), ev,
        Risk.MEDIUM, why + (window != null ? " (stop and start in the maintenance window " + window + " UTC)" : " (stop and start)")));
    return out.build();
  }

  /**
   * The series the backtest replays, rescaled by the change. A size-up replays what it relieves
   * (the planner takes a change whose every load falls as adding capacity); a size-down replays
   * every series that gets heavier, whose peaks must stay under the backtest's ceiling.
   */
  private static void addLoad(List<Load> loads, String key, String label, double factor, boolean sizeUp) {
    if (key == null || factor == 1 || (sizeUp && factor > 1)) return;
    loads.add(Load.percent(key, label, factor));
  }

  /** With the architecture change allowed, a cheaper type of the other architecture, as a finding with its caveat. */
  private Optional<Finding> graviton(Resource r, InstanceSpec now, Need need, Choice sameArch, Policy policy) {
    if (!policy.flag("ec2.allowArchChange")) return Optional.empty();
    return InstanceSizing.cheapest(now, need, r.region(), true, catalogue)
        .filter(c -> !c.spec().arch().equals(now.arch()) && c.hourlyUsd() < sameArch.hourlyUsd())
        .map(c -> Finding.info(r, "architecture alternative", String.format(Locale.ROOT,
            "%s (%s, %d vCPU, %s GiB) costs $%.4f/h against $%.4f/h for %s. Architecture caveat: %s -> %s needs an image and every binary "
                + "built for %s; TAP does not apply it (a type change keeps the image)", c.spec().type(), c.spec().arch(), c.spec().vcpu(),
            num(c.spec().memoryGib()), c.hourlyUsd(), sameArch.hourlyUsd(), sameArch.spec().type(), now.arch(), c.spec().arch(), c.spec().arch()), List.of()));
  }

  /**
   * The EBS operations peak per second: EBSReadOps + EBSWriteOps maxima (operations per minute,
   * detailed monitoring, as the byte metrics) / 60; empty when either is missing.
   */
  static Optional<Double> ebsOpsPerSecondPeak(Observed o) {
    Optional<WindowValue> r = o.window(Ec2Metrics.EBS_READ_OPS, "Maximum");
    Optional<WindowValue> w = o.window(Ec2Metrics.EBS_WRITE_OPS, "Maximum");
    if (r.isEmpty() || w.isEmpty()) return Optional.empty();
    return Optional.of((r.get().value() + w.get().value()) / 60.0);
  }

  /** A type whose baseline EBS IOPS the catalogue knows must cover the need; an unknown baseline is not checked (the finding says so). */
  static boolean iopsFit(InstanceSpec s, double iopsNeed) {
    return iopsNeed <= 0 || s.baselineIops().isEmpty() || s.ebsIops() >= iopsNeed - 1e-9;
  }

  /** The sum of two byte metrics' maxima (bytes per minute) as Gbit/s; empty when either is missing. */
  static Optional<Double> bytesPerMinuteGbps(Observed o, String a, String b) {
    Optional<WindowValue> x = o.window(a, "Maximum");
    Optional<WindowValue> y = o.window(b, "Maximum");
    if (x.isEmpty() || y.isEmpty()) return Optional.empty();
    return Optional.of((x.get().value() + y.get().value()) * 8 / 60.0 / 1e9);
  }

  private static String num(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }
}
