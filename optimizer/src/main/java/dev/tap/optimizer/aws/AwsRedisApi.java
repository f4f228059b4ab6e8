package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.AwsActionCalls.act;
import static dev.tap.optimizer.aws.AwsActionCalls.run;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.redis.RedisApi;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataPage;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataRequest;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.model.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * ElastiCache Redis (cluster mode) node type, online resharding and replicas per shard with the AWS
 * SDK. Every change is applied immediately and then waited for: the group must be {@code available}
 * again, in the new shape, before the executor re-reads it.
 */
public final class AwsRedisApi implements RedisApi {

  /** A node-type change or a replica change replaces nodes one by one; AWS says tens of minutes. */
  static final Duration MODIFY_TIMEOUT = Duration.ofHours(2);
  /** Resharding moves slots and their keys between shards: hours for a large group. */
  static final Duration RESHARD_TIMEOUT = Duration.ofHours(6);

  private final AwsClients aws;
  private final AwsPolling polling;
  private final RedisReader reader;

  public AwsRedisApi(AwsClients aws, AwsPolling polling) {
    this.aws = aws;
    this.polling = polling;
    this.reader = new RedisReader(aws);
  }

  @Override
  public Resource describeGroup(String groupId, String region) {
    return AwsActionCalls.describe(reader, RedisFamily.REDIS, groupId, region);
  }

  private ReplicationGroup group(String groupId, String region) {
    List<ReplicationGroup> groups = act(aws, "elasticache:DescribeReplicationGroups", region,
        () -> aws.elastiCache(region).describeReplicationGroups(r -> r.replicationGroupId(groupId)).replicationGroups());
    if (groups.isEmpty()) throw new ActionFailedException("Redis replication group " + groupId + " was not found in " + region);
    return groups.get(0);
  }

  @Override
  public List<String> allowedNodeTypes(String groupId, String region) {
    var r = act(aws, "elasticache:ListAllowedNodeTypeModifications", region,
        () -> aws.elastiCache(region).listAllowedNodeTypeModifications(q -> q.replicationGroupId(groupId)));
    List<String> out = new ArrayList<>(r.scaleUpModifications());
    out.addAll(r.scaleDownModifications());
    return out;
  }

  /**
   * BytesUsedForCache at its peak over the last day, per shard the largest of its nodes (the
   * primary holds the shard's data and the replicas mirror it; in cluster mode AWS does not say
   * which node is primary), summed over the shards.
   */
  @Override
  public OptionalLong memoryInUseBytes(String groupId, String region) {
    ReplicationGroup g = group(groupId, region);
    List<MetricQuery> queries = new ArrayList<>();
    Map<String, String> shardOf = new HashMap<>();
    for (NodeGroup ng : g.nodeGroups()) {
      for (NodeGroupMember m : ng.nodeGroupMembers()) {
        String id = "m" + queries.size();
        queries.add(new MetricQuery(id, "AWS/ElastiCache", "BytesUsedForCache",
            Map.of("CacheClusterId", m.cacheClusterId(), "CacheNodeId", m.cacheNodeId() == null ? "0001" : m.cacheNodeId()), "Maximum", 3600));
        shardOf.put(id, ng.nodeGroupId());
      }
    }
    if (queries.isEmpty()) return OptionalLong.empty();
    Instant end = polling.clock().instant();
    dev.tap.optimizer.metrics.MetricDataSource cw = dev.tap.optimizer.metrics.MetricsEngine.retryingThrottles(new AwsCloudWatch(aws, region));
    Map<String, Double> peakPerShard = new HashMap<>();
    // GetMetricData takes at most 500 queries per call.
    for (int from = 0; from < queries.size(); from += 500) {
      List<MetricQuery> batch = queries.subList(from, Math.min(queries.size(), from + 500));
      String token = null;
      do {
        String t = token;
        MetricDataPage page = act(aws, "cloudwatch:GetMetricData", region,
            () -> cw.getMetricData(new MetricDataRequest(batch, end.minus(Duration.ofDays(1)), end, t)));
        for (MetricSeries s : page.results()) {
          for (double v : s.values()) {
            if (!Double.isNaN(v)) peakPerShard.merge(shardOf.get(s.query().id()), v, Math::max);
          }
        }
        token = page.nextToken();
      } while (token != null);
    }
    // A shard without data would understate the memory in use: unknown rather than too low.
    if (peakPerShard.size() < g.nodeGroups().size()) return OptionalLong.empty();
    return OptionalLong.of((long) peakPerShard.values().stream().mapToDouble(Double::doubleValue).sum());
  }

