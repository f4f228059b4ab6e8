package dev.tap.optimizer.aws;

import dev.tap.optimizer.exec.ActionRegistry;
import dev.tap.optimizer.family.asg.AsgActions;
import dev.tap.optimizer.family.aurora.AuroraActions;
import dev.tap.optimizer.family.dax.DaxActions;
import dev.tap.optimizer.family.dynamodb.DynamoDbActions;
import dev.tap.optimizer.family.ebs.EbsActions;
import dev.tap.optimizer.family.ec2.Ec2Actions;
import dev.tap.optimizer.family.lambda.LambdaActions;
import dev.tap.optimizer.family.rds.RdsActions;
import dev.tap.optimizer.family.redis.RedisActions;
import java.time.Clock;
import java.util.List;

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
        new Ec2Actions(new AwsEc2Api(aws, polling)),
        new DynamoDbActions(new AwsDynamoDbApi(aws)),
        new LambdaActions(new AwsLambdaApi(aws)),
        new DaxActions(new AwsDaxApi(aws, polling)),
        new EbsActions(new AwsEbsApi(aws, polling)),
        AwsSageMakerActions.create(aws)));
  }
}
