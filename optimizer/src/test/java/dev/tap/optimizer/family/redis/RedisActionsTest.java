package dev.tap.optimizer.family.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.model.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RedisActionsTest {
  static final long GIB = 1L << 30;
  final List<String> calls = new ArrayList<>();
  long usedBytes = 300 * GIB;

  final RedisApi api = new RedisApi() {
    @Override public Resource describeGroup(String id, String region) { throw new UnsupportedOperationException(); }
    @Override public List<String> allowedNodeTypes(String id, String region) { return List.of("cache.r6g.4xlarge", "cache.r6g.2xlarge"); }
    @Override public OptionalLong memoryInUseBytes(String id, String region) { return OptionalLong.of(usedBytes); }
    @Override public void modifyNodeType(String id, String region, String t) { calls.add("nodeType " + t); }
    @Override public void reshard(String id, String region, int shards) { calls.add("reshard " + shards); }
    @Override public void setReplicasPerShard(String id, String region, int r) { calls.add("replicas " + r); }
  };
  final RedisActions actions = new RedisActions(api);
  final Resource group = new Resource("cache", RedisFamily.REDIS, "us-east-1", null,
      Map.of("nodeType", "cache.r6g.8xlarge", "shards", "15", "replicasPerShard", "2"), Map.of());
  final ActionContext ctx = new ActionContext(Instant.EPOCH, false, null, false);

  @Test
  void reshardingIsRefusedWhenTheKeptShardsHoldLessThanOneAndAHalfTimesTheMemoryInUse() {
    // 2 shards x 209.55 GiB = 419 GiB < 1.5 x 300 GiB = 450 GiB
    assertThat(actions.refusal(RedisFamily.REDIS_SHARDS, group, Map.of("shards", "2"), ctx))
        .hasValueSatisfying(r -> assertThat(r).contains("2 shards of cache.r6g.8xlarge hold 419.1 GiB").contains("1.5x the 300.0 GiB"));
    // 3 shards = 629 GiB >= 450 GiB
    assertThat(actions.refusal(RedisFamily.REDIS_SHARDS, group, Map.of("shards", "3"), ctx)).isEmpty();
    usedBytes = 10 * GIB;
    assertThat(actions.refusal(RedisFamily.REDIS_SHARDS, group, Map.of("shards", "1"), ctx)).isEmpty();
  }

  @Test
  void aNodeTypeAwsDoesNotAllowIsRefused_andOneItAllowsIsCheckedForHeadroom() {
    assertThat(actions.refusal(RedisFamily.REDIS_NODE_TYPE, group, Map.of("nodeType", "cache.r6g.xlarge"), ctx))
        .hasValueSatisfying(r -> assertThat(r).contains("ListAllowedNodeTypeModifications"));
    usedBytes = 1000 * GIB; // 15 x 105.81 GiB = 1,587 GiB > 1.5 x 1,000 GiB
    assertThat(actions.refusal(RedisFamily.REDIS_NODE_TYPE, group, Map.of("nodeType", "cache.r6g.4xlarge"), ctx)).isEmpty();
    usedBytes = 1100 * GIB;
    assertThat(actions.refusal(RedisFamily.REDIS_NODE_TYPE, group, Map.of("nodeType", "cache.r6g.4xlarge"), ctx)).isPresent();
  }

  @Test
  void convergeCallsOnlyWhatDiffers() {
    actions.converge(RedisFamily.REDIS_SHARDS, group, Map.of("shards", "15", "nodeType", "x"), ctx);
    actions.converge(RedisFamily.REDIS_REPLICAS, group, Map.of("replicasPerShard", "1"), ctx);
    actions.converge(RedisFamily.REDIS_SHARDS, group, Map.of("shards", "8"), ctx);
    assertThat(calls).containsExactly("replicas 1", "reshard 8");
  }
}
