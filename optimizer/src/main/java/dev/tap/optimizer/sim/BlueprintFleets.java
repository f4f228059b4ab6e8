package dev.tap.optimizer.sim;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbApi;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.dynamodb.IndexCapacities;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.loadbalancer.LoadBalancerFamily;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleets of the three blueprints with the physical names of docs/outputs.md and the workloads
 * of SPEC's story: trading is sized far above its load (Aurora, the ASG, Redis, DAX and two of the
 * three tables idle most of the time) except the {@code positions} table, which runs hot and is
 * on the critical path; saas is moderately over-provisioned with a tenant-owned table; staging is
 * busy on weekday office hours only, with one hot Lambda function and a bursty ASG.
 */
final class BlueprintFleets {
  private BlueprintFleets() {}

  static final String RDS = "AWS/RDS";
  static final String EC2 = "AWS/EC2";
  static final String CACHE = "AWS/ElastiCache";
  static final String DDB = "AWS/DynamoDB";
  static final String DAX = "AWS/DAX";
  static final String LAMBDA = "AWS/Lambda";
  static final String ALB = "AWS/ApplicationELB";
  static final String NLB = "AWS/NetworkELB";
  static final String SLO = "TAP/SLO";
  static final double GIB = 1024.0 * 1024 * 1024;

  static void build(SimBlueprint b, FleetBuilder f, String env) {
    switch (b) {
      case TRADING -> trading(f, env);
      case SAAS -> saas(f, env);
      case STAGING -> staging(f, env);
    }
  }

  // ---------------------------------------------------------------- trading (us-east-1)

  static void trading(FleetBuilder f, String env) {
    String region = SimBlueprint.TRADING.region;
    String p = "tap-" + env;
    double session = 0.9;

    SimResource aurora = f.add(p + "-trading-aurora", AuroraFamily.AURORA, region, arn("rds", region, "cluster:" + p + "-trading-aurora"),
        map(ENGINE, "aurora-postgresql", INSTANCE_CLASS, "db.r6g.8xlarge", READERS, "4", READER_CLASS, "db.r6g.8xlarge", BACKUP_RETENTION_DAYS, "35",
            MULTI_AZ, "true", MEMBER_IDS, members(p + "-trading-aurora", 4)),
        FleetBuilder.tags(env));
    AuroraSeries auroraSeries = aurora(f, aurora, Workload.percent(11).withTrading(session), Workload.percent(5).withTrading(session),
        Workload.count(380).withTrading(session).withNoise(0.05, 0.08, 0.08), Workload.count(2600).withTrading(session), Workload.count(1400).withTrading(session), 96,
        3_000, 4_200);

    SimResource asg = f.add(p + "-trading-asg", AsgFamily.ASG, region, asgArn(region, p + "-trading-asg"),
        map(INSTANCE_TYPE, "c6i.8xlarge", MIN, "15", DESIRED, "20", MAX, "30", LAUNCH_TEMPLATE_ID, "lt-0a1b2c3d4e5f60001"), FleetBuilder.tags(env));
    BaseSeries asgCpu = asg(f, asg, Workload.percent(12).withTrading(1.1), 3.0e9, 2.2e9);

    SimResource redis = f.add(p + "-trading-redis", RedisFamily.REDIS, region, arn("elasticache", region, "replicationgroup:" + p + "-trading-redis"),
        map(ENGINE, "redis", NODE_TYPE, "cache.r6gd.8xlarge", SHARDS, "15", REPLICAS_PER_SHARD, "2", DATA_TIERING, "true", MULTI_AZ, "true"),
        FleetBuilder.tags(env));
    BaseSeries redisCpu = redis(f, redis, Workload.percent(7).withTrading(1.0), 18, 97.5, 150_000, 40_000);

    double[][] usage = {
      // read %, write %, of provisioned; queries per week per GSI
      {8, 11}, {12, 15}, {48, 36}
    };
    String[] tables = {"trades", "orders", "positions"};
    String[][] gsis = {{"by-symbol", "by-account", "by-order"}, {"by-account", "by-symbol", "by-status"}, {"by-symbol", "by-strategy", "by-book"}};
    double[][] gsiPerWeek = {{2_400_000, 310_000, 3}, {900_000, 1_200_000, 40}, {5_000_000, 800_000, 2_100_000}};
    int[] consumers = {1, 1, 0};
    for (int i = 0; i < tables.length; i++) {
      String name = p + "-" + tables[i];
      Map<String, String> tags = FleetBuilder.tags(env);
      if (tables[i].equals("positions")) tags.put("CriticalPath", "true");
      SimResource t = f.add(name, DynamoDbFamily.DYNAMODB, region, arn("dynamodb", region, "table/" + name),
          map(BILLING_MODE, "PROVISIONED", READ_CAPACITY, "1000", WRITE_CAPACITY, "1000", GSIS, String.join(",", sorted(gsis[i])),
              GSI_CAPACITY, indexCapacity(gsis[i], 100, 500), STREAM_ENABLED, "true",
              STREAM_VIEW_TYPE, "NEW_AND_OLD_IMAGES", STREAM_ARN, arn("dynamodb", region, "table/" + name + "/stream/2026-08-18T00:00:00.000"),
              STREAM_CONSUMERS, String.valueOf(consumers[i])),
          tags);
      table(f, t, Workload.count(usage[i][0] * 10 * 60).withTrading(i == 2 ? 1.2 : session), Workload.count(usage[i][1] * 10 * 60).withTrading(session),
          gsis[i], gsiPerWeek[i]);
    }

    SimResource dax = f.add(p + "-dax", DaxFamily.DAX, region, arn("dax", region, "cache/" + p + "-dax"),
        map(NODE_TYPE, "dax.r4.8xlarge", NODES, "6"), FleetBuilder.tags(env));
    BaseSeries daxCpu = f.base(dax, DAX, "CPUUtilization", Map.of("ClusterId", dax.id()), Workload.percent(5).withTrading(session),
        c -> 192 / Capacity.dax(c), 0);
    // requests beyond the nodes' capacity are throttled: none below 100 % CPU (no datapoint), the excess share above
    f.derived(dax, DAX, "ThrottledRequestCount", Map.of("ClusterId", dax.id()), List.of(daxCpu),
        (v, c, stat) -> v[0] > 100 ? 4.4e6 * (1 - 100 / v[0]) : Double.NaN, 0);
    f.base(dax, DAX, "ItemCacheHits", Map.of("ClusterId", dax.id()), Workload.count(4.2e6).withTrading(session), FleetBuilder::one, 0);
    f.base(dax, DAX, "ItemCacheMisses", Map.of("ClusterId", dax.id()), Workload.count(1.9e5).withTrading(session), FleetBuilder::one, 0);

    slo(f, asg, "trading", env, new QueueingModel(2.0, 1.0, 0.05, 40), List.of(asgCpu, auroraSeries.writerCpu, redisCpu, daxCpu));
  }

