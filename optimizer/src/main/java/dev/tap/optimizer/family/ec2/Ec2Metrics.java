package dev.tap.optimizer.family.ec2;

import static dev.tap.optimizer.metrics.MetricSpec.of;

import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.model.ConfigKeys;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch metrics of a standalone instance, by {@code InstanceId}: AWS/EC2 CPU, network and
 * EBS (bytes per period; the rules read them as bytes per minute, detailed monitoring, which errs
 * high with 5-minute basic monitoring), and the CloudWatch agent's memory and disk when it
 * publishes them ({@code CWAgent}: {@code mem_used_percent}, or on Windows {@code Memory %
 * Committed Bytes In Use}; {@code disk_used_percent} of the root volume).
 */
public final class Ec2Metrics {
  private Ec2Metrics() {}

  public static final String NAMESPACE = "AWS/EC2";
  public static final String AGENT_NAMESPACE = "CWAgent";
  public static final String CPU = "CPUUtilization";
  public static final String NETWORK_IN = "NetworkIn";
  public static final String NETWORK_OUT = "NetworkOut";
  public static final String EBS_READ_BYTES = "EBSReadBytes";
  public static final String EBS_WRITE_BYTES = "EBSWriteBytes";
  public static final String EBS_READ_OPS = "EBSReadOps";
  public static final String EBS_WRITE_OPS = "EBSWriteOps";
  /** The logical key of memory in use (%), whichever agent metric publishes it. */
  public static final String MEMORY = "MemoryUsedPercent";
  public static final String DISK = "DiskUsedPercent";
  public static final String LINUX_MEMORY = "mem_used_percent";
  public static final String WINDOWS_MEMORY = "Memory % Committed Bytes In Use";
  public static final String LINUX_DISK = "disk_used_percent";
  /** The CPU percentiles read, highest first: the rules use the first present. */
  public static final List<String> CPU_HIGH_STATS = List.of("p99.9", "p99");

  public static List<MetricSpec> specs(Resource r) {
    Map<String, String> id = Map.of("InstanceId", r.id());
    boolean windows = "windows".equals(r.config().get(ConfigKeys.PLATFORM));
    List<String> peak = List.of("p99", "Maximum");
    List<MetricSpec> specs = new java.util.ArrayList<>(List.of(
        of(CPU, NAMESPACE, CPU, id, List.of("p95", "p99", "p99.9", "Maximum", "Average"), List.of("Average", "Maximum")),
        of(NETWORK_IN, NAMESPACE, NETWORK_IN, id, peak, List.of("Average")),
        of(NETWORK_OUT, NAMESPACE, NETWORK_OUT, id, peak, List.of("Average")),
        of(EBS_READ_BYTES, NAMESPACE, EBS_READ_BYTES, id, peak, List.of("Average")),
        of(EBS_WRITE_BYTES, NAMESPACE, EBS_WRITE_BYTES, id, peak, List.of("Average")),
        of(EBS_READ_OPS, NAMESPACE, EBS_READ_OPS, id, peak, List.of()),
        of(EBS_WRITE_OPS, NAMESPACE, EBS_WRITE_OPS, id, peak, List.of()),
        windows
            ? of(MEMORY, AGENT_NAMESPACE, WINDOWS_MEMORY, Map.of("InstanceId", r.id(), "objectname", "Memory"), List.of("Maximum", "p99"), List.of("Maximum"))
            : of(MEMORY, AGENT_NAMESPACE, LINUX_MEMORY, id, List.of("Maximum", "p99"), List.of("Maximum"))));
    // the root volume's use, for the report (Windows publishes free space per drive instead: not read)
    if (!windows) specs.add(of(DISK, AGENT_NAMESPACE, LINUX_DISK, Map.of("InstanceId", r.id(), "path", "/"), List.of("Maximum"), List.of()));
    return specs;
  }
}
