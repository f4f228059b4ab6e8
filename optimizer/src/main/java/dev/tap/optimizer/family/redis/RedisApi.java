package dev.tap.optimizer.family.redis;

import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.OptionalLong;

/** What the executor asks of an ElastiCache Redis replication group (cluster mode), in domain verbs. */
public interface RedisApi {

  /** The group with {@code nodeType}, {@code shards}, {@code replicasPerShard} and tags. */
  Resource describeGroup(String groupId, String region);

  /** ListAllowedNodeTypeModifications: every node type the group may move to (up or down). */
  List<String> allowedNodeTypes(String groupId, String region);

  /** Memory in use across all shards (the peak over the last day), when known. */
  OptionalLong memoryInUseBytes(String groupId, String region);

  void modifyNodeType(String groupId, String region, String nodeType);

  /** Online resharding to {@code shards} node groups (slots move; the group stays available). */
  void reshard(String groupId, String region, int shards);

  /** Replicas per shard up or down (IncreaseReplicaCount / DecreaseReplicaCount). */
  void setReplicasPerShard(String groupId, String region, int replicas);
}
