package dev.tap.optimizer.family.rds;

import static dev.tap.optimizer.metrics.MetricSpec.of;

import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.model.ConfigKeys;
import dev.tap.optimizer.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The CloudWatch metrics of an RDS instance (dimension {@code DBInstanceIdentifier}) and of its read replicas. */
public final class RdsMetrics {
  private RdsMetrics() {}

  public static final String NAMESPACE = "AWS/RDS";
  public static final String CPU = "CPUUtilization"; // percent
  public static final String CONNECTIONS = "DatabaseConnections";
  public static final String READ_IOPS = "ReadIOPS";
  public static final String WRITE_IOPS = "WriteIOPS";
  public static final String FREEABLE_MEMORY = "FreeableMemory"; // bytes
  /** Replica metrics carry the replica's id: {@code ReplicaLag.<replica id>} (seconds) and {@code CPUUtilization.<replica id>}. */
  public static final String REPLICA_LAG_PREFIX = "ReplicaLag.";
  public static final String REPLICA_CPU_PREFIX = "CPUUtilization.";

  public static List<MetricSpec> specs(Resource r) {
    Map<String, String> db = Map.of("DBInstanceIdentifier", r.id());
    List<MetricSpec> specs = new ArrayList<>();
    specs.add(of(CPU, NAMESPACE, "CPUUtilization", db, List.of("p95", "Average", "Maximum"), List.of("Average", "Maximum", "p95")));
    specs.add(of(CONNECTIONS, NAMESPACE, "DatabaseConnections", db, List.of("p95", "Average", "Maximum"), List.of("Average")));
    specs.add(of(READ_IOPS, NAMESPACE, "ReadIOPS", db, List.of("p95", "Average", "Maximum"), List.of("Average")));
    specs.add(of(WRITE_IOPS, NAMESPACE, "WriteIOPS", db, List.of("p95", "Average", "Maximum"), List.of("Average")));
    specs.add(of(FREEABLE_MEMORY, NAMESPACE, "FreeableMemory", db, List.of("Minimum", "Average"), List.of()));
    for (String replica : members(r)) {
      Map<String, String> rep = Map.of("DBInstanceIdentifier", replica);
      specs.add(of(REPLICA_CPU_PREFIX + replica, NAMESPACE, "CPUUtilization", rep, List.of("p95", "Average", "Maximum"), List.of("Average")));
      specs.add(of(REPLICA_LAG_PREFIX + replica, NAMESPACE, "ReplicaLag", rep, List.of("p95", "Maximum"), List.of()));
    }
    return specs;
  }

  static List<String> members(Resource r) {
    String m = r.config().getOrDefault(ConfigKeys.MEMBER_IDS, "");
    return m.isBlank() ? List.of() : List.of(m.split(","));
  }
}
