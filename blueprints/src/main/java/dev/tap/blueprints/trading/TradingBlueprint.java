package dev.tap.blueprints.trading;

import dev.tap.blueprints.Blueprint;
import dev.tap.blueprints.shared.AuroraCluster;
import dev.tap.blueprints.shared.AutoScaledFleet;
import dev.tap.blueprints.shared.BackupPlan;
import dev.tap.blueprints.shared.BlueprintContext;
import dev.tap.blueprints.shared.Capacity;
import dev.tap.blueprints.shared.DynamoTables;
import dev.tap.blueprints.shared.DynamoTables.Index;
import dev.tap.blueprints.shared.DynamoTables.TableSpec;
import dev.tap.blueprints.shared.EncryptionKey;
import dev.tap.blueprints.shared.InfrastructureAlarms;
import dev.tap.blueprints.shared.Nag;
import dev.tap.blueprints.shared.Names;
import dev.tap.blueprints.shared.Network;
import dev.tap.blueprints.shared.Observability;
import dev.tap.blueprints.shared.RedisCluster;
import dev.tap.blueprints.shared.StackOutputs;
import dev.tap.blueprints.shared.Tagging;
import dev.tap.blueprints.shared.TapStacks;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.backup.BackupResource;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.PlacementGroupStrategy;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.PerformanceInsightRetention;

/**
 * The low-latency trading platform (SPEC T1-T9), one stack {@code Tap-trading-<suffix>} in us-east-1
 * by default. Every number a user would change is a context key with the SPEC's value as default.
 */
public final class TradingBlueprint implements Blueprint {
  public static final String NAME = "trading";

  /** Context keys of this blueprint (documented in docs/blueprints.md). */
  public static final String REGION = "trading.region", AZS = "trading.azs", VPC_CIDR = "trading.vpcCidr",
      AURORA_CLASS = "trading.aurora.instanceClass", AURORA_READERS = "trading.aurora.readers",
      AURORA_BACKUP_DAYS = "trading.aurora.backupRetentionDays", ASG_TYPE = "trading.asg.instanceType", ASG = "trading.asg",
      ASG_IOPS = "trading.asg.iops", ASG_VOLUME_GIB = "trading.asg.volumeGiB", REDIS_TYPE = "trading.redis.nodeType",
      REDIS_SHARDS = "trading.redis.shards", REDIS_REPLICAS = "trading.redis.replicas", DDB_READ = "trading.dynamodb.readUnits",
      DDB_WRITE = "trading.dynamodb.writeUnits", DAX_TYPE = "trading.dax.nodeType", DAX_NODES = "trading.dax.nodes",
      VPN_PEER_IP = "trading.vpn.peerIp", VPN_PEER_CIDR = "trading.vpn.peerCidr", ML_REGION = "trading.mlRegion",
      NAT_GATEWAYS = "trading.natGateways";

  /** The order-latency query of T8: p50/p95/p99 per minute from the application's structured log. */
  static final String ORDER_LATENCY_QUERY = """
      fields @timestamp, latencyMs
      | filter event = "order"
      | stats pct(latencyMs, 50) as p50, pct(latencyMs, 95) as p95, pct(latencyMs, 99) as p99 by bin(1m)""";

  /** The trading tables of T5, 3 GSIs each (keys as the order flow reads them). */
  static final List<TableSpec> TABLES = List.of(
      new TableSpec("trades", "tradeId", "executedAt", List.of(
          new Index("by-symbol", "symbol", "executedAt"), new Index("by-account", "accountId", "executedAt"), new Index("by-order", "orderId", "executedAt"))),
      new TableSpec("orders", "orderId", null, List.of(
          new Index("by-account", "accountId", "createdAt"), new Index("by-symbol", "symbol", "createdAt"), new Index("by-status", "status", "createdAt"))),
      new TableSpec("positions", "accountId", "symbol", List.of(
          new Index("by-symbol", "symbol", "accountId"), new Index("by-strategy", "strategyId", "symbol"), new Index("by-book", "bookId", "updatedAt"))));

