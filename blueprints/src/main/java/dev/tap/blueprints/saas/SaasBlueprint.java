package dev.tap.blueprints.saas;

import dev.tap.blueprints.Blueprint;
import dev.tap.blueprints.shared.AppLoadBalancer;
import dev.tap.blueprints.shared.AuroraCluster;
import dev.tap.blueprints.shared.AutoScaledFleet;
import dev.tap.blueprints.shared.BlueprintContext;
import dev.tap.blueprints.shared.DynamoTables;
import dev.tap.blueprints.shared.EncryptionKey;
import dev.tap.blueprints.shared.InfrastructureAlarms;
import dev.tap.blueprints.shared.Nag;
import dev.tap.blueprints.shared.Names;
import dev.tap.blueprints.shared.Network;
import dev.tap.blueprints.shared.Observability;
import dev.tap.blueprints.shared.RedisCluster;
import dev.tap.blueprints.shared.StackOutputs;
import dev.tap.blueprints.shared.TapStacks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.rds.AuroraMysqlClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraMysqlEngineVersion;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.IClusterEngine;
import software.amazon.awscdk.services.rds.PerformanceInsightRetention;

/**
 * The multi-tenant SaaS platform (SPEC S1-S7): stack {@code Tap-saas-<suffix>} in the primary region
 * (us-east-1 by default) and {@code Tap-saas-<suffix>-<region>} per secondary region of the Aurora
 * MySQL global database (us-west-2 and eu-west-1 by default).
 */
public final class SaasBlueprint implements Blueprint {
  public static final String NAME = "saas";

  /** Aurora MySQL 3.04 is the long-term-support line of MySQL 8.0; every region runs the same version. */
  static final IClusterEngine ENGINE = DatabaseClusterEngine.auroraMysql(
      AuroraMysqlClusterEngineProps.builder().version(AuroraMysqlEngineVersion.VER_3_04_6).build());

  /** S2's log exports; the parameters below switch the matching logs on. */
  static final List<String> LOG_EXPORTS = List.of("error", "general", "slowquery");

  /** TLS-only connections, and the slow-query and general logs that the exports ship. */
  static final Map<String, String> CLUSTER_PARAMETERS = Map.of(
      "require_secure_transport", "ON",
      "slow_query_log", "1",
      "long_query_time", "1",
      "general_log", "1",
      "character_set_server", "utf8mb4",
      "collation_server", "utf8mb4_0900_ai_ci");

  /** What the instances serve, one target group each (S4); paths no rule claims go to the API. */
  static final List<AppLoadBalancer.Route> ROUTES = List.of(
      new AppLoadBalancer.Route("api", 8080, List.of("/api/*"), "/health"),
      new AppLoadBalancer.Route("admin", 8081, List.of("/admin/*"), "/admin/health"),
      new AppLoadBalancer.Route("metrics", 8082, List.of("/metrics", "/metrics/*"), "/metrics"));

  /**
   * The SLO alarms: the saas service's p95 objective (200 ms, as the optimizer's saas policy
   * says; SPEC fixes 15 ms for trading only), error rate 1 % and queue depth 1,000 as in O3.
   */
  static final Observability.Slo SLO = new Observability.Slo(200, 1, 1000);

  /** The database user the fleet signs in as with IAM authentication. */
  static final String APP_DB_USER = "tap_app";

  /** The saas seed's connection alarm. */
  static final int AURORA_CONNECTIONS_ALARM = 8000;

  @Override
  public List<Stack> define(App app, BlueprintContext ctx) {
    SaasConfig c = SaasConfig.from(ctx);
    Names names = new Names(c.suffix(), NAME);
    List<Stack> stacks = new ArrayList<>();
    Stack primary = primary(TapStacks.create(app, ctx, names, null, c.region(),
        "TAP multi-tenant SaaS platform (" + c.suffix() + "): SPEC S1-S7, primary region"), names, c);
    stacks.add(primary);
    for (SaasConfig.Secondary s : c.secondaries()) {
      Stack stack = TapStacks.create(app, ctx, names, s.region(), s.region(),
          "TAP multi-tenant SaaS platform (" + c.suffix() + "): Aurora global database secondary in " + s.region());
      secondary(stack, names, c, s);
      stack.addStackDependency(primary, "the primary stack creates the global cluster that this one joins");
      stacks.add(stack);
    }
    return List.copyOf(stacks);
  }