  @Override
  public void modifyNodeType(String groupId, String region, String nodeType) {
    if (nodeType.equals(idle(groupId, region).cacheNodeType())) return;
    run(aws, "elasticache:ModifyReplicationGroup", region, () -> aws.elastiCache(region).modifyReplicationGroup(r -> r
        .replicationGroupId(groupId).cacheNodeType(nodeType).applyImmediately(true)));
    awaitAvailable(groupId, region, "node type " + nodeType, MODIFY_TIMEOUT, g -> nodeType.equals(g.cacheNodeType()));
  }

  /**
   * Fewer shards: the highest-numbered node groups are named for removal (their slots move to the
   * rest), so AWS does not pick. More shards: AWS spreads the slots evenly over the new ones.
   */
  @Override
  public void reshard(String groupId, String region, int shards) {
    ReplicationGroup g = idle(groupId, region);
    if (g.nodeGroups().size() == shards) return;
    List<String> ids = g.nodeGroups().stream().map(NodeGroup::nodeGroupId).sorted(Comparator.naturalOrder()).toList();
    List<String> remove = shards < ids.size() ? ids.subList(shards, ids.size()) : List.of();
    run(aws, "elasticache:ModifyReplicationGroupShardConfiguration", region, () -> aws.elastiCache(region)
        .modifyReplicationGroupShardConfiguration(r -> {
          r.replicationGroupId(groupId).nodeGroupCount(shards).applyImmediately(true);
          if (!remove.isEmpty()) r.nodeGroupsToRemove(remove);
        }));
    awaitAvailable(groupId, region, shards + " shards", RESHARD_TIMEOUT, x -> x.nodeGroups().size() == shards);
  }

  @Override
  public void setReplicasPerShard(String groupId, String region, int replicas) {
    ReplicationGroup g = idle(groupId, region);
    if (g.nodeGroups().stream().allMatch(ng -> ng.nodeGroupMembers().size() - 1 == replicas)) return;
    int have = g.nodeGroups().stream().mapToInt(ng -> ng.nodeGroupMembers().size() - 1).max().orElse(0);
    if (replicas < have) {
      run(aws, "elasticache:DecreaseReplicaCount", region, () -> aws.elastiCache(region).decreaseReplicaCount(r -> r
          .replicationGroupId(groupId).newReplicaCount(replicas).applyImmediately(true)));
    } else {
      run(aws, "elasticache:IncreaseReplicaCount", region, () -> aws.elastiCache(region).increaseReplicaCount(r -> r
          .replicationGroupId(groupId).newReplicaCount(replicas).applyImmediately(true)));
    }
    awaitAvailable(groupId, region, replicas + " replicas per shard", MODIFY_TIMEOUT,
        x -> x.nodeGroups().stream().allMatch(ng -> ng.nodeGroupMembers().size() - 1 == replicas));
  }

  /**
   * The group once it is {@code available}: a call resumed after a crash finds the earlier call
   * still in progress (AWS refuses a second one meanwhile) or already done, and then makes none.
   */
  private ReplicationGroup idle(String groupId, String region) {
    ReplicationGroup[] last = new ReplicationGroup[1];
    polling.until("Redis replication group " + groupId + " to be available before changing it", MODIFY_TIMEOUT, () -> {
      last[0] = group(groupId, region);
      return "available".equals(last[0].status()) ? AwsPolling.Look.settled() : AwsPolling.Look.waiting(last[0].status());
    });
    return last[0];
  }

  /** Until the group is {@code available} and shows the change (AWS may still say available for a moment after the call). */
  private void awaitAvailable(String groupId, String region, String what, Duration timeout, Predicate<ReplicationGroup> changed) {
    polling.until("Redis replication group " + groupId + " to be available with " + what, timeout, () -> {
      ReplicationGroup g = group(groupId, region);
      if ("available".equals(g.status()) && changed.test(g)) return AwsPolling.Look.settled();
      return AwsPolling.Look.waiting(g.status());
    });
  }
}
