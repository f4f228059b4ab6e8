package dev.tap.blueprints.shared;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkTargetGroup;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * Alarms on the AWS metrics of a blueprint's resources (the SLO alarms of {@link Observability} watch
 * the application's own {@code TAP/SLO} metrics), into the blueprint's alarm topic.
 *
 * <p>Missing data, by kind of metric:
 * <ul>
 *   <li>a <b>gauge</b> (CPU, connections, response time, unhealthy hosts) is published every period while
 *   the resource lives: a gap keeps the alarm's state ({@code missing}) and, after the evaluation
 *   window, turns it INSUFFICIENT_DATA, which is notified too: a resource that stops reporting is news;
 *   <li>an <b>event count</b> (evictions, throttles, errors) is absent or 0 when nothing happened: no
 *   data is not breaching.
 * </ul>
 */
public final class InfrastructureAlarms extends Construct {
  /** CPU above which a database, cache or DAX node is running out of headroom. */
  public static final double CPU_PERCENT = 80;
  /** The saas seed's ALB target response time limit, in seconds. */
  public static final double TARGET_RESPONSE_SECONDS = 2;
  /** A CloudWatch alarm's math expression takes at most 10 metrics. */
  static final int MAX_METRICS_PER_ALARM = 10;

  private static final Duration FIVE_MINUTES = Duration.minutes(5);
  private static final Duration MINUTE = Duration.minutes(1);

  private final Names names;
  private final ITopic topic;
  private final List<Alarm> alarms = new ArrayList<>();

  public InfrastructureAlarms(Construct scope, String id, Names names, ITopic topic) {
    super(scope, id);
    this.names = names;
    this.topic = topic;
  }

  /** Aurora cluster CPU above 80 % for two 5-minute periods. */
  public void auroraCpu(String clusterId) {
    gauge("aurora-cpu", metric("AWS/RDS", "CPUUtilization", Map.of("DBClusterIdentifier", clusterId), "Maximum", FIVE_MINUTES),
        CPU_PERCENT, 2, "Aurora " + clusterId + " CPU above " + CPU_PERCENT + " % for 10 minutes");
  }

  /** Aurora connections above {@code limit} in a 5-minute period (the saas seed: 8,000). */
  public void auroraConnections(String clusterId, int limit) {
    gauge("aurora-connections", metric("AWS/RDS", "DatabaseConnections", Map.of("DBClusterIdentifier", clusterId), "Maximum", FIVE_MINUTES),
        limit, 1, "Aurora " + clusterId + " connections above " + limit);
  }

  /** RDS instance CPU above 80 % for two 5-minute periods; the alarm is {@code <blueprint prefix>-<label>-cpu}. */
  public void rdsCpu(String label, String instanceId) {
    gauge(label + "-cpu",
        metric("AWS/RDS", "CPUUtilization", Map.of("DBInstanceIdentifier", instanceId), "Maximum", FIVE_MINUTES),
        CPU_PERCENT, 2, "RDS " + instanceId + " CPU above " + CPU_PERCENT + " % for 10 minutes");
  }

  /**
   * Per shard: the busiest node's engine CPU above 80 % for two 5-minute periods, and evictions in three
   * consecutive 5-minute periods (a sustained memory shortfall, not a blip). By CacheClusterId, the only
   * dimension ElastiCache publishes these host metrics under.
   */
  public void redis(RedisCluster redis) {
    List<List<String>> shards = redis.memberClusterIds();
    for (int s = 0; s < shards.size(); s++) {
      List<String> nodes = shards.get(s);
      String shard = String.format("%04d", s + 1);
      gauge("redis-" + shard + "-cpu", combined("MAX", nodes, "EngineCPUUtilization", "Maximum"), CPU_PERCENT, 2,
          "Redis " + redis.groupId() + " shard " + shard + ": a node's engine CPU above " + CPU_PERCENT + " % for 10 minutes");
      events("redis-" + shard + "-evictions", combined("SUM", nodes, "Evictions", "Sum"), 0, 3,
          "Redis " + redis.groupId() + " shard " + shard + " evicting keys for 15 minutes");
    }
  }