  // ---------------------------------------------------------------- saas (us-east-1, global database)

  static void saas(FleetBuilder f, String env) {
    String region = SimBlueprint.SAAS.region;
    String p = "tap-" + env;
    SimResource aurora = f.add(p + "-saas-aurora", AuroraFamily.AURORA, region, arn("rds", region, "cluster:" + p + "-saas-aurora"),
        map(ENGINE, "aurora-mysql", INSTANCE_CLASS, "db.r6g.4xlarge", READERS, "2", READER_CLASS, "db.r6g.4xlarge", BACKUP_RETENTION_DAYS, "30",
            MULTI_AZ, "true", MEMBER_IDS, members(p + "-saas-aurora", 2), GLOBAL_CLUSTER_ID, p + "-saas-global", SECONDARY_REGIONS, "us-west-2,eu-west-1",
            SECONDARY_CLUSTERS, "eu-west-1=" + p + "-saas-aurora,us-west-2=" + p + "-saas-aurora"),
        FleetBuilder.tags(env));
    // the secondaries (same identifier, other regions): us-west-2 is a pure DR standby, eu-west-1 serves EU tenants' reads
    secondaryReads(f, aurora, "us-west-2", Workload.flat(0.2, Double.POSITIVE_INFINITY).withNoise(0.1, 0.2, 0.2));
    secondaryReads(f, aurora, "eu-west-1", Workload.count(140));
    AuroraSeries au = aurora(f, aurora, Workload.percent(19), Workload.percent(8), Workload.count(240).withNoise(0.05, 0.08, 0.08), Workload.count(320), Workload.count(1450), 70, 1_200, 900);

    SimResource asg = f.add(p + "-saas-asg", AsgFamily.ASG, region, asgArn(region, p + "-saas-asg"),
        map(INSTANCE_TYPE, "m5.4xlarge", MIN, "12", DESIRED, "15", MAX, "25", LAUNCH_TEMPLATE_ID, "lt-0a1b2c3d4e5f60002"), FleetBuilder.tags(env));
    BaseSeries asgCpu = asg(f, asg, Workload.percent(18).withDiurnal(0.35, 16), 6.0e9, 8.0e9);

    SimResource redis = f.add(p + "-saas-redis", RedisFamily.REDIS, region, arn("elasticache", region, "replicationgroup:" + p + "-saas-redis"),
        map(ENGINE, "redis", NODE_TYPE, "cache.r6g.4xlarge", SHARDS, "4", REPLICAS_PER_SHARD, "2", DATA_TIERING, "false", MULTI_AZ, "true"),
        FleetBuilder.tags(env));
    BaseSeries redisCpu = redis(f, redis, Workload.percent(11), 27, 94, 4_000, 1_200);

    String[] tables = {"tenants", "users", "audit-logs"};
    String[][] gsis = {{"by-plan", "by-region", "by-status", "by-owner"}, {"by-tenant", "by-email", "by-last-login", "by-role"},
        {"by-tenant", "by-actor", "by-action", "by-time"}};
    double[][] gsiPerWeek = {{12, 2_500, 30, 8_000}, {3_000_000, 1_800_000, 45, 300}, {400_000, 900, 20, 1_500_000}};
    double[] reads = {1_800, 24_000, 3_000}; // RCU per minute
    double[] writes = {300, 2_400, 9_000};
    int[] consumers = {0, 1, 1};
    for (int i = 0; i < tables.length; i++) {
      String name = p + "-" + tables[i];
      Map<String, String> tags = FleetBuilder.tags(env);
      if (tables[i].equals("audit-logs")) tags.put("TenantId", "tenant-0042");
      SimResource t = f.add(name, DynamoDbFamily.DYNAMODB, region, arn("dynamodb", region, "table/" + name),
          map(BILLING_MODE, "PAY_PER_REQUEST", GSIS, String.join(",", sorted(gsis[i])), STREAM_ENABLED, "true", STREAM_VIEW_TYPE, "NEW_AND_OLD_IMAGES",
              STREAM_ARN, arn("dynamodb", region, "table/" + name + "/stream/2026-08-18T00:00:00.000"), STREAM_CONSUMERS, String.valueOf(consumers[i])),
          tags);
      table(f, t, Workload.count(reads[i]), Workload.count(writes[i]), gsis[i], gsiPerWeek[i]);
    }

    String albName = p + "-saas-alb";
    SimResource alb = f.add(albName, LoadBalancerFamily.ALB, region, arn("elasticloadbalancing", region, "loadbalancer/app/" + albName + "/50dc6c495c0c9188"),
        map(LB_FULL_NAME, "app/" + albName + "/50dc6c495c0c9188"), FleetBuilder.tags(env));
    QueueingModel model = new QueueingModel(20, 8, 0.1, 25);
    Map<String, String> lb = Map.of("LoadBalancer", alb.initial().config().get(LB_FULL_NAME));
    BaseSeries requests = f.base(alb, ALB, "RequestCount", lb, Workload.count(210_000).withDiurnal(0.35, 16), FleetBuilder::one, 0);
    f.derived(alb, ALB, "TargetResponseTime", lb, List.of(asgCpu), (s, c, stat) -> model.latencyMs(s[0] / 100, QueueingModel.quantileOf(stat)) / 1000, 0);
    f.derived(alb, ALB, "HTTPCode_Target_5XX_Count", lb, List.of(requests, asgCpu), (s, c, stat) -> s[0] * model.errorPct(s[1] / 100) / 100, 0);

    slo(f, asg, "saas", env, model, List.of(asgCpu, au.writerCpu, redisCpu));
  }

