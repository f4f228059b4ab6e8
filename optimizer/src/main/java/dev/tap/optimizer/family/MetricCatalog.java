package dev.tap.optimizer.family;

import dev.tap.optimizer.family.asg.AsgMetrics;
import dev.tap.optimizer.family.aurora.AuroraMetrics;
import dev.tap.optimizer.family.dax.DaxMetrics;
import dev.tap.optimizer.family.dynamodb.DynamoDbMetrics;
import dev.tap.optimizer.family.lambda.LambdaMetrics;
import dev.tap.optimizer.family.loadbalancer.LoadBalancerMetrics;
import dev.tap.optimizer.family.rds.RdsMetrics;
import dev.tap.optimizer.family.redis.RedisMetrics;
import dev.tap.optimizer.family.slo.SloMetrics;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.metrics.MetricSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps a resource of a snapshot to the metrics its family's rules need. */
@FunctionalInterface
public interface MetricCatalog {

  List<MetricSpec> specs(Snapshot snapshot, Resource resource);

  /**
   * The catalog of the rules: each family's metrics plus, when the snapshot names one blueprint
   * and its resources one environment, that blueprint's SLO metrics ({@link SloMetrics}).
   */
  static MetricCatalog standard() {
    return (snapshot, r) -> {
      List<MetricSpec> specs = new ArrayList<>(switch (r.family()) {
        case AURORA -> AuroraMetrics.specs(r);
        case RDS -> RdsMetrics.specs(r);
        case ASG -> AsgMetrics.specs(r);
        case REDIS -> RedisMetrics.specs(r);
        case DYNAMODB -> DynamoDbMetrics.specs(r);
        case DAX -> DaxMetrics.specs(r);
        case LAMBDA -> LambdaMetrics.specs(r);
        case ALB, NLB -> LoadBalancerMetrics.specs(r);
        case SAGEMAKER -> List.<MetricSpec>of();
      });
      sloScope(snapshot, r).ifPresent(s -> specs.addAll(SloMetrics.specs(s.blueprint(), s.environment())));
      return specs;
    };
  }

  /** The blueprint and environment whose SLO metrics describe a resource's service. */
  record SloScope(String blueprint, String environment) {}

  Set<String> BLUEPRINTS = Set.of("trading", "saas", "staging");
  Pattern TAP_NAME = Pattern.compile("^tap-([a-z][a-z0-9-]{0,11}?)-(?:trading|saas|staging|trades|orders|positions|tenants|users|audit-logs|dax)\\b.*");

  /**
   * The snapshot's blueprint (when it names exactly one) and the resource's environment: its
   * {@code Environment} tag, else the suffix in its physical name ({@code tap-<suffix>-...}).
   */
  static Optional<SloScope> sloScope(Snapshot snapshot, Resource r) {
    String blueprint = snapshot.blueprint();
    if (blueprint == null || !BLUEPRINTS.contains(blueprint)) return Optional.empty();
    String env = r.tags().get("Environment");
    if (env == null) {
      Matcher m = TAP_NAME.matcher(r.id());
      if (m.matches()) env = m.group(1);
    }
    return env == null ? Optional.empty() : Optional.of(new SloScope(blueprint, env));
  }
}
