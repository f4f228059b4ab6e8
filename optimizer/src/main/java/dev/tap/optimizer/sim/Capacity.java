package dev.tap.optimizer.sim;

import static dev.tap.optimizer.model.ConfigKeys.*;

import java.util.Map;

/**
 * Capacity of a configuration in the simulation's units: vCPUs from the size in the type name
 * (large = 2, xlarge = 4, Nxlarge = 4N; the same across the r6g/r6gd/m5/c6i/c5/r4 families the
 * blueprints use) and memory in GiB (8 GiB per vCPU for r-families, 6.6 for ElastiCache r6g/r6gd).
 */
final class Capacity {
  private Capacity() {}

  static double vcpus(String type) {
    String size = type.substring(type.lastIndexOf('.') + 1);
    return switch (size) {
      case "nano", "micro", "small", "medium" -> 1;
      case "large" -> 2;
      case "xlarge" -> 4;
      case "metal" -> 96;
      default -> {
        if (!size.endsWith("xlarge")) throw new IllegalArgumentException("unknown size in type " + type);
        yield 4 * Double.parseDouble(size.substring(0, size.length() - "xlarge".length()));
      }
    };
  }

  /** ElastiCache node memory in GiB (data-tiering r6gd nodes add about 4.8x that on SSD). */
  static double cacheGib(String nodeType, boolean dataTiering) {
    double ram = 6.6 * vcpus(nodeType);
    return dataTiering && nodeType.contains("r6gd") ? ram * 4.8 : ram;
  }

  static double dbGib(String instanceClass) {
    return 8 * vcpus(instanceClass);
  }

  static int integer(Map<String, String> c, String key, int orElse) {
    String v = c.get(key);
    return v == null || v.isBlank() ? orElse : Integer.parseInt(v.trim());
  }

  /** Aurora/RDS writer vCPUs. */
  static double writer(Map<String, String> c) {
    return vcpus(c.get(INSTANCE_CLASS));
  }

  /** Aurora reader vCPUs summed over readers; NaN without readers (no reader metrics then). */
  static double readers(Map<String, String> c) {
    int n = integer(c, READERS, 0);
    return n == 0 ? Double.NaN : n * vcpus(c.getOrDefault(READER_CLASS, c.get(INSTANCE_CLASS)));
  }

  static double asg(Map<String, String> c) {
    return integer(c, DESIRED, 1) * vcpus(c.get(INSTANCE_TYPE));
  }

  static int asgInstances(Map<String, String> c) {
    return integer(c, DESIRED, 1);
  }

  /**
   * Redis engine CPU capacity: the engine is single-threaded per primary, so load per primary
   * falls with shards; a larger node adds I/O threads, which helps a little (vCPU^0.25).
   */
  static double redisEngine(Map<String, String> c) {
    return integer(c, SHARDS, 1) * Math.pow(vcpus(c.get(NODE_TYPE)), 0.25);
  }

  static double redisMemory(Map<String, String> c) {
    return integer(c, SHARDS, 1) * cacheGib(c.get(NODE_TYPE), Boolean.parseBoolean(c.getOrDefault(DATA_TIERING, "false")));
  }

  static double dax(Map<String, String> c) {
    return integer(c, NODES, 1) * vcpus(c.get(NODE_TYPE));
  }
}