  // ---------------------------------------------------------------- staging

  static void staging(FleetBuilder f, String env) {
    String region = SimBlueprint.STAGING.region;
    String p = "tap-" + env;
    Workload office = Workload.percent(6).withDiurnal(0.6, 15).withWeekendDip(0.7);
    String db = p + "-staging-db";
    String replica = db + "-replica";
    SimResource rds = f.add(db, RdsFamily.RDS, region, arn("rds", region, "db:" + db),
        map(ENGINE, "postgres", INSTANCE_CLASS, "db.r6g.2xlarge", MULTI_AZ, "true", BACKUP_RETENTION_DAYS, "7", STORAGE_TYPE, "gp3",
            ALLOCATED_STORAGE_GB, "1000", IOPS, "12000", READERS, "1", READER_CLASS, "db.r6g.2xlarge", MEMBER_IDS, replica),
        FleetBuilder.tags(env));
    Map<String, String> dbDims = Map.of("DBInstanceIdentifier", db);
    BaseSeries rdsCpu = f.base(rds, RDS, "CPUUtilization", dbDims, office, c -> 8 / Capacity.writer(c), 0);
    f.base(rds, RDS, "DatabaseConnections", dbDims, Workload.count(25).withDiurnal(0.6, 15).withWeekendDip(0.7), FleetBuilder::one, 0);
    f.base(rds, RDS, "ReadIOPS", dbDims, Workload.count(150).withDiurnal(0.6, 15).withWeekendDip(0.7), FleetBuilder::one, 0);
    f.base(rds, RDS, "WriteIOPS", dbDims, Workload.count(90).withDiurnal(0.6, 15).withWeekendDip(0.7), FleetBuilder::one, 0);
    BaseSeries used = f.driver(rds, "usedMemory", Workload.flat(24 * GIB, Double.POSITIVE_INFINITY).withNoise(0.02, 0.02, 0.01), FleetBuilder::one);
    f.derived(rds, RDS, "FreeableMemory", dbDims, List.of(used), (s, c, stat) -> Math.max(0, Capacity.dbGib(c.get(INSTANCE_CLASS)) * GIB - s[0]), 0);
    Map<String, String> repDims = Map.of("DBInstanceIdentifier", replica);
    BaseSeries repCpu = f.base(rds, RDS, "CPUUtilization", repDims, Workload.percent(2).withDiurnal(0.6, 15).withWeekendDip(0.7),
        c -> 8 / Capacity.readers(c), 0);
    f.derived(rds, RDS, "ReplicaLag", repDims, List.of(repCpu), (s, c, stat) -> Double.isNaN(s[0]) ? Double.NaN : 0.2 + 2 * rhoTerm(s[0]), 0);

    SimResource asg = f.add(p + "-staging-asg", AsgFamily.ASG, region, asgArn(region, p + "-staging-asg"),
        map(INSTANCE_TYPE, "c5.4xlarge", MIN, "3", DESIRED, "6", MAX, "10", LAUNCH_TEMPLATE_ID, "lt-0a1b2c3d4e5f60003",
            TARGET_GROUPS, "targetgroup/" + p + "-staging-tg/5b6c7d8e9f0a1b2c@net/" + p + "-staging-nlb/7a1c2b3d4e5f6071"), FleetBuilder.tags(env));
    // load tests: a few heavy bursts a week keep its p95 up, so a p95 rule must hold back here
    BaseSeries asgCpu = asg(f, asg, Workload.percent(14).withDiurnal(0.6, 15).withWeekendDip(0.6).withBursts(6, 2.5), 1.0e9, 0.8e9);
    unhealthyTargets(f, asg, asgCpu);

    SimResource redis = f.add(p + "-staging-redis", RedisFamily.REDIS, region, arn("elasticache", region, "replicationgroup:" + p + "-staging-redis"),
        map(ENGINE, "redis", NODE_TYPE, "cache.r6g.2xlarge", SHARDS, "6", REPLICAS_PER_SHARD, "2", DATA_TIERING, "false", MULTI_AZ, "true"),
        FleetBuilder.tags(env));
    BaseSeries redisCpu = redis(f, redis, Workload.percent(3).withDiurnal(0.6, 15).withWeekendDip(0.7), 9, 91, 250, 60);

    String nlbName = p + "-staging-nlb";
    SimResource nlb = f.add(nlbName, LoadBalancerFamily.NLB, region, arn("elasticloadbalancing", region, "loadbalancer/net/" + nlbName + "/7a1c2b3d4e5f6071"),
        map(LB_FULL_NAME, "net/" + nlbName + "/7a1c2b3d4e5f6071"), FleetBuilder.tags(env));
    Map<String, String> lb = Map.of("LoadBalancer", nlb.initial().config().get(LB_FULL_NAME));
    f.base(nlb, NLB, "ActiveFlowCount", lb, Workload.count(120).withDiurnal(0.6, 15).withWeekendDip(0.7), FleetBuilder::one, 0);
    f.base(nlb, NLB, "NewFlowCount", lb, Workload.count(600).withDiurnal(0.6, 15).withWeekendDip(0.7), FleetBuilder::one, 0);
    f.base(nlb, NLB, "TCP_Target_Reset_Count", lb, Workload.count(2).withDiurnal(0.6, 15).withWeekendDip(0.7), FleetBuilder::one, 0);

    // invocations per minute, duration ms at 3,008 MB, memory used MB
    double[][] fns = {{300, 120, 180}, {40, 800, 420}, {5, 2_500, 900}, {6_000, 400, 150}, {0.5, 15_000, 1_400}};
    for (int i = 0; i < fns.length; i++) {
      String name = p + "-staging-fn-" + (i + 1);
      Map<String, String> tags = FleetBuilder.tags(env);
      if (i == 1) tags.put("CriticalPath", "true");
      SimResource fn = f.add(name, LambdaFamily.LAMBDA, region, arn("lambda", region, "function:" + name),
          map(MEMORY_MB, "3008", TIMEOUT_S, "900", RESERVED_CONCURRENCY, "100", PROVISIONED_CONCURRENCY, "50"), tags);
      lambda(f, fn, fns[i][0], fns[i][1], fns[i][2]);
    }

    slo(f, asg, "staging", env, new QueueingModel(30, 10, 0.2, 10), List.of(asgCpu, rdsCpu, redisCpu));
  }

