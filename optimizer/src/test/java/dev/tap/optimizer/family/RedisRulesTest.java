package dev.tap.optimizer.family;

import static dev.tap.optimizer.model.ConfigKeys.*;
import static dev.tap.optimizer.rules.MetricsFixture.constant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.family.redis.RedisRules;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.rules.MetricsFixture;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC O3 (hit rate high, CPU/memory low) and O4 phase 2 (cache.r6g.xlarge, 2 shards, 1 replica), both sides of each threshold. */
class RedisRulesTest {
  static final Policy TRADING = PolicyLoader.profile("trading");
  static final Policy SAAS = PolicyLoader.profile("saas");

  static Resource redis(String node, int shards, int replicas) {
    return MetricsFixture.resource("tap-dev-redis", RedisFamily.REDIS,
        Map.of(NODE_TYPE, node, SHARDS, String.valueOf(shards), REPLICAS_PER_SHARD, String.valueOf(replicas)));
  }

  static RuleResult run(Resource r, Policy p, double cpu, double mem, double hitP5, double commandsPerSecond) {
    return new RedisRules().evaluate(r, MetricsFixture.of(r, p.lookbackDays())
        .window(RedisRules.CPU, "p95", cpu).window(RedisRules.MEMORY, "Maximum", mem).window(RedisRules.HIT_RATE, "p5", hitP5)
        .hourly(RedisRules.GET_COMMANDS, "Sum", constant(commandsPerSecond * 3600 * 0.8))
        .hourly(RedisRules.SET_COMMANDS, "Sum", constant(commandsPerSecond * 3600 * 0.2))
        .hourly(RedisRules.CPU, "Maximum", constant(cpu)).hourly(RedisRules.MEMORY, "Average", constant(mem)).build(), p);
  }

  static List<ActionKind> kinds(RuleResult r) {
    return r.proposals().stream().map(Proposal::kind).toList();
  }

  @ParameterizedTest(name = "saas CPU {0} %, memory {1} %, {2} commands/s -> resize {3}")
  @CsvSource({"13.3, 49.9, 9999, true", "30.0, 10, 100, false", "10, 50.0, 100, false", "10, 10, 10000, false", "5, 5, 2000, true"})
  void O4_saasResizeToXlargeTwoShardsOneReplica(double cpu, double mem, double cps, boolean fires) {
    RuleResult r = run(redis("cache.r6g.4xlarge", 4, 2), SAAS, cpu, mem, 0, cps);
    if (!fires) {
      assertThat(r.proposals()).isEmpty();
      return;
    }
    assertThat(kinds(r)).containsExactly(RedisFamily.REDIS_REPLICAS, RedisFamily.REDIS_SHARDS, RedisFamily.REDIS_NODE_TYPE);
    assertThat(r.proposals().get(0).after()).isEqualTo(Map.of(REPLICAS_PER_SHARD, "1"));
    assertThat(r.proposals().get(1).after()).isEqualTo(Map.of(SHARDS, "2"));
    assertThat(r.proposals().get(2).after()).isEqualTo(Map.of(NODE_TYPE, "cache.r6g.xlarge"));
    // memory per node: shards halve (x2), node a quarter of the size (x4)
    assertThat(r.proposals().get(1).loads()).anySatisfy(l -> assertThat(l.label()).isEqualTo("memory"));
    assertThat(r.proposals().get(2).loads().get(1).factor()).isEqualTo(4.0);
  }

  @ParameterizedTest(name = "trading hit rate p5 {0} %, CPU {1} %, memory {2} % -> shards/replicas down {3}")
  @CsvSource({"95.1, 20, 49.9, true", "95.0, 10, 10, false", "99, 30.0, 10, false", "99, 10, 50.0, false"})
  void O3_tradingShardsAndReplicasDownWhenHitRateHighAndCpuMemoryLow(double hit, double cpu, double mem, boolean fires) {
    RuleResult r = run(redis("cache.r6gd.8xlarge", 15, 2), TRADING, cpu, mem, hit, 1e6);
    assertThat(!r.proposals().isEmpty()).isEqualTo(fires);
    if (fires) {
      assertThat(r.proposals().get(0).kind()).isEqualTo(RedisFamily.REDIS_REPLICAS);
      assertThat(r.proposals().get(0).after()).isEqualTo(Map.of(REPLICAS_PER_SHARD, "1"));
      // shards sized so max(memory, CPU) lands at 60 %: ceil(15 * max(49.9, 20) / 60) = 13 (fewer replicas leave the primaries' CPU)
      assertThat(r.proposals().get(1).after()).isEqualTo(Map.of(SHARDS, "13"));
      assertThat(kinds(r)).doesNotContain(RedisFamily.REDIS_NODE_TYPE);
    }
  }

