package dev.tap.optimizer.aws;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.ActionRegistry;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.family.asg.AsgActions;
import dev.tap.optimizer.family.aurora.AuroraActions;
import dev.tap.optimizer.family.dax.DaxActions;
import dev.tap.optimizer.family.dynamodb.DynamoDbActions;
import dev.tap.optimizer.family.lambda.LambdaActions;
import dev.tap.optimizer.family.rds.RdsActions;
import dev.tap.optimizer.family.redis.RedisActions;
import dev.tap.optimizer.inventory.Resource;
import dev.tap.optimizer.plan.ActionKind;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The action kinds TAP carries out on AWS, each through its family's SDK adapter. */
final class AwsActionAdapters {
  private AwsActionAdapters() {}

  static ActionRegistry registry(AwsClients aws) {
    return registry(aws, AwsPolling.real(Clock.systemUTC()));
  }

  /** {@code polling} waits for long changes (resharding, blue/green, a detached region) to settle; tests pass one that does not sleep. */
  static ActionRegistry registry(AwsClients aws, AwsPolling polling) {
    return new ActionRegistry(List.of(
        new AuroraActions(new AwsAuroraApi(aws, polling)),
        new RdsActions(new AwsRdsApi(aws, polling)),
        new RedisActions(new AwsRedisApi(aws, polling)),
        new AsgActions(new AwsAsgApi(aws)),
        new DynamoDbActions(new AwsDynamoDbApi(aws)),
        new LambdaActions(new AwsLambdaApi(aws)),
        new DaxActions(new AwsDaxApi(aws, polling))));
  }

  /** A family's actions limited to the kinds its AWS adapter implements. */
  static FamilyActions only(FamilyActions family, Set<ActionKind> kinds) {
    return new FamilyActions() {
      @Override
      public Set<ActionKind> kinds() {
        return kinds;
      }

      @Override
      public Resource read(String resourceId, String region) {
        return family.read(resourceId, region);
      }

      @Override
      public Optional<String> refusal(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
        return family.refusal(kind, current, target, context);
      }

      @Override
      public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
        return family.converge(kind, current, target, context);
      }
    };
  }
}