  // ---------------------------------------------------------------- per family

  /** Every index of a provisioned table with the same capacity (an index's writes follow the table's). */
  static String indexCapacity(String[] gsis, long rcu, long wcu) {
    Map<String, DynamoDbApi.Capacity> c = new java.util.TreeMap<>();
    for (String g : gsis) c.put(g, new DynamoDbApi.Capacity(rcu, wcu));
    return IndexCapacities.encode(c);
  }

  record AuroraSeries(BaseSeries writerCpu, BaseSeries readerCpu) {}

  /** An Aurora cluster; {@code volumeGib} and {@code backupBilledGib} are the storage its costs are billed for (backup at the initial retention). */
  static AuroraSeries aurora(FleetBuilder f, SimResource r, Workload writer, Workload reader, Workload connections, Workload reads, Workload writes,
      double usedGib, double volumeGib, double backupBilledGib) {
    String id = r.id();
    Map<String, String> base = r.initial().config();
    double writerCap = Capacity.writer(base);
    double readerCap = Capacity.readers(base);
    Map<String, String> cluster = Map.of("DBClusterIdentifier", id);
    Map<String, String> w = Map.of("DBClusterIdentifier", id, "Role", "WRITER");
    Map<String, String> rd = Map.of("DBClusterIdentifier", id, "Role", "READER");
    BaseSeries writerCpu = f.base(r, RDS, "CPUUtilization", w, writer, c -> writerCap / Capacity.writer(c), 0);
    BaseSeries readerCpu = f.base(r, RDS, "CPUUtilization", rd, reader, c -> readerCap / Capacity.readers(c), 0);
    f.base(r, RDS, "DatabaseConnections", cluster, connections, FleetBuilder::one, 0);
    f.base(r, RDS, "ReadIOPS", cluster, reads, FleetBuilder::one, 0);
    f.base(r, RDS, "WriteIOPS", cluster, writes, FleetBuilder::one, 0);
    BaseSeries used = f.driver(r, "usedMemory", Workload.flat(usedGib * GIB, Double.POSITIVE_INFINITY).withNoise(0.02, 0.02, 0.01), FleetBuilder::one);
    f.derived(r, RDS, "FreeableMemory", w, List.of(used), (s, c, stat) -> Math.max(0, Capacity.dbGib(c.get(INSTANCE_CLASS)) * GIB - s[0]), 0);
    // replica lag grows with reader load (ms): 8 ms idle, queueing as readers saturate
    f.derived(r, RDS, "AuroraReplicaLag", rd, List.of(readerCpu), (s, c, stat) -> Double.isNaN(s[0]) ? Double.NaN : 8 + 25 * rhoTerm(s[0]), 0);
    // backup storage billed beyond the free allowance grows with the retention period
    f.base(r, RDS, "VolumeBytesUsed", cluster, Workload.flat(volumeGib * GIB, Double.POSITIVE_INFINITY).withNoise(0.002, 0.002, 0.001), FleetBuilder::one, 0);
    double retention = Capacity.integer(base, BACKUP_RETENTION_DAYS, 1);
    f.base(r, RDS, "TotalBackupStorageBilled", cluster, Workload.flat(backupBilledGib * GIB, Double.POSITIVE_INFINITY).withNoise(0.002, 0.002, 0.001),
        c -> Capacity.integer(c, BACKUP_RETENTION_DAYS, 1) / retention, 0);
    return new AuroraSeries(writerCpu, readerCpu);
  }

