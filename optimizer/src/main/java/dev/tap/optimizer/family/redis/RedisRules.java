package dev.tap.optimizer.family.redis;

import static dev.tap.optimizer.model.ConfigKeys.NODE_TYPE;
import static dev.tap.optimizer.model.ConfigKeys.REPLICAS_PER_SHARD;
import static dev.tap.optimizer.model.ConfigKeys.SHARDS;

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
import dev.tap.optimizer.rules.Sizes;
import dev.tap.optimizer.rules.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ElastiCache Redis in cluster mode (SPEC O3, O4 phase 2): when engine CPU, memory and command rate
 * stay low (and, for trading, the hit rate stays high), fewer replicas, fewer shards, then a smaller
 * node type. Each step rescales CPU and memory per node; the backtest replays both.
 */
public final class RedisRules implements FamilyRules {
  public static final String CPU = RedisMetrics.ENGINE_CPU;
  public static final String MEMORY = RedisMetrics.MEMORY;
  public static final String HIT_RATE = RedisMetrics.HIT_RATE;
  public static final String GET_COMMANDS = RedisMetrics.GET_COMMANDS;
  public static final String SET_COMMANDS = RedisMetrics.SET_COMMANDS;

  @Override
  public RuleResult evaluate(Resource r, ResourceMetrics m, Policy policy) {
    Policy.Redis p = policy.redis();
    Observed o = new Observed(m);
    RuleResult.Builder out = new RuleResult.Builder();
    Optional<WindowValue> cpu = o.window(CPU, "p95");
    Optional<WindowValue> mem = o.window(MEMORY, "Maximum");
    if (cpu.isEmpty() || mem.isEmpty()) {
      return out.find(Finding.warning(r, "shards and replicas not evaluated", "needs " + CPU + " p95 and " + MEMORY + " Maximum over the window", List.of())).build();
    }
    List<Evidence> ev = new ArrayList<>();
    ev.add(o.evidence(cpu.get(), 1, "<", p.cpuMaxPct(), " %"));
    ev.add(o.evidence(mem.get(), 1, "<", p.memoryMaxPct(), " %"));
    if (p.hitRateMinPct() > 0) {
      Optional<WindowValue> hit = o.window(HIT_RATE, "p5", "Minimum");
      if (hit.isEmpty()) {
        return out.find(Finding.warning(r, "shards and replicas not evaluated", "needs " + HIT_RATE + " p5 over the window", List.of())).build();
      }
      ev.add(o.evidence(hit.get(), 1, ">", p.hitRateMinPct(), " %"));
    }
    if (p.commandsPerSecondMax() < 1e9) {
      Optional<Evidence> cmds = commandsPerSecond(o, p.commandsPerSecondMax());
      if (cmds.isEmpty()) {
        return out.find(Finding.warning(r, "shards and replicas not evaluated", "needs hourly " + GET_COMMANDS + " and " + SET_COMMANDS + " Sum", List.of())).build();
      }
      ev.add(cmds.get());
    }
    if (!ev.stream().allMatch(Evidence::holds)) return out.build();

    String cpuKey = o.hourlyKey(CPU, "Maximum", "Average");
    String memKey = o.hourlyKey(MEMORY, "Maximum", "Average");
    List<String> coverage = new ArrayList<>();
    if (cpuKey != null) coverage.add(cpuKey);
    if (memKey != null) coverage.add(memKey);
    String node = r.config(NODE_TYPE);
    int shards = r.configInt(SHARDS);
    int replicas = r.configInt(REPLICAS_PER_SHARD);

    int newReplicas = p.targetReplicas() > 0 ? p.targetReplicas() : Math.max(p.minReplicas(), replicas - 1);
    if (newReplicas < replicas) {
      // Reads spread over primary and replicas; memory per node is unchanged.
      double f = (double) (replicas + 1) / (newReplicas + 1);
      out.propose(new Proposal(r, RedisFamily.REDIS_REPLICAS, Map.of(REPLICAS_PER_SHARD, String.valueOf(replicas)),
          Map.of(REPLICAS_PER_SHARD, String.valueOf(newReplicas)), loads(cpuKey, f, memKey, 1), coverage, ev, Risk.MEDIUM,
          String.format(Locale.ROOT, "%d to %d replicas per shard: automatic failover keeps %s", replicas, newReplicas,
              newReplicas >= 1 ? "a replica in another AZ" : "no replica (failover lost)")));
    }
    double cpuAfterReplicas = cpu.get().value() * (double) (replicas + 1) / (Math.min(replicas, newReplicas) + 1);
    int newShards = p.targetShards() > 0 ? p.targetShards()
        : Math.max(1, (int) Math.ceil(shards * Math.max(mem.get().value(), cpuAfterReplicas) / p.targetMemoryPct()));
    if (newShards < shards) {
      double f = (double) shards / newShards;
      out.propose(new Proposal(r, RedisFamily.REDIS_SHARDS, Map.of(SHARDS, String.valueOf(shards)), Map.of(SHARDS, String.valueOf(newShards)),
          loads(cpuKey, f, memKey, f), coverage, ev, Risk.MEDIUM,
          String.format(Locale.ROOT, "%d to %d shards (online resharding moves slots; keys and memory per shard grow %.2gx)", shards, newShards, f)));
    }
    if (!p.targetNodeType().isBlank() && !p.targetNodeType().equals(node) && Sizes.units(p.targetNodeType()) < Sizes.units(node)) {
      double f = Sizes.loadFactor(node, p.targetNodeType());
      out.propose(new Proposal(r, RedisFamily.REDIS_NODE_TYPE, Map.of(NODE_TYPE, node), Map.of(NODE_TYPE, p.targetNodeType()),
          loads(cpuKey, f, memKey, f), coverage, ev, Risk.MEDIUM,
          "node type " + node + " to " + p.targetNodeType() + " (online vertical scaling)"));
    }
    return out.build();
  }

  private static List<Load> loads(String cpuKey, double cpuFactor, String memKey, double memFactor) {
    List<Load> loads = new ArrayList<>();
    if (cpuKey != null) loads.add(Load.percent(cpuKey, "engine CPU", cpuFactor));
    if (memKey != null) loads.add(Load.percent(memKey, "memory", memFactor));
    return loads;
  }

  /** p95 over the hours of (Get + Set commands) per second; CloudWatch has no window percentile of a sum of two metrics. */
  static Optional<Evidence> commandsPerSecond(Observed o, double threshold) {
    double[] gets = o.hourly(GET_COMMANDS, "Sum");
    double[] sets = o.hourly(SET_COMMANDS, "Sum");
    if (gets == null || sets == null) return Optional.empty();
    int n = Math.min(gets.length, sets.length);
    double[] rate = new double[n];
    for (int i = 0; i < n; i++) rate[i] = (gets[i] + sets[i]) / 3600.0;
    double p95 = Stats.percentile(rate, 95);
    if (Double.isNaN(p95)) return Optional.empty();
    return Optional.of(o.derived(GET_COMMANDS + "+" + SET_COMMANDS, "p95 of hourly Sum / 3600 s", p95, "<", threshold, " commands/s"));
  }
}