  private static Stack primary(Stack stack, Names names, SaasConfig c) {
    // production data outlives the stack
    RemovalPolicy keep = RemovalPolicy.RETAIN;

    // S1
    EncryptionKey kms = new EncryptionKey(stack, "Kms", names, keep);
    IKey key = kms.key();
    Network network = new Network(stack, "Network", new Network.Props(names, key, c.vpcCidr(), c.availabilityZones(), c.natGateways(), false, false, keep));

    // S5
    DynamoTables tables = new DynamoTables(stack, "Tables", new DynamoTables.Props(names, key, SaasTables.SPECS, null, "Sensitive", keep));

    // S3
    AutoScaledFleet fleet = new AutoScaledFleet(stack, "Fleet", new AutoScaledFleet.Props(names, network.vpc(), network.privateSubnets(), key,
        c.asgInstanceType(), c.asgCapacity(), new AutoScaledFleet.Volume(EbsDeviceVolumeType.GP3, 100, null), null,
        AutoScaledFleet.HealthCheck.ELB, List.of(), fleetStatements(tables, key), Observability.appLogGroupName(names)));

    // S4
    AppLoadBalancer alb = new AppLoadBalancer(stack, "LoadBalancer", new AppLoadBalancer.Props(names, network.vpc(), true, c.certificateArn(),
        ROUTES, "api", Duration.seconds(c.drainingSeconds()), Duration.seconds(c.idleTimeoutSeconds()), true, keep));
    alb.addTarget(fleet.group());

    // S2
    AuroraCluster aurora = new AuroraCluster(stack, "Aurora", auroraProps(names, network, key, c.auroraClass(), c.auroraReaders(),
        c.availabilityZones(), c.auroraBackupDays(), AuroraCluster.GlobalRole.PRIMARY, List.of(fleet.securityGroup())));
    suppressAuroraFindings(aurora);

    // S6
    RedisCluster redis = new RedisCluster(stack, "Redis", new RedisCluster.Props(names, network.vpc(), network.isolatedSubnets(), key,
        c.redisNodeType(), c.redisShards(), c.redisReplicas(), false, "7.1", 7, List.of(fleet.securityGroup()), keep));

    // S3: the fleet signs in to Aurora with IAM authentication (user tap_app); only the rotation
    // function reads the master secret. The Redis AUTH token is the fleet's own secret.
    aurora.cluster().grantConnect(fleet.role(), APP_DB_USER);
    redis.authSecret().grantRead(fleet.role());
    Nag.suppressTableGrantWildcards(fleet.role());
    Nag.suppressMatching(fleet.role(), "AwsSolutions-IAM5", "^Resource::\\*$",
        "Read-only ElastiCache describe actions: called without an identifier (how clients discover the group's nodes after a reshard) they"
            + " list every group and cluster of the region, which only * authorizes.");

    Observability obs = new Observability(stack, "Observability", new Observability.Props(names, key, SLO,
        widgets(names, alb, aurora, redis), null, 0.05, keep));
    InfrastructureAlarms alarms = new InfrastructureAlarms(stack, "Alarms", names, obs.alarmTopic());
    alarms.auroraCpu(names.of("aurora"));
    alarms.auroraConnections(names.of("aurora"), AURORA_CONNECTIONS_ALARM);
    alarms.applicationLoadBalancer(alb);
    alarms.redis(redis);
    alarms.dynamoThrottles(tables);
    alarms.fleetUnhealthy(names.of("asg"));

    // S7
    StackOutputs o = new StackOutputs(stack, names);
    network.addOutputs(o);
    kms.addOutputs(o);
    aurora.addOutputs(o);
    fleet.addOutputs(o);
    alb.addOutputs(o);
    tables.addOutputs(o);
    redis.addOutputs(o);
    obs.addOutputs(o);
    return stack;
  }

