package dev.tap.optimizer.aws;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.ActionRegistry;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.family.asg.AsgActions;
import dev.tap.optimizer.family.aurora.AuroraActions;
import dev.tap.optimizer.family.dynamodb.DynamoDbActions;
import dev.tap.optimizer.family.lambda.LambdaActions;
import dev.tap.optimizer.inventory.Resource;
import dev.tap.optimizer.plan.ActionKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The action kinds TAP carries out on AWS, each through its family's SDK adapter. */
final class AwsActionAdapters {
  private AwsActionAdapters() {}

  static ActionRegistry registry(AwsClients aws) {
    return new ActionRegistry(List.of(
        only(new AuroraActions(new AwsAuroraApi(aws)), EnumSet.of(ActionKind.DB_INSTANCE_CLASS, ActionKind.DB_REMOVE_READER, ActionKind.DB_BACKUP_RETENTION)),
        new AsgActions(new AwsAsgApi(aws)),
        new DynamoDbActions(new AwsDynamoDbApi(aws)),
        new LambdaActions(new AwsLambdaApi(aws)),
        AwsSageMakerActions.create(aws)));
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
