package dev.tap.optimizer.family.redis;

import static dev.tap.optimizer.family.ConfigValues.get;
import static dev.tap.optimizer.family.ConfigValues.i;
import static dev.tap.optimizer.family.RecoveryInputs.count;
import static dev.tap.optimizer.family.RecoveryInputs.shown;
import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.AfterValues;
import dev.tap.optimizer.family.FamilyBase;
import dev.tap.optimizer.family.Objective;
import dev.tap.optimizer.family.Recovery;
import dev.tap.optimizer.family.RecoveryInputs;
import dev.tap.optimizer.family.RollbackScript;
import dev.tap.optimizer.family.Stage;
import dev.tap.optimizer.metrics.HealthSignal;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.pricing.CostModel;
import dev.tap.optimizer.pricing.Deployment;
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.pricing.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** ElastiCache Redis replication groups (cluster mode): node type, shards, replicas per shard. */
public final class RedisFamily extends FamilyBase {
  public static final Family REDIS = new Family("REDIS", "Redis", "AWS/ElastiCache");
  public static final ActionKind REDIS_NODE_TYPE = new ActionKind("REDIS_NODE_TYPE", REDIS);
  public static final ActionKind REDIS_SHARDS = new ActionKind("REDIS_SHARDS", REDIS);
  public static final ActionKind REDIS_REPLICAS = new ActionKind("REDIS_REPLICAS", REDIS);

  /** ElastiCache promotes a replica of a failed primary: typically within a minute. */
  static final Duration REPLICA_FAILOVER = Duration.ofSeconds(60);

  public RedisFamily() {
    super(List.of(REDIS), List.of(REDIS_NODE_TYPE, REDIS_SHARDS, REDIS_REPLICAS), RedisMetrics::specs, new RedisRules(), Stage.COMPUTE, List.of(RedisMetrics.ENGINE_CPU));
  }

  @Override
  public double monthlyCost(Resource r, Map<String, String> c, ResourceMetrics m, CostModel model) {
    return model.redisMonthly(get(c, NODE_TYPE), r.region(), i(c, SHARDS), i(c, REPLICAS_PER_SHARD));
  }

  @Override
  public Map<PurchaseOption, Double> monthlyByPurchaseOption(Resource r, Map<String, String> c, CostModel model) {
    return model.monthlyByPurchaseOption(Service.ELASTICACHE_REDIS, get(c, NODE_TYPE), r.region(), Deployment.SINGLE_AZ,
        i(c, SHARDS) * (1 + i(c, REPLICAS_PER_SHARD)));
  }

  @Override
  public void rollback(RollbackScript s) {
    ActionKind k = s.action().kind();
    if (k.equals(REDIS_NODE_TYPE)) {
      s.command("aws elasticache modify-replication-group --replication-group-id " + s.id() + " --cache-node-type " + s.need(NODE_TYPE)
          + " --apply-immediately" + s.region());
    } else if (k.equals(REDIS_SHARDS)) {
      s.command("aws elasticache modify-replication-group-shard-configuration --replication-group-id " + s.id() + " --node-group-count "
          + s.need(SHARDS) + " --apply-immediately" + s.region());
    } else if (k.equals(REDIS_REPLICAS)) {
      s.command("aws elasticache increase-replica-count --replication-group-id " + s.id() + " --new-replica-count " + s.need(REPLICAS_PER_SHARD)
          + " --apply-immediately" + s.region());
    }
  }

  @Override
  public Recovery recovery(Action a, RecoveryInputs in) {
    int rb = count(in.before(), REPLICAS_PER_SHARD);
    int ra = count(in.after(), REPLICAS_PER_SHARD);
    int sb = count(in.before(), SHARDS);
    int sa = count(in.after(), SHARDS);
    Objective rtoB = rb != 0 ? Objective.of(REPLICA_FAILOVER, "promote a replica") : Objective.open("node replacement, cache starts empty");
    Objective rtoA = ra != 0 ? Objective.of(REPLICA_FAILOVER, "promote a replica") : Objective.open("node replacement, cache starts empty");
    Objective rpoB = rb != 0 ? Objective.open("seconds (asynchronous replication)") : Objective.open("all data since the last snapshot");
    Objective rpoA = ra != 0 ? Objective.open("seconds (asynchronous replication)") : Objective.open("all data since the last snapshot");
    String reason = "Replicas per shard " + rb + " -> " + ra + ", shards " + sb + " -> " + sa + ", node " + shown(in.before(), NODE_TYPE) + " -> "
        + shown(in.after(), NODE_TYPE) + ": " + (ra != 0 ? "a failed primary is still replaced by a replica" : "no replica is left, so a failed primary loses its keys")
        + (sa > 0 ? "; one shard holds 1/" + sa + " of the keys." : ".");
    if (rb < 0 || ra < 0) reason = "Replica count not recorded (" + REPLICAS_PER_SHARD + "). " + reason;
    return in.result("primary node failure", rtoB, rtoA, rpoB, rpoA, reason);
  }

  /** Engine CPU, evictions and hit rate of the primaries: what a smaller cache shows first. */
  @Override
  public List<HealthSignal> healthSignals(Resource r) {
    java.util.Map<String, String> primaries = java.util.Map.of("ReplicationGroupId", r.id(), "Role", "Primary");
    return List.of(
        HealthSignal.above(r.id(), "Redis engine CPU", RedisMetrics.NAMESPACE, RedisMetrics.ENGINE_CPU, primaries, "Maximum", "guard.redis.engineCpuMaxPct"),
        HealthSignal.countPerMinute(r.id(), "Redis evictions", RedisMetrics.NAMESPACE, "Evictions", primaries, "guard.redis.evictionsMaxPerMinute"),
        HealthSignal.below(r.id(), "Redis hit rate", RedisMetrics.NAMESPACE, RedisMetrics.HIT_RATE, primaries, "Average", "guard.redis.hitRateMinPct"));
  }

  @Override
  public List<String> validate(ActionKind kind, Map<String, String> after) {
    AfterValues v = AfterValues.of(kind, after);
    if (kind.equals(REDIS_NODE_TYPE)) v.only(NODE_TYPE).required(NODE_TYPE);
    else if (kind.equals(REDIS_SHARDS)) v.only(SHARDS).required(SHARDS);
    else v.only(REPLICAS_PER_SHARD).required(REPLICAS_PER_SHARD);
    return v.matches(NODE_TYPE, "cache\\.[a-z0-9]+\\.[a-z0-9]+", "a cache node type such as cache.r6g.xlarge")
        .integer(SHARDS, 1, 500).integer(REPLICAS_PER_SHARD, 0, 5).problems();
  }
}