  // N-1 (ceiling 80 %): a shard that loses one of its nodes serves its reads from the others.
  // replicas 2 -> 1: peak x 3/2 x 2/1 <= 80 % up to 26.67 %; shards 15 -> 13 after that: peak x 15/13 x 2/1 (1 replica) or x 3/2 (2).
  @ParameterizedTest(name = "trading peak CPU {0} % -> replicas {1}, shards {2}")
  @CsvSource({"23.1, 1, 13", "26.6, 1, 13", "26.7, 2, 13"})
  void O3_nMinusOneHoldsBackCutsTheSurvivorsCannotCarry(double cpu, int replicas, int shards) {
    RuleResult r = run(redis("cache.r6gd.8xlarge", 15, 2), TRADING, cpu, 49.9, 99, 1e6);
    int rep = r.proposals().stream().filter(p -> p.kind() == RedisFamily.REDIS_REPLICAS)
        .map(p -> Integer.parseInt(p.after().get(REPLICAS_PER_SHARD))).findFirst().orElse(2);
    int sh = r.proposals().stream().filter(p -> p.kind() == RedisFamily.REDIS_SHARDS)
        .map(p -> Integer.parseInt(p.after().get(SHARDS))).findFirst().orElse(15);
    assertThat(rep).isEqualTo(replicas);
    assertThat(sh).isEqualTo(shards);
  }

  @ParameterizedTest(name = "saas peak CPU {0} % -> {1}")
  // replicas 2 -> 1 up to 26.67 % (above); shards 4 -> 2 with 1 replica: peak x 4/2 x 2/1 <= 80 % up to 20 %
  @CsvSource({"13.3, REDIS_REPLICAS REDIS_SHARDS REDIS_NODE_TYPE", "20.0, REDIS_REPLICAS REDIS_SHARDS REDIS_NODE_TYPE",
      "20.1, REDIS_REPLICAS REDIS_NODE_TYPE", "26.7, REDIS_NODE_TYPE"})
  void O4_nMinusOneHoldsBackTheFixedTargets(double cpu, String expected) {
    RuleResult r = run(redis("cache.r6g.4xlarge", 4, 2), SAAS, cpu, 10, 0, 100);
    assertThat(String.join(" ", kinds(r).stream().map(ActionKind::name).toList())).isEqualTo(expected);
  }

  // issue 15: a replica cut (saas 2 -> 1) leaves the primaries' engine CPU (10 %) where it is; the replicas' own engine CPU, when
  // published, is what they read, and it spreads over the replica left (x2). The busiest node then sizes the shard cut 4 -> 2 with
  // N-1: busiest x 4/2 x 2/1 <= 80 %, so replicas at 10 % (20 % after the cut) allow it and 10.1 % does not.
  @ParameterizedTest(name = "replica engine CPU {0} % -> replica load {1}, shards cut {2}")
  @CsvSource({"-1, false, true", "0.5, true, true", "10.0, true, true", "10.1, true, false"})
  void replicaFactorOnlyFromTheReplicasOwnReads(double replicaCpu, boolean replicaLoad, boolean shardsCut) {
    Resource r = redis("cache.r6g.4xlarge", 4, 2);
    var f = MetricsFixture.of(r, SAAS.lookbackDays())
        .window(RedisRules.CPU, "p95", 10).window(RedisRules.MEMORY, "Maximum", 10).window(RedisRules.HIT_RATE, "p5", 0)
        .hourly(RedisRules.GET_COMMANDS, "Sum", constant(80 * 3600)).hourly(RedisRules.SET_COMMANDS, "Sum", constant(20 * 3600))
        .hourly(RedisRules.CPU, "Maximum", constant(10)).hourly(RedisRules.MEMORY, "Average", constant(10));
    if (replicaCpu >= 0) f.hourly(RedisRules.REPLICA_CPU, "Maximum", constant(replicaCpu));
    RuleResult res = new RedisRules().evaluate(r, f.build(), SAAS);
    Proposal replicas = res.proposals().stream().filter(p -> p.kind() == RedisFamily.REDIS_REPLICAS).findFirst().orElseThrow();
    assertThat(replicas.loads()).filteredOn(l -> l.label().equals("engine CPU")).singleElement().satisfies(l -> assertThat(l.factor()).isEqualTo(1.0));
    assertThat(replicas.loads().stream().anyMatch(l -> l.label().equals("replica engine CPU") && l.factor() == 2.0)).isEqualTo(replicaLoad);
    assertThat(replicas.rationale()).contains(replicaLoad ? "the replicas' engine CPU" : "publish no engine CPU");
    assertThat(kinds(res).contains(RedisFamily.REDIS_SHARDS)).isEqualTo(shardsCut);
  }
}
