package dev.tap.optimizer.aws;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.model.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.services.elasticache.model.DataTieringStatus;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/** An ElastiCache (Redis OSS / Valkey) replication group: node type, shards, replicas per shard, data tiering. */
final class RedisReader implements FamilyReader {
  private final AwsClients aws;

  RedisReader(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public Optional<Resource> read(Target t, String region, List<String> problems) {
    Optional<ReplicationGroup> found = aws.callIfFound("elasticache:DescribeReplicationGroups", region,
        () -> aws.elastiCache(region).describeReplicationGroups(r -> r.replicationGroupId(t.id())).replicationGroups()).flatMap(l -> l.stream().findFirst());
    if (found.isEmpty()) return Optional.empty();
    ReplicationGroup g = found.get();

    Map<String, String> config = new LinkedHashMap<>();
    config.put(NODE_TYPE, g.cacheNodeType());
    if (g.engine() != null) config.put(ENGINE, g.engine());
    config.put(SHARDS, String.valueOf(g.nodeGroups().size()));
    TreeSet<Integer> replicas = new TreeSet<>();
    for (NodeGroup ng : g.nodeGroups()) replicas.add(ng.nodeGroupMembers().size() - 1);
    if (replicas.size() == 1 && replicas.first() >= 0) config.put(REPLICAS_PER_SHARD, String.valueOf(replicas.first()));
    else problems.add("Redis replication group " + t.id() + " has shards with different replica counts " + replicas + ": replicasPerShard is not inventoried");
    config.put(DATA_TIERING, String.valueOf(g.dataTiering() == DataTieringStatus.ENABLED));
    if (g.multiAZ() != null) config.put(MULTI_AZ, String.valueOf("enabled".equals(g.multiAZAsString())));

    Map<String, String> tags = g.arn() == null ? Map.of() : FamilyReader.tags(aws.call("elasticache:ListTagsForResource", region,
        () -> aws.elastiCache(region).listTagsForResource(r -> r.resourceName(g.arn())).tagList()), x -> x.key(), x -> x.value());
    return Optional.of(new Resource(g.replicationGroupId(), RedisFamily.REDIS, region, g.arn(), config, tags));
  }
}