  /** Read or write throttle events on a table in two consecutive 5-minute periods. */
  public void dynamoThrottles(DynamoTables tables) {
    tables.tables().forEach((key, table) -> {
      String name = names.unscoped(Names.kebab(key));
      Map<String, IMetric> using = new LinkedHashMap<>();
      using.put("r", metric("AWS/DynamoDB", "ReadThrottleEvents", Map.of("TableName", name), "Sum", FIVE_MINUTES));
      using.put("w", metric("AWS/DynamoDB", "WriteThrottleEvents", Map.of("TableName", name), "Sum", FIVE_MINUTES));
      events(Names.kebab(key) + "-throttles", MathExpression.Builder.create().expression("r + w").usingMetrics(using)
          .label(name + " throttle events").period(FIVE_MINUTES).build(), 0, 2, "DynamoDB " + name + " throttled for 10 minutes");
    });
  }

  /** DAX node CPU above 80 % for two 5-minute periods. */
  public void daxCpu(String clusterName) {
    gauge("dax-cpu", metric("AWS/DAX", "CPUUtilization", Map.of("ClusterId", clusterName), "Maximum", FIVE_MINUTES), CPU_PERCENT, 2,
        "DAX " + clusterName + " CPU above " + CPU_PERCENT + " % for 10 minutes");
  }

  /**
   * A SageMaker endpoint variant: p95 ModelLatency (published in microseconds) above the objective for
   * two 5-minute periods, and any 5XX error in a 5-minute period.
   */
  public void sagemakerEndpoint(String endpointName, String variant, int latencyP95Ms) {
    Map<String, String> dims = Map.of("EndpointName", endpointName, "VariantName", variant);
    gauge("endpoint-latency-p95", metric("AWS/SageMaker", "ModelLatency", dims, "p95", FIVE_MINUTES), latencyP95Ms * 1000.0, 2,
        "SageMaker " + endpointName + " p95 model latency above " + latencyP95Ms + " ms for 10 minutes");
    events("endpoint-5xx", metric("AWS/SageMaker", "Invocation5XXErrors", dims, "Sum", FIVE_MINUTES), 0, 1,
        "SageMaker " + endpointName + " returned 5XX errors");
  }

  /** Any error or throttle of a function in a 5-minute period. */
  public void lambda(LambdaFleet functions) {
    List<String> fns = functions.functionNames();
    for (int i = 0; i < fns.size(); i++) {
      String fn = fns.get(i);
      events("fn-" + (i + 1) + "-errors", metric("AWS/Lambda", "Errors", Map.of("FunctionName", fn), "Sum", FIVE_MINUTES), 0, 1,
          "Lambda " + fn + " returned errors");
      events("fn-" + (i + 1) + "-throttles", metric("AWS/Lambda", "Throttles", Map.of("FunctionName", fn), "Sum", FIVE_MINUTES), 0, 1,
          "Lambda " + fn + " was throttled (reserved concurrency reached)");
    }
  }

  /**
   * Fewer in-service instances than desired for 10 minutes (1-minute group metrics): instances failing
   * their health checks and not being replaced, or launches failing (capacity, quota).
   */
  public void fleetUnhealthy(String asgName) {
    Map<String, IMetric> using = new LinkedHashMap<>();
    using.put("desired", metric("AWS/AutoScaling", "GroupDesiredCapacity", Map.of("AutoScalingGroupName", asgName), "Minimum", MINUTE));
    using.put("inService", metric("AWS/AutoScaling", "GroupInServiceInstances", Map.of("AutoScalingGroupName", asgName), "Minimum", MINUTE));
    gauge("asg-unhealthy", MathExpression.Builder.create().expression("desired - inService").usingMetrics(using)
        .label(asgName + " instances missing").period(MINUTE).build(), 0, 10, "Auto Scaling group " + asgName + " below its desired capacity for 10 minutes");
  }

