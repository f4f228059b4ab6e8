package dev.tap.optimizer.family.redis;

import static dev.tap.optimizer.model.ConfigKeys.NODE_TYPE;
import static dev.tap.optimizer.model.ConfigKeys.REPLICAS_PER_SHARD;
import static dev.tap.optimizer.model.ConfigKeys.SHARDS;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Redis actions: node type (only to a type AWS allows for this group), online resharding to fewer
 * shards (refused unless the kept shards hold at least 1.5x the memory in use), replicas per shard.
 */
public final class RedisActions implements FamilyActions {

  public static final double MEMORY_HEADROOM = 1.5;

  private final RedisApi api;

  public RedisActions(RedisApi api) {
    this.api = api;
  }

  @Override
  public Set<ActionKind> kinds() {
    return Set.of(RedisFamily.REDIS_NODE_TYPE, RedisFamily.REDIS_SHARDS, RedisFamily.REDIS_REPLICAS);
  }

  @Override
  public Resource read(String resourceId, String region) {
    return api.describeGroup(resourceId, region);
  }

  @Override
  public Optional<String> refusal(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    String nodeType = target.getOrDefault(NODE_TYPE, current.config(NODE_TYPE));
    int shards = Integer.parseInt(target.getOrDefault(SHARDS, current.config(SHARDS)));
    if (kind == RedisFamily.REDIS_NODE_TYPE) {
      List<String> allowed = api.allowedNodeTypes(current.id(), current.region());
      if (!allowed.contains(nodeType)) {
        return Optional.of("AWS does not allow " + current.id() + " to move to " + nodeType + " (ListAllowedNodeTypeModifications: "
            + String.join(", ", allowed) + ")");
      }
    }
    boolean lessMemory = kind == RedisFamily.REDIS_SHARDS && shards < current.configInt(SHARDS)
        || kind == RedisFamily.REDIS_NODE_TYPE;
    if (lessMemory) {
      OptionalDouble perNode = RedisNodeMemory.gib(nodeType);
      if (perNode.isEmpty()) return Optional.of("the memory of node type " + nodeType + " is unknown to TAP; cannot check the headroom");
      OptionalLong used = api.memoryInUseBytes(current.id(), current.region());
      if (used.isEmpty()) return Optional.of("memory in use of " + current.id() + " is unknown; cannot check the 1.5x headroom");
      double keptBytes = perNode.getAsDouble() * (1L << 30) * shards;
      if (keptBytes < MEMORY_HEADROOM * used.getAsLong()) {
        return Optional.of(String.format(Locale.ROOT,
            "%d shards of %s hold %.1f GiB, less than %.1fx the %.1f GiB in use", shards, nodeType, keptBytes / (1L << 30),
            MEMORY_HEADROOM, used.getAsLong() / (double) (1L << 30)));
      }
    }
    return Optional.empty();
  }

  @Override
  public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    String id = current.id();
    String region = current.region();
    switch (kind.name()) {
      case "REDIS_NODE_TYPE" -> {
        if (!target.get(NODE_TYPE).equals(current.config().get(NODE_TYPE))) api.modifyNodeType(id, region, target.get(NODE_TYPE));
      }
      case "REDIS_SHARDS" -> {
        int want = Integer.parseInt(target.get(SHARDS));
        if (want != current.configInt(SHARDS)) api.reshard(id, region, want);
      }
      case "REDIS_REPLICAS" -> {
        int want = Integer.parseInt(target.get(REPLICAS_PER_SHARD));
        if (want != current.configInt(REPLICAS_PER_SHARD)) api.setReplicasPerShard(id, region, want);
      }
      default -> throw new IllegalArgumentException(kind + " is not a Redis action");
    }
    return null;
  }
}