  @Override
  public List<Stack> define(App app, BlueprintContext ctx) {
    Names names = new Names(ctx.suffix(), NAME);
    String region = ctx.region(REGION, "us-east-1");
    List<String> azs = ctx.availabilityZones(AZS, region, List.of(region + "a", region + "b", region + "c"));
    Capacity capacity = ctx.capacity(ASG, new Capacity(15, 20, 30), 1000);
    String mlRegion = ctx.region(ML_REGION, "us-west-2");

    Stack stack = TapStacks.create(app, ctx, names, null, region, "TAP trading platform (" + names.suffix() + "): SPEC T1-T9");
    RemovalPolicy retain = RemovalPolicy.RETAIN;
    StackOutputs outputs = new StackOutputs(stack, names);

    // T1
    EncryptionKey key = new EncryptionKey(stack, "Kms", names, retain);
    Network network = new Network(stack, "Network",
        new Network.Props(names, key.key(), ctx.cidr(VPC_CIDR, "10.10.0.0/16"), azs,
        // T1: a NAT gateway per zone (3 Elastic IPs with the default zones)
        ctx.integer(NAT_GATEWAYS, azs.size(), 1, azs.size()), true, true, retain));

    // T3
    AutoScaledFleet fleet = new AutoScaledFleet(stack, "Fleet", new AutoScaledFleet.Props(names, network.vpc(), network.privateSubnets(), key.key(),
        ctx.instanceClass(ASG_TYPE, "", "c6i.8xlarge"), capacity,
        new AutoScaledFleet.Volume(EbsDeviceVolumeType.IO2, ctx.integer(ASG_VOLUME_GIB, 200, 20, 16384), ctx.integer(ASG_IOPS, 10_000, 100, 256_000)),
        // A cluster placement group lives in one AZ and cannot hold a group spread over three; a
        // partition group can span AZs and still keeps each partition on its own racks.
        new AutoScaledFleet.Placement(PlacementGroupStrategy.PARTITION, azs.size()),
        AutoScaledFleet.HealthCheck.EC2, List.of(), List.of(), Observability.appLogGroupName(names)));

    // T2
    AuroraCluster aurora = new AuroraCluster(stack, "Aurora", new AuroraCluster.Props(names, network.vpc(), network.isolatedSubnets(), key.key(),
        DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder().version(AuroraPostgresEngineVersion.VER_16_6).build()),
        ctx.instanceClass(AURORA_CLASS, "db.", "db.r6g.8xlarge"), ctx.integer(AURORA_READERS, 4, 0, 15), azs,
        ctx.integer(AURORA_BACKUP_DAYS, 35, 1, 35), PerformanceInsightRetention.DEFAULT, Duration.seconds(15), true,
        List.of("postgresql"),
        // TLS in transit is enforced, not only offered; statements slower than 100 ms are logged
        Map.of("rds.force_ssl", "1", "log_min_duration_statement", "100"), AuroraCluster.GlobalRole.NONE, null,
        List.of(fleet.securityGroup()), retain));

    // T4
    // Data tiering is only offered on r6gd nodes (their NVMe SSDs hold the cold keys): the request's
    // cache.r6g.8xlarge cannot tier, so the node type is cache.r6gd.8xlarge.
    RedisCluster redis = new RedisCluster(stack, "Redis", new RedisCluster.Props(names, network.vpc(), network.isolatedSubnets(), key.key(),
        ctx.instanceClass(REDIS_TYPE, "cache.", "cache.r6gd.8xlarge"), ctx.integer(REDIS_SHARDS, 15, 1, 500), ctx.integer(REDIS_REPLICAS, 2, 1, 5),
        true, "7.1", 7, List.of(fleet.securityGroup()), retain));

    // T5
    DynamoTables tables = new DynamoTables(stack, "Tables", new DynamoTables.Props(names, key.key(), TABLES,
        new DynamoTables.Throughput(ctx.integer(DDB_READ, 1000, 1, 40_000), ctx.integer(DDB_WRITE, 1000, 1, 40_000)), "Confidential", retain));

    // T6
    DaxCluster dax = new DaxCluster(stack, "Dax", new DaxCluster.Props(names, network, azs, ctx.instanceClass(DAX_TYPE, "dax.", "dax.r4.8xlarge"),
        ctx.integer(DAX_NODES, 6, 1, 11), tables, fleet.securityGroup()));