  static BaseSeries asg(FleetBuilder f, SimResource r, Workload cpu, double netInPerInstance, double netOutPerInstance) {
    Map<String, String> base = r.initial().config();
    double cap = Capacity.asg(base);
    double instances = Capacity.asgInstances(base);
    Map<String, String> dims = Map.of("AutoScalingGroupName", r.id());
    BaseSeries s = f.base(r, EC2, "CPUUtilization", dims, cpu, c -> cap / Capacity.asg(c), 0);
    Workload net = Workload.count(netInPerInstance).withDiurnal(cpu.diurnal(), cpu.peakHourUtc()).withTrading(cpu.tradingBoost());
    f.base(r, EC2, "NetworkIn", dims, net, c -> instances / Capacity.asgInstances(c), 0);
    f.base(r, EC2, "NetworkOut", dims, net.withBase(netOutPerInstance), c -> instances / Capacity.asgInstances(c), 0);
    return s;
  }

  /**
   * UnHealthyHostCount of the group's target groups: instances whose CPU saturates fail their health
   * checks, so none while the group's average CPU is below 90 %, then the share above it of its instances.
   */
  static void unhealthyTargets(FleetBuilder f, SimResource asg, SimSeries cpu) {
    for (String tg : asg.initial().config().get(TARGET_GROUPS).split(",")) {
      String lb = tg.substring(tg.indexOf('@') + 1);
      f.derived(asg, lb.startsWith("net/") ? "AWS/NetworkELB" : "AWS/ApplicationELB", "UnHealthyHostCount",
          Map.of("TargetGroup", tg.substring(0, tg.indexOf('@')), "LoadBalancer", lb), List.of(cpu), (s, c, stat) -> Double.isNaN(s[0]) ? Double.NaN
              : Math.ceil(Capacity.asgInstances(c) * Math.max(0, Math.min(100, s[0]) - 90) / 10), 0);
    }
  }