  /**
   * A state machine's failed, timed-out or aborted executions (the control plane: a night that failed
   * beyond its tolerated failures), counted per hour.
   */
  public void stateMachineFailures(String label, String stateMachineArn) {
    Map<String, IMetric> using = new LinkedHashMap<>();
    for (String name : List.of("ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted")) {
      using.put(name.substring("Executions".length()).toLowerCase(java.util.Locale.ROOT),
          metric("AWS/States", name, Map.of("StateMachineArn", stateMachineArn), "Sum", Duration.hours(1)));
    }
    events(label + "-failed", MathExpression.Builder.create().expression("failed + timedout + aborted").usingMetrics(using)
        .label(label + " executions failed, timed out or aborted").period(Duration.hours(1)).build(), 0, 1,
        "State machine " + label + ": an execution failed, timed out or was aborted in the hour");
  }

  /** ALB: average target response time above 2 s for two 5-minute periods, and unhealthy targets per group for 5 minutes. */
  public void applicationLoadBalancer(AppLoadBalancer alb) {
    gauge("alb-response-time", alb.loadBalancer().getMetrics().targetResponseTime(
            MetricOptions.builder().statistic("Average").period(FIVE_MINUTES).build()),
        TARGET_RESPONSE_SECONDS, 2, "ALB target response time above " + TARGET_RESPONSE_SECONDS + " s for 10 minutes");
    alb.targetGroups().forEach((route, group) -> unhealthyTargets(route, group.getMetrics().unhealthyHostCount(
        MetricOptions.builder().statistic("Maximum").period(MINUTE).build())));
  }

  /** NLB: unhealthy targets for 5 minutes. */
  public void networkLoadBalancer(NetworkTargetGroup group) {
    unhealthyTargets("nlb", group.getMetrics().unHealthyHostCount(
        MetricOptions.builder().statistic("Maximum").period(MINUTE).build()));
  }

  private void unhealthyTargets(String route, IMetric metric) {
    gauge(route + "-unhealthy-targets", metric, 0, 5, "unhealthy " + route + " targets for 5 minutes");
  }

  /** The alarms, in creation order. */
  public List<Alarm> alarms() {
    return List.copyOf(alarms);
  }

  private Alarm gauge(String name, IMetric metric, double threshold, int periods, String what) {
    Alarm a = alarm(name, metric, threshold, periods, TreatMissingData.MISSING, what + " (no data: INSUFFICIENT_DATA, notified)");
    a.addInsufficientDataAction(new SnsAction(topic));
    return a;
  }

  private Alarm events(String name, IMetric metric, double threshold, int periods, String what) {
    return alarm(name, metric, threshold, periods, TreatMissingData.NOT_BREACHING, what + " (no data: none happened)");
  }

  private Alarm alarm(String name, IMetric metric, double threshold, int periods, TreatMissingData missing, String description) {
    Alarm a = Alarm.Builder.create(this, Names.pascal(name))
        .alarmName(names.of(name))
        .alarmDescription(description)
        .metric(metric)
        .threshold(threshold)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
        .evaluationPeriods(periods)
        .datapointsToAlarm(periods)
        .treatMissingData(missing)
        .build();
    a.addAlarmAction(new SnsAction(topic));
    a.addOkAction(new SnsAction(topic));
    alarms.add(a);
    return a;
  }

  /** {@code fn} (MAX or SUM) of one metric over up to 10 member clusters. */
  private static IMetric combined(String fn, List<String> cacheClusterIds, String metricName, String statistic) {
    if (cacheClusterIds.size() > MAX_METRICS_PER_ALARM) {
      throw new IllegalArgumentException("an alarm expression takes at most " + MAX_METRICS_PER_ALARM + " metrics, got " + cacheClusterIds.size());
    }
    Map<String, IMetric> using = new LinkedHashMap<>();
    for (int i = 0; i < cacheClusterIds.size(); i++) {
      using.put("n" + i, metric("AWS/ElastiCache", metricName, Map.of("CacheClusterId", cacheClusterIds.get(i)), statistic, FIVE_MINUTES));
    }
    return MathExpression.Builder.create().expression(fn + "([" + String.join(",", using.keySet()) + "])").usingMetrics(using)
        .label(fn + " " + metricName).period(FIVE_MINUTES).build();
  }

  static Metric metric(String namespace, String name, Map<String, String> dimensions, String statistic, Duration period) {
    return Metric.Builder.create().namespace(namespace).metricName(name).dimensionsMap(dimensions).statistic(statistic).period(period).build();
  }
}
