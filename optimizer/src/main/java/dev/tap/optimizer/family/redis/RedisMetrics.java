package dev.tap.optimizer.family.redis;

import static dev.tap.optimizer.metrics.MetricSpec.of;

import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch metrics of an ElastiCache Redis replication group, read at the replication-group
 * level for the primaries ({@code ReplicationGroupId}, {@code Role=Primary}): engine CPU and memory
 * in percent averaged over the primaries, cache hit rate in percent, and commands as per-minute
 * sums over the group ({@code Sum / 60} = commands per second). The replicas' engine CPU
 * ({@code Role=Replica}) says whether clients read from them: cluster-mode clients read from the
 * primaries unless they opt in to replica reads.
 */
public final class RedisMetrics {
  private RedisMetrics() {}

  public static final String NAMESPACE = "AWS/ElastiCache";
  public static final String ENGINE_CPU = "EngineCPUUtilization";
  public static final String REPLICA_ENGINE_CPU = "EngineCPUUtilization.replica"; // percent, replicas averaged
  public static final String MEMORY = "DatabaseMemoryUsagePercentage";
  public static final String HIT_RATE = "CacheHitRate";
  public static final String GET_COMMANDS = "GetTypeCmds";
  public static final String SET_COMMANDS = "SetTypeCmds";

  public static List<MetricSpec> specs(Resource r) {
    Map<String, String> primaries = Map.of("ReplicationGroupId", r.id(), "Role", "Primary");
    Map<String, String> replicas = Map.of("ReplicationGroupId", r.id(), "Role", "Replica");
    return List.of(
        of(ENGINE_CPU, NAMESPACE, "EngineCPUUtilization", primaries, List.of("p95", "Average", "Maximum"), List.of("Average", "Maximum", "p95")),
        of(REPLICA_ENGINE_CPU, NAMESPACE, "EngineCPUUtilization", replicas, List.of("p95", "Maximum"), List.of("Maximum")),
        of(MEMORY, NAMESPACE, "DatabaseMemoryUsagePercentage", primaries, List.of("p95", "Average", "Maximum"), List.of("Average")),
        of(HIT_RATE, NAMESPACE, "CacheHitRate", primaries, List.of("p5", "Average", "Minimum"), List.of("Average")),
        of(GET_COMMANDS, NAMESPACE, "GetTypeCmds", primaries, List.of("Sum", "Maximum"), List.of("Sum")),
        of(SET_COMMANDS, NAMESPACE, "SetTypeCmds", primaries, List.of("Sum", "Maximum"), List.of("Sum")));
  }
}
