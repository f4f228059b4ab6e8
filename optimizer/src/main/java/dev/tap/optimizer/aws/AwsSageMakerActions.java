package dev.tap.optimizer.aws;

import dev.tap.optimizer.family.sagemaker.RolloutGates;
import dev.tap.optimizer.family.sagemaker.Sleeper;
import java.time.Clock;
import java.time.Duration;

/** Wires {@link AwsEndpointActions} to the SDK adapters: SageMaker, Application Auto Scaling, CloudWatch alarms and metrics. */
final class AwsSageMakerActions {
  private AwsSageMakerActions() {}

  /** The longest TAP waits for one endpoint update: SageMaker's blue/green limit (4 h) plus instance start-up. */
  static final Duration MAX_UPDATE = Duration.ofHours(5);

  static AwsEndpointActions create(AwsClients aws) {
    return new AwsEndpointActions(new AwsSageMaker(aws), new AwsSageMakerAutoscaling(aws), new AwsSageMakerAlarms(aws),
        region -> new AwsCloudWatch(aws, region), RolloutGates.defaults(), Clock.systemUTC(), Sleeper.real(), MAX_UPDATE);
  }
}
