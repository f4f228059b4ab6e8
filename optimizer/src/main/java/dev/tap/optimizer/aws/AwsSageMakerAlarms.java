package dev.tap.optimizer.aws;

import dev.tap.optimizer.family.sagemaker.EndpointMetrics;
import dev.tap.optimizer.family.sagemaker.RollbackAlarms;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * {@link RollbackAlarms} as two CloudWatch alarms per endpoint variant. ModelLatency is published in
 * microseconds, so the p95 threshold is converted; Invocation5XXErrors' Average is the share of
 * requests that failed. Missing data does not breach: a quiet minute is no reason to roll back.
 */
public final class AwsSageMakerAlarms implements RollbackAlarms {
  private final AwsClients aws;

  public AwsSageMakerAlarms(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public List<String> put(String region, String endpoint, String variant, double maxP95Ms, double maxErrorRate, int periodSeconds) {
    List<Dimension> dims = List.of(Dimension.builder().name("EndpointName").value(endpoint).build(),
        Dimension.builder().name("VariantName").value(variant).build());
    String latency = endpoint + "-tap-rollout-p95";
    String errors = endpoint + "-tap-rollout-5xx";
    aws.call("cloudwatch:PutMetricAlarm", region, () -> aws.cloudWatch(region).putMetricAlarm(b -> b.alarmName(latency)
        .alarmDescription("TAP rollout gate: p95 ModelLatency of " + endpoint + "/" + variant + " above " + maxP95Ms + " ms; SageMaker rolls the update back")
        .namespace(EndpointMetrics.NS_INVOCATIONS).metricName("ModelLatency").dimensions(dims).extendedStatistic("p95")
        .period(periodSeconds).evaluationPeriods(2).datapointsToAlarm(2).threshold(maxP95Ms * 1000)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).treatMissingData("notBreaching")));
    aws.call("cloudwatch:PutMetricAlarm", region, () -> aws.cloudWatch(region).putMetricAlarm(b -> b.alarmName(errors)
        .alarmDescription("TAP rollout gate: 5xx share of " + endpoint + "/" + variant + " above " + maxErrorRate + "; SageMaker rolls the update back")
        .namespace(EndpointMetrics.NS_INVOCATIONS).metricName("Invocation5XXErrors").dimensions(dims).statistic(Statistic.AVERAGE)
        .period(periodSeconds).evaluationPeriods(2).datapointsToAlarm(2).threshold(maxErrorRate)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).treatMissingData("notBreaching")));
    return List.of(latency, errors);
  }
}
