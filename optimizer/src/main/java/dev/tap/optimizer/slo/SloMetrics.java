package dev.tap.optimizer.slo;

import static dev.tap.optimizer.metrics.MetricSpec.of;

import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /** The blueprint and environment whose SLO metrics describe a resource's service. */
  public record Scope(String blueprint, String environment) {}

  static final Set<String> BLUEPRINTS = Set.of("trading", "saas", "staging");
  static final Pattern TAP_NAME = Pattern.compile("^tap-([a-z][a-z0-9-]{0,11}?)-(?:trading|saas|staging|trades|orders|positions|tenants|users|audit-logs|dax)\\b.*");

  /**
   * The snapshot's blueprint (when it names exactly one) and the resource's environment: its
   * {@code Environment} tag, else the suffix in its physical name ({@code tap-<suffix>-...}).
   */
  public static Optional<Scope> scope(Snapshot snapshot, Resource r) {
    String blueprint = snapshot.blueprint();
    if (blueprint == null || !BLUEPRINTS.contains(blueprint)) return Optional.empty();
    String env = r.tags().get("Environment");
    if (env == null) {
      Matcher m = TAP_NAME.matcher(r.id());
      if (m.matches()) env = m.group(1);
    }
    return env == null ? Optional.empty() : Optional.of(new Scope(blueprint, env));
  }

  public static List<MetricSpec> specs(String blueprint, String environment) {
    Map<String, String> dims = dimensions(blueprint, environment);
    return List.of(
        of(LATENCY, NAMESPACE, "Latency", dims, List.of("p50", "p95", "p99"), List.of("p95", "p99")),
        of(ERROR_RATE, NAMESPACE, "ErrorRate", dims, List.of("Average", "Maximum"), List.of("Average")),
        of(QUEUE_DEPTH, NAMESPACE, "QueueDepth", dims, List.of("Maximum", "p99"), List.of("Maximum")));
  }
}
