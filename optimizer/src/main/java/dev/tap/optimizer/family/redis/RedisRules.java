package dev.tap.optimizer.family.redis;

import static dev.tap.optimizer.model.ConfigKeys.NODE_TYPE;
import static dev.tap.optimizer.model.ConfigKeys.REPLICAS_PER_SHARD;
import static dev.tap.optimizer.model.ConfigKeys.SHARDS;

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
 * node type. Each step rescales CPU and memory per node; the backtest replays both. A replica cut
 * leaves the primaries' load where it is: cluster-mode clients read from the primaries unless they
 * opt in to replica reads, and what the replicas do serve shows in their own engine CPU, which the
 * replicas left share ({@link #replicaLoads}).
 */
public final class RedisRules implements FamilyRules {
  public static final String CPU = RedisMetrics.ENGINE_CPU;
  public static final String REPLICA_CPU = RedisMetrics.REPLICA_ENGINE_CPU;
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
    // Replicas that publish no engine CPU (or have none) show no reads.
    String replicaKey = o.hourlyKey(REPLICA_CPU, "Maximum");
    if (replicaKey != null && Double.isNaN(Stats.max(o.hourly(replicaKey)))) replicaKey = null;
    List<String> coverage = new ArrayList<>();
    if (cpuKey != null) coverage.add(cpuKey);
    if (memKey != null) coverage.add(memKey);
    String node = r.config(NODE_TYPE);
    int shards = r.configInt(SHARDS);
    int replicas = r.configInt(REPLICAS_PER_SHARD);

    // N-1: a shard that loses a node (or its AZ) serves its reads from the nodes left, so the peak
    // hour of engine CPU must fit on them; a shard with no replica left loses its keys instead.
    double peak = cpuKey != null ? Stats.max(o.hourly(cpuKey)) : cpu.get().value();
    double ceiling = policy.backtest().maxUtilisationPct();
    int newReplicas = p.targetReplicas() > 0 ? p.targetReplicas() : Math.max(p.minReplicas(), replicas - 1);
    if (newReplicas < replicas) {
      Optional<Integer> safeNodes = NMinusOne.smallest(peak, replicas + 1, Math.max(2, newReplicas + 1), ceiling);
      if (safeNodes.isEmpty() || (p.targetReplicas() > 0 && safeNodes.get() != newReplicas + 1)) {
        out.find(Finding.info(r, "replica cut held back", String.format(Locale.ROOT,
            "%d replicas per shard would not carry the peak engine CPU %.1f %% after losing a node, or leave a shard without a replica",
            newReplicas, peak), List.of(NMinusOne.evidence(o, CPU, peak, replicas + 1, Math.max(2, newReplicas + 1), ceiling))));
        newReplicas = replicas;
      } else {
        newReplicas = safeNodes.get() - 1;
        List<Evidence> rev = new ArrayList<>(ev);
        rev.add(NMinusOne.evidence(o, CPU, peak, replicas + 1, newReplicas + 1, ceiling));
        List<Load> loads = replicaLoads(cpuKey, memKey, replicaKey, replicas, newReplicas);
        out.propose(new Proposal(r, RedisFamily.REDIS_REPLICAS, Map.of(REPLICAS_PER_SHARD, String.valueOf(replicas)),
            Map.of(REPLICAS_PER_SHARD, String.valueOf(newReplicas)), loads, coverage, rev, Risk.MEDIUM,
            String.format(Locale.ROOT, "%d to %d replicas per shard: automatic failover keeps a replica in another AZ; %s", replicas, newReplicas,
                replicaKey == null ? "the replicas publish no engine CPU, so no reads are moved: the primaries' load stays"
                    : String.format(Locale.ROOT, "the replicas' engine CPU (peak %.1f %%) moves to the %d left, the primaries' load stays",
                        Stats.max(o.hourly(replicaKey)), newReplicas))));
      }
    }
    // The busiest node after the replica cut: a primary (unchanged), or a replica sharing the reads of those removed.
    double busiest = replicaKey == null || newReplicas == 0 ? peak : Math.max(peak, Stats.max(o.hourly(replicaKey)) * replicas / newReplicas);
    double replicaFactor = peak > 0 ? busiest / peak : 1;
    double cpuAfterReplicas = cpu.get().value() * replicaFactor;
    int newShards = p.targetShards() > 0 ? p.targetShards()
        : Math.max(1, (int) Math.ceil(shards * Math.max(mem.get().value(), cpuAfterReplicas) / p.targetMemoryPct()));
    if (newShards < shards && newReplicas >= 1) {
      // Fewer shards raise each node's CPU; the shard that loses a node then spreads it over newReplicas nodes.
      double perNodePeak = peak * replicaFactor * shards / newShards;
      double afterLoss = NMinusOne.afterLoss(perNodePeak, newReplicas + 1);
      if (afterLoss > ceiling && p.targetShards() == 0) {
        while (newShards < shards && NMinusOne.afterLoss(peak * replicaFactor * shards / newShards, newReplicas + 1) > ceiling) newShards++;
      }
      if (newShards < shards && NMinusOne.afterLoss(peak * replicaFactor * shards / newShards, newReplicas + 1) > ceiling) {
        out.find(Finding.info(r, "shard cut held back", String.format(Locale.ROOT,
            "%d shards would not carry the peak engine CPU after a shard loses a node (N-1)", newShards), List.of()));
        newShards = shards;
      }
    } else if (newShards < shards) {
      out.find(Finding.info(r, "shard cut held back", "no replica per shard: a lost node loses its keys, so TAP does not shrink the cluster further", List.of()));
      newShards = shards;
    }
    if (newShards < shards) {
      double f = (double) shards / newShards;
      List<Evidence> sev = new ArrayList<>(ev);
      sev.add(o.derived(CPU + " peak after a shard loses 1 of " + (newReplicas + 1) + " nodes (N-1)",
          String.format(Locale.ROOT, "Maximum of the hourly series x %.3g x %d/%d", replicaFactor * f, newReplicas + 1, newReplicas),
          NMinusOne.afterLoss(peak * replicaFactor * f, newReplicas + 1), "<=", ceiling, " %"));
      out.propose(new Proposal(r, RedisFamily.REDIS_SHARDS, Map.of(SHARDS, String.valueOf(shards)), Map.of(SHARDS, String.valueOf(newShards)),
          withReplicas(loads(cpuKey, f, memKey, f), replicaKey, f), coverage, sev, Risk.MEDIUM,
          String.format(Locale.ROOT, "%d to %d shards (online resharding moves slots; keys and memory per shard grow %.2gx)", shards, newShards, f)));
    }
    if (!p.targetNodeType().isBlank() && !p.targetNodeType().equals(node) && Sizes.units(p.targetNodeType()) < Sizes.units(node)) {
      double f = Sizes.loadFactor(node, p.targetNodeType());
      out.propose(new Proposal(r, RedisFamily.REDIS_NODE_TYPE, Map.of(NODE_TYPE, node), Map.of(NODE_TYPE, p.targetNodeType()),
          withReplicas(loads(cpuKey, f, memKey, f), replicaKey, f), coverage, ev, Risk.MEDIUM,
          "node type " + node + " to " + p.targetNodeType() + " (online vertical scaling)"));
    }
    return out.build();
  }

  /**
   * A replica cut from {@code replicas} to {@code newReplicas} per shard: the primaries' engine CPU
   * and memory per node unchanged, the replicas' engine CPU (when they publish it) times replicas /
   * newReplicas, as the reads they serve spread over the replicas left.
   */
  static List<Load> replicaLoads(String cpuKey, String memKey, String replicaKey, int replicas, int newReplicas) {
    return withReplicas(loads(cpuKey, 1, memKey, 1), replicaKey, (double) replicas / newReplicas);
  }

  private static List<Load> withReplicas(List<Load> loads, String replicaKey, double factor) {
    if (replicaKey != null) loads.add(Load.percent(replicaKey, "replica engine CPU", factor));
    return loads;
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