  /**
   * A secondary region (S2): its own VPC and KMS key (an encrypted secondary needs a key of its region)
   * and a read-only cluster that joins the global cluster. No application tier yet: a region gets
   * clients when it is promoted.
   */
  private static void secondary(Stack stack, Names names, SaasConfig c, SaasConfig.Secondary s) {
    RemovalPolicy keep = RemovalPolicy.RETAIN;
    IKey key = new EncryptionKey(stack, "Kms", names, keep).key();
    Network network = new Network(stack, "Network", new Network.Props(names, key, s.vpcCidr(), s.availabilityZones(), s.natGateways(), false, false, keep));
    AuroraCluster aurora = new AuroraCluster(stack, "Aurora", auroraProps(names, network, key, c.auroraClass(), c.secondaryReaders(),
        s.availabilityZones(), c.auroraBackupDays(), AuroraCluster.GlobalRole.SECONDARY, List.of()));
    suppressAuroraFindings(aurora);
    StackOutputs o = new StackOutputs(stack, names);
    aurora.addSecondaryOutputs(o);
  }

  private static void suppressAuroraFindings(AuroraCluster aurora) {
    Nag.suppress(aurora.cluster(), "AwsSolutions-RDS14",
        "Aurora global databases do not support Backtrack; point-in-time restore and the 30-day backups cover recovery.");
    Nag.suppress(aurora.cluster(), "AwsSolutions-RDS11",
        "The standard MySQL port: the application's drivers expect it, and only the fleet's security group may reach it.");
  }

  /** S2's settings, the same in every region: only the global role, the readers and the zones differ. */
  private static AuroraCluster.Props auroraProps(Names names, Network network, IKey key, String instanceClass, int readers, List<String> azs,
      int backupDays, AuroraCluster.GlobalRole role, List<ISecurityGroup> clients) {
    return new AuroraCluster.Props(names, network.vpc(), network.isolatedSubnets(), key, ENGINE, instanceClass, readers, azs, backupDays,
        PerformanceInsightRetention.LONG_TERM, Duration.seconds(30), true, LOG_EXPORTS, CLUSTER_PARAMETERS, role, globalClusterId(names),
        clients, RemovalPolicy.RETAIN);
  }

  /** {@code tap-{suffix}-saas-global} (docs/outputs.md). */
  static String globalClusterId(Names names) {
    return names.of("global");
  }

  /** S3's instance role beyond the secrets: the tables and their indexes, ElastiCache describe, KMS decrypt. */
  private static List<PolicyStatement> fleetStatements(DynamoTables tables, IKey key) {
    return List.of(
        PolicyStatement.Builder.create()
            .actions(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:PutItem",
                "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"))
            .resources(tables.tableAndIndexArns())
            .build(),
        PolicyStatement.Builder.create()
            .actions(List.of("elasticache:DescribeReplicationGroups", "elasticache:DescribeCacheClusters"))
            // the list form (no identifier) of these calls needs *
            .resources(List.of("*"))
            .build(),
        PolicyStatement.Builder.create()
            .actions(List.of("kms:Decrypt", "kms:DescribeKey"))
            .resources(List.of(key.getKeyArn()))
            .build());
  }

  private static List<IWidget> widgets(Names names, AppLoadBalancer alb, AuroraCluster aurora, RedisCluster redis) {
    String lb = alb.loadBalancer().getLoadBalancerFullName();
    List<IWidget> widgets = new ArrayList<>(List.of(
        graph("ALB requests and target 5xx", metric("AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb, "Sum"),
            metric("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", lb, "Sum")),
        graph("ALB target response time p95 (s)", metric("AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", lb, "p95")),
        graph("Fleet CPU p95 (%)", metric("AWS/EC2", "CPUUtilization", "AutoScalingGroupName", names.of("asg"), "p95")),
        graph("Aurora CPU (%)", metric("AWS/RDS", "CPUUtilization", "DBClusterIdentifier", aurora.cluster().getClusterIdentifier(), "Maximum")),
        graph("Aurora replica lag (ms)", metric("AWS/RDS", "AuroraReplicaLag", "DBClusterIdentifier", aurora.cluster().getClusterIdentifier(), "Maximum"))));
    widgets.addAll(redis.engineCpuWidgets());
    return widgets;
  }

  private static GraphWidget graph(String title, Metric... metrics) {
    return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(8).build();
  }

  private static Metric metric(String namespace, String name, String dimension, String value, String statistic) {
    return Metric.Builder.create().namespace(namespace).metricName(name).dimensionsMap(Map.of(dimension, value))
        .statistic(statistic).period(Duration.minutes(1)).build();
  }
}
