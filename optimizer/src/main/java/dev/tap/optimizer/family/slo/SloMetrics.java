package dev.tap.optimizer.family.slo;

import static dev.tap.optimizer.metrics.MetricSpec.of;

import dev.tap.optimizer.metrics.MetricSpec;
import java.util.List;
import java.util.Map;

/**
 * The application SLO metrics of a blueprint (docs/outputs.md): namespace {@code TAP/SLO},
 * dimensions {@code Blueprint} and {@code Environment}. Latency in milliseconds (p50/p95/p99),
 * error rate in percent (Average), queue depth as a count (Maximum). Every resource of the
 * blueprint carries them in its {@link dev.tap.optimizer.metrics.ResourceMetrics} under the keys
 * below (the engine reads them once), so a backtest can fit latency against the resource's own
 * utilisation.
 */
public final class SloMetrics {
  private SloMetrics() {}

  public static final String NAMESPACE = "TAP/SLO";
  public static final String LATENCY = "SloLatency"; // CloudWatch metric "Latency", ms
  public static final String ERROR_RATE = "SloErrorRate"; // "ErrorRate", percent
  public static final String QUEUE_DEPTH = "SloQueueDepth"; // "QueueDepth", count

  public static Map<String, String> dimensions(String blueprint, String environment) {
    return Map.of("Blueprint", blueprint, "Environment", environment);
  }

  public static List<MetricSpec> specs(String blueprint, String environment) {
    Map<String, String> dims = dimensions(blueprint, environment);
    return List.of(
        of(LATENCY, NAMESPACE, "Latency", dims, List.of("p50", "p95", "p99"), List.of("p95", "p99")),
        of(ERROR_RATE, NAMESPACE, "ErrorRate", dims, List.of("Average", "Maximum"), List.of("Average")),
        of(QUEUE_DEPTH, NAMESPACE, "QueueDepth", dims, List.of("Maximum", "p99"), List.of("Maximum")));
  }
}