  static BaseSeries redis(FleetBuilder f, SimResource r, Workload cpu, double memoryPct, double hitPct, double getsPerSecond, double setsPerSecond) {
    Map<String, String> base = r.initial().config();
    double engine = Capacity.redisEngine(base);
    double memory = Capacity.redisMemory(base);
    Map<String, String> dims = Map.of("ReplicationGroupId", r.id(), "Role", "Primary");
    BaseSeries s = f.base(r, CACHE, "EngineCPUUtilization", dims, cpu, c -> engine / Capacity.redisEngine(c), 0);
    BaseSeries mem = f.base(r, CACHE, "DatabaseMemoryUsagePercentage", dims,
        Workload.percent(memoryPct).withDiurnal(0.04, 15).withNoise(0.02, 0.02, 0.01).withBursts(0, 0).withTrend(0.08), c -> memory / Capacity.redisMemory(c), 0);
    BaseSeries hits = f.driver(r, "hitRate", Workload.flat(hitPct, 100).withNoise(0.002, 0.004, 0.003), FleetBuilder::one);
    // past ~95 % memory, evictions cut the hit rate
    f.derived(r, CACHE, "CacheHitRate", dims, List.of(hits, mem),
        (v, c, stat) -> Math.min(100, v[0]) * (v[1] > 95 ? Math.max(0.3, 1 - (v[1] - 95) / 50) : 1), 0);
    Workload cmds = Workload.count(getsPerSecond * 60).withDiurnal(cpu.diurnal(), cpu.peakHourUtc()).withTrading(cpu.tradingBoost());
    f.base(r, CACHE, "GetTypeCmds", dims, cmds, FleetBuilder::one, 0);
    BaseSeries sets = f.base(r, CACHE, "SetTypeCmds", dims, cmds.withBase(setsPerSecond * 60), FleetBuilder::one, 0);
    // past ~95 % memory the engine evicts keys to make room for writes: from none to every write at 100 %
    f.derived(r, CACHE, "Evictions", dims, List.of(mem, sets),
        (v, c, stat) -> v[0] > 95 ? v[1] * Math.min(1, (v[0] - 95) / 5) : Double.NaN, 0);
    return s;
  }

