package dev.tap.optimizer.family.ebs;

import static dev.tap.optimizer.metrics.MetricSpec.of;

import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch metrics of an EBS volume (AWS/EBS by {@code VolumeId}). Nitro volumes publish one
 * datapoint a minute, each the operations (or bytes) of that minute, so a datapoint's value / 60 is
 * that minute's rate per second; the window's Maximum is the busiest minute.
 */
public final class EbsMetrics {
  private EbsMetrics() {}

  public static final String NAMESPACE = "AWS/EBS";
  public static final String READ_OPS = "VolumeReadOps";
  public static final String WRITE_OPS = "VolumeWriteOps";
  public static final String READ_BYTES = "VolumeReadBytes";
  public static final String WRITE_BYTES = "VolumeWriteBytes";
  public static final String QUEUE_LENGTH = "VolumeQueueLength";

  public static Map<String, String> dims(Resource r) {
    return Map.of("VolumeId", r.id());
  }

  public static List<MetricSpec> specs(Resource r) {
    Map<String, String> v = dims(r);
    return List.of(
        of(READ_OPS, NAMESPACE, READ_OPS, v, List.of("Maximum", "Sum"), List.of("Sum", "Maximum")),
        of(WRITE_OPS, NAMESPACE, WRITE_OPS, v, List.of("Maximum", "Sum"), List.of("Sum", "Maximum")),
        of(READ_BYTES, NAMESPACE, READ_BYTES, v, List.of("Maximum"), List.of("Sum")),
        of(WRITE_BYTES, NAMESPACE, WRITE_BYTES, v, List.of("Maximum"), List.of("Sum")),
        of(QUEUE_LENGTH, NAMESPACE, QUEUE_LENGTH, v, List.of("Average", "Maximum"), List.of("Average")));
  }
}