    // "Automated 4-hour backups": Aurora's own backups are continuous (point in time), so an AWS
    // Backup plan adds a recovery point every 4 hours, kept as long as the cluster's backups.
    BackupPlan backup = new BackupPlan(stack, "Backup", new BackupPlan.Props(names, key.key(), "every-4-hours",
        CronOptions.builder().minute("0").hour("*/4").build(), 35,
        List.of(BackupResource.fromArn(aurora.clusterArn()),
            BackupResource.fromDynamoDbTable(tables.tables().get("trades")),
            BackupResource.fromDynamoDbTable(tables.tables().get("orders")),
            BackupResource.fromDynamoDbTable(tables.tables().get("positions"))), retain));

    // T7
    DataCenterLink vpn = new DataCenterLink(stack, "DataCenter", network.vpc(), ctx.ipv4(VPN_PEER_IP, "203.0.113.10"), ctx.cidr(VPN_PEER_CIDR, "172.16.0.0/16"));

    // the fleet's own access: the tables (and their indexes) directly and through DAX, the database by IAM
    tables.tables().values().forEach(t -> t.grantReadWriteData(fleet.role()));
    dax.grantAccess(fleet.role());
    aurora.cluster().grantConnect(fleet.role(), "tap_app");
    redis.authSecret().grantRead(fleet.role());
    Nag.suppressTableGrantWildcards(fleet.role());

    // T8
    Observability obs = new Observability(stack, "Observability", new Observability.Props(names, key.key(),
        new Observability.Slo(15, 1, 1000), widgets(names, aurora, redis, tables), new Observability.Query("order-latency", ORDER_LATENCY_QUERY),
        0.05, retain));

    InfrastructureAlarms alarms = new InfrastructureAlarms(stack, "Alarms", names, obs.alarmTopic());
    alarms.auroraCpu(names.of("aurora"));
    alarms.redis(redis);
    alarms.dynamoThrottles(tables);
    alarms.daxCpu(names.unscoped("dax"));
    alarms.fleetUnhealthy(names.of("asg"));

    // T9: the ML platform is analysed in its own region; the stack only names it.
    Tagging.add(stack, "MlRegion", mlRegion);

    network.addOutputs(outputs);
    key.addOutputs(outputs);
    aurora.addOutputs(outputs);
    backup.addOutputs(outputs);
    fleet.addOutputs(outputs);
    redis.addOutputs(outputs);
    tables.addOutputs(outputs);
    dax.addOutputs(outputs);
    outputs.add("VpnConnectionId", vpn.connectionId(), "Site-to-Site VPN connection (the simulated Direct Connect link)");
    obs.addOutputs(outputs);
    outputs.add("MlRegion", mlRegion, "Region of the ML inference platform (SPEC T9)");
    return List.of(stack);
  }

  private static List<IWidget> widgets(Names names, AuroraCluster aurora, RedisCluster redis, DynamoTables tables) {
    Duration minute = Duration.minutes(1);
    List<IWidget> widgets = new java.util.ArrayList<>(List.of(
        GraphWidget.Builder.create().title("Aurora CPU (%)").width(8)
            .left(List.of(aurora.cluster().metricCPUUtilization(software.amazon.awscdk.services.cloudwatch.MetricOptions.builder().period(minute).build()))).build(),
        GraphWidget.Builder.create().title("Fleet CPU (%)").width(8)
            .left(List.of(Metric.Builder.create().namespace("AWS/EC2").metricName("CPUUtilization")
                .dimensionsMap(Map.of("AutoScalingGroupName", names.of("asg"))).statistic("p95").period(minute).build())).build()));
    widgets.addAll(redis.engineCpuWidgets());
    widgets.addAll(List.of(
        GraphWidget.Builder.create().title("DynamoDB consumed read units").width(12)
            .left(tables.tables().values().stream().map(t -> t.metricConsumedReadCapacityUnits(
                software.amazon.awscdk.services.cloudwatch.MetricOptions.builder().period(minute).build())).map(m -> (software.amazon.awscdk.services.cloudwatch.IMetric) m).toList()).build(),
        GraphWidget.Builder.create().title("DAX CPU (%)").width(12)
            .left(List.of(Metric.Builder.create().namespace("AWS/DAX").metricName("CPUUtilization")
                .dimensionsMap(Map.of("ClusterId", names.unscoped("dax"))).statistic("Maximum").period(minute).build())).build()));
    return widgets;
  }
}