  /** A table: consumed capacity per minute (RCU/WCU summed), provisioned capacity while PROVISIONED, throttles, GSIs, stream. */
  static void table(FleetBuilder f, SimResource r, Workload reads, Workload writes, String[] gsis, double[] gsiQueriesPerWeek) {
    String name = r.id();
    Map<String, String> t = Map.of("TableName", name);
    // 2 RCU and 1.5 WCU per request on average: SampleCount = requests
    BaseSeries consumedRead = f.base(r, DDB, "ConsumedReadCapacityUnits", t, reads, FleetBuilder::one, 2);
    BaseSeries consumedWrite = f.base(r, DDB, "ConsumedWriteCapacityUnits", t, writes, FleetBuilder::one, 1.5);
    f.base(r, DDB, "ProvisionedReadCapacityUnits", t, Workload.flat(1, Double.POSITIVE_INFINITY), c -> provisioned(c, READ_CAPACITY), 0);
    f.base(r, DDB, "ProvisionedWriteCapacityUnits", t, Workload.flat(1, Double.POSITIVE_INFINITY), c -> provisioned(c, WRITE_CAPACITY), 0);
    // requests beyond provisioned capacity in a minute are throttled; no datapoint without throttling
    f.derived(r, DDB, "ThrottledRequests", t, List.of(consumedRead, consumedWrite), (v, c, stat) -> {
      double rc = provisioned(c, READ_CAPACITY);
      if (Double.isNaN(rc)) return Double.NaN;
      double excess = Math.max(0, v[0] / 60 - rc) * 60 / 2 + Math.max(0, v[1] / 60 - provisioned(c, WRITE_CAPACITY)) * 60 / 1.5;
      return excess > 0 ? excess : Double.NaN;
    }, 0);
    for (int i = 0; i < gsis.length; i++) {
      // 4 RCU per index query; the weekly shape averages to 1, so Sum over a week = 4 x queries
      Workload q = Workload.count(gsiQueriesPerWeek[i] * 4 / 10_080.0).withBursts(0, 0);
      String index = gsis[i];
      // a deleted index publishes nothing from the deletion on
      f.base(r, DDB, "ConsumedReadCapacityUnits", Map.of("TableName", name, "GlobalSecondaryIndexName", index), q,
          c -> List.of(c.getOrDefault(GSIS, "").split(",")).contains(index) ? 1 : Double.NaN, 4);
    }
    String streamArn = r.initial().config().get(STREAM_ARN);
    if (streamArn != null) {
      String label = streamArn.substring(streamArn.indexOf("/stream/") + "/stream/".length());
      // records are read only while a consumer (event source mapping) polls the stream
      f.base(r, DDB, "ReturnedRecordsCount", Map.of("TableName", name, "StreamLabel", label, "Operation", "GetRecords"), writes.withBase(writes.base() / 1.5),
          c -> Capacity.integer(c, STREAM_CONSUMERS, 0) > 0 && Boolean.parseBoolean(c.getOrDefault(STREAM_ENABLED, "false")) ? 1 : Double.NaN, 0);
    }
  }

  static double provisioned(Map<String, String> c, String key) {
    return "PROVISIONED".equals(c.get(BILLING_MODE)) ? Capacity.integer(c, key, 0) : Double.NaN;
  }

  static void lambda(FleetBuilder f, SimResource r, double invocationsPerMinute, double durationMs, double usedMb) {
    Map<String, String> fn = Map.of("FunctionName", r.id());
    Workload shape = Workload.count(invocationsPerMinute).withDiurnal(0.6, 15).withWeekendDip(0.7);
    BaseSeries inv = f.base(r, LAMBDA, "Invocations", fn, shape, FleetBuilder::one, 0);
    // CPU share follows memory: less memory, longer runs (sqrt for a mixed CPU/I/O function)
    BaseSeries dur = f.base(r, LAMBDA, "Duration", fn, Workload.count(durationMs).withDiurnal(0.05, 15).withNoise(0.05, 0.1, 0.4),
        c -> Math.sqrt(3008.0 / Capacity.integer(c, MEMORY_MB, 3008)), 0);
    BaseSeries mem = f.base(r, "LambdaInsights", "memory_utilization", Map.of("function_name", r.id()),
        Workload.count(usedMb).withDiurnal(0.05, 15).withNoise(0.03, 0.05, 0.08).withBursts(0, 0), c -> 100.0 / Capacity.integer(c, MEMORY_MB, 3008), 0);
    // Little's law: concurrency = arrivals per second x duration in seconds
    DerivedSeries conc = f.derived(r, LAMBDA, "ConcurrentExecutions", fn, List.of(inv, dur), (v, c, stat) -> v[0] / 60 * v[1] / 1000, 0);
    f.derived(r, LAMBDA, "ProvisionedConcurrencyUtilization", fn, List.of(conc), (v, c, stat) -> {
      int pc = Capacity.integer(c, PROVISIONED_CONCURRENCY, 0);
      return pc == 0 ? Double.NaN : Math.min(1, v[0] / pc);
    }, 0);
    // out-of-memory kills when used memory passes the configured size; 0.1 % background errors
    f.derived(r, LAMBDA, "Errors", fn, List.of(inv, mem), (v, c, stat) -> v[0] * (v[1] > 100 ? 0.5 : 0.001), 0);
    f.derived(r, LAMBDA, "Throttles", fn, List.of(conc, inv), (v, c, stat) -> {
      int reserved = Capacity.integer(c, RESERVED_CONCURRENCY, 1000);
      return v[0] > reserved ? v[1] * (1 - reserved / v[0]) : Double.NaN;
    }, 0);
  }

