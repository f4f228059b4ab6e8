package dev.tap.optimizer.family.redis;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * Memory per ElastiCache node type in GiB, as AWS lists it (the r6gd types hold the same DRAM as
 * r6g plus SSD for data tiering; only DRAM counts for the resharding headroom check).
 */
public final class RedisNodeMemory {
  private RedisNodeMemory() {}

  private static final Map<String, Double> GIB = Map.ofEntries(
      Map.entry("large", 13.07), Map.entry("xlarge", 26.32), Map.entry("2xlarge", 52.82), Map.entry("4xlarge", 105.81),
      Map.entry("8xlarge", 209.55), Map.entry("12xlarge", 317.77), Map.entry("16xlarge", 419.09));

  public static OptionalDouble gib(String nodeType) {
    String[] parts = nodeType.split("\\.");
    if (parts.length != 3 || !parts[0].equals("cache") || !(parts[1].equals("r6g") || parts[1].equals("r6gd") || parts[1].equals("r7g"))) {
      return OptionalDouble.empty();
    }
    Double g = GIB.get(parts[2]);
    return g == null ? OptionalDouble.empty() : OptionalDouble.of(g);
  }
}
