package dev.tap.optimizer.family.aurora;

import static dev.tap.optimizer.metrics.MetricSpec.of;

import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.model.ConfigKeys;
import dev.tap.optimizer.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch metrics of an Aurora cluster the rules read. AWS/RDS publishes cluster metrics
 * with the dimensions {@code DBClusterIdentifier} and, per role, {@code Role=WRITER|READER}
 * (readers aggregated); the writer's and the readers' CPU are read separately because SPEC O4
 * sizes them separately.
 */
public final class AuroraMetrics {
  private AuroraMetrics() {}

  public static final String NAMESPACE = "AWS/RDS";
  public static final String WRITER_CPU = "CPUUtilization.writer"; // percent
  public static final String READER_CPU = "CPUUtilization.reader"; // percent, readers averaged
  public static final String CONNECTIONS = "DatabaseConnections"; // count, cluster
  public static final String READ_IOPS = "ReadIOPS"; // per second, cluster
  public static final String WRITE_IOPS = "WriteIOPS";
  public static final String REPLICA_LAG = "AuroraReplicaLag"; // milliseconds, readers
  public static final String FREEABLE_MEMORY = "FreeableMemory.writer"; // bytes
  /** Cluster volume size and the backup storage billed beyond the free allowance (bytes; AWS publishes them daily or so). */
  public static final String VOLUME_BYTES = "VolumeBytesUsed";
  public static final String BACKUP_BILLED = "TotalBackupStorageBilled";

  public static List<MetricSpec> specs(Resource r) {
    String id = r.id();
    Map<String, String> cluster = Map.of("DBClusterIdentifier", id);
    Map<String, String> writer = Map.of("DBClusterIdentifier", id, "Role", "WRITER");
    Map<String, String> reader = Map.of("DBClusterIdentifier", id, "Role", "READER");
    List<MetricSpec> specs = new ArrayList<>();
    specs.add(of(WRITER_CPU, NAMESPACE, "CPUUtilization", writer, List.of("p95", "Average", "Maximum"), List.of("Average", "Maximum", "p95")));
    specs.add(of(CONNECTIONS, NAMESPACE, "DatabaseConnections", cluster, List.of("p95", "Average", "Maximum"), List.of("Average")));
    specs.add(of(READ_IOPS, NAMESPACE, "ReadIOPS", cluster, List.of("p95", "Average"), List.of("Average")));
    specs.add(of(WRITE_IOPS, NAMESPACE, "WriteIOPS", cluster, List.of("p95", "Average"), List.of("Average")));
    specs.add(of(FREEABLE_MEMORY, NAMESPACE, "FreeableMemory", writer, List.of("Minimum", "Average"), List.of()));
    specs.add(of(VOLUME_BYTES, NAMESPACE, "VolumeBytesUsed", cluster, List.of("Average"), List.of()));
    specs.add(of(BACKUP_BILLED, NAMESPACE, "TotalBackupStorageBilled", cluster, List.of("Average"), List.of()));
    if (Integer.parseInt(r.config().getOrDefault(ConfigKeys.READERS, "0")) > 0) {
      specs.add(of(READER_CPU, NAMESPACE, "CPUUtilization", reader, List.of("p95", "Average", "Maximum"), List.of("Average", "Maximum", "p95")));
      specs.add(of(REPLICA_LAG, NAMESPACE, "AuroraReplicaLag", reader, List.of("p95", "Average", "Maximum"), List.of("Average")));
    }
    // a global database's secondaries: the reads each serves, read in its own region
    java.util.Set<String> current = java.util.Set.of(r.config().getOrDefault(ConfigKeys.SECONDARY_REGIONS, "").split(","));
    for (Map.Entry<String, String> e : secondaryClusters(r).entrySet()) {
      if (!current.contains(e.getKey())) continue;
      specs.add(of(secondaryReads(e.getKey()), NAMESPACE, "ReadIOPS", Map.of("DBClusterIdentifier", e.getValue()), List.of("Maximum", "p95"), List.of("Maximum"))
          .inRegion(e.getKey()));
    }
    return specs;
  }

  /** The key of a secondary region's reads ({@code ReadIOPS.secondary@us-west-2}). */
  public static String secondaryReads(String region) {
    return "ReadIOPS.secondary@" + region;
  }

  /** {@code secondaryClusters} as region to cluster id. */
  public static Map<String, String> secondaryClusters(Resource r) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String pair : r.config().getOrDefault(ConfigKeys.SECONDARY_CLUSTERS, "").split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return out;
  }
}