  /** ReadIOPS of a global database's secondary cluster, published in its region while the region is a secondary. */
  static void secondaryReads(FleetBuilder f, SimResource primary, String region, Workload w) {
    f.baseIn(region, primary, RDS, "ReadIOPS", Map.of("DBClusterIdentifier", primary.id()), w,
        c -> List.of(c.getOrDefault(SECONDARY_REGIONS, "").split(",")).contains(region) ? 1 : Double.NaN);
  }

  /** SLO metrics of a blueprint: latency, errors and queue depth from the busiest tier's utilisation. */
  static void slo(FleetBuilder f, SimResource owner, String blueprint, String env, QueueingModel m, List<SimSeries> tiers) {
    Map<String, String> dims = Map.of("Blueprint", blueprint, "Environment", env);
    // measurement jitter, mean 1, so the curve is not a perfect function of CPU
    BaseSeries jitter = f.driver(owner, "sloJitter", Workload.flat(1, Double.POSITIVE_INFINITY).withNoise(0.03, 0.05, 0.06), FleetBuilder::one);
    int n = tiers.size();
    List<SimSeries> sources = new java.util.ArrayList<>(tiers);
    sources.add(jitter);
    f.derived(owner, SLO, "Latency", dims, sources, (v, c, stat) -> m.latencyMs(busiest(v, n), QueueingModel.quantileOf(stat)) * v[n], 0);
    // a rate in percent: the jitter must not carry a saturated 100 % past what CloudWatch could report
    f.derived(owner, SLO, "ErrorRate", dims, sources, (v, c, stat) -> Math.min(100, m.errorPct(busiest(v, n)) * v[n]), 0);
    f.derived(owner, SLO, "QueueDepth", dims, sources, (v, c, stat) -> m.queueDepth(busiest(v, n)) * v[n], 0);
  }

  /** Highest utilisation (0..1, uncapped) among the tiers; NaN-free. */
  static double busiest(double[] v, int n) {
    double rho = 0;
    for (int i = 0; i < n; i++) if (!Double.isNaN(v[i])) rho = Math.max(rho, v[i] / 100);
    return rho;
  }

  /** rho/(1-rho) from a utilisation in percent, capped at rho = 0.98. */
  static double rhoTerm(double pct) {
    double rho = Math.min(QueueingModel.RHO_CAP, Math.max(0, pct / 100));
    return rho / (1 - rho);
  }

  // ---------------------------------------------------------------- helpers

  static String arn(String service, String region, String resource) {
    return "arn:aws:" + service + ":" + region + ":" + FleetBuilder.ACCOUNT + ":" + resource;
  }

  static String asgArn(String region, String name) {
    return arn("autoscaling", region, "autoScalingGroup:6d0a1c2b-3e4f-5a6b-7c8d-9e0f1a2b3c4d:autoScalingGroupName/" + name);
  }

  static String members(String cluster, int readers) {
    StringBuilder b = new StringBuilder(cluster + "-writer");
    for (int i = 1; i <= readers; i++) b.append(',').append(cluster).append("-reader-").append(i);
    return b.toString();
  }

  static String[] sorted(String[] a) {
    String[] c = a.clone();
    java.util.Arrays.sort(c);
    return c;
  }

  static Map<String, String> map(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return m;
  }
}
