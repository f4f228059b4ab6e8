package dev.tap.optimizer.report;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Action.Risk;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.pricing.SpendReport;
import dev.tap.optimizer.report.ActionOutcome.Observation;
import dev.tap.optimizer.report.ActionOutcome.Slo;
import dev.tap.optimizer.report.ActionOutcome.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small saas run made by hand: four shared resources and one tenant-owned table, three phases of
 * eleven actions, and two weeks of hourly metrics with a daily cycle. Costs are simple products of
 * list prices so a reader can check them.
 */
public final class RunFixtures {
  public static final Instant LOOKBACK_END = Instant.parse("2026-11-28T00:00:00Z");
  public static final Instant LOOKBACK_START = LOOKBACK_END.minus(Duration.ofDays(14));
  static final Instant REPORT_TIME = Instant.parse("2026-11-30T09:00:00Z");

  static final Resource AURORA = new Resource("tap-dev-aurora", AuroraFamily.AURORA, "us-east-1", "arn:aws:rds:us-east-1:123456789012:cluster:tap-dev-aurora",
      Map.of(ENGINE, "aurora-mysql", INSTANCE_CLASS, "db.r6g.4xlarge", READERS, "2", READER_CLASS, "db.r6g.4xlarge", BACKUP_RETENTION_DAYS, "30",
          GLOBAL_CLUSTER_ID, "tap-dev-global", SECONDARY_REGIONS, "us-west-2,eu-west-1",
          MEMBER_IDS, "tap-dev-aurora-writer,tap-dev-aurora-reader-1,tap-dev-aurora-reader-2"),
      Map.of("Platform", "TAP"));
  static final Resource ASG = new Resource("tap-dev-asg", AsgFamily.ASG, "us-east-1", "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:tap-dev-asg",
      Map.of(INSTANCE_TYPE, "m5.4xlarge", MIN, "12", DESIRED, "15", MAX, "25", LAUNCH_TEMPLATE_ID, "lt-0abc123def4567890"), Map.of());
  static final Resource REDIS = new Resource("tap-dev-redis", RedisFamily.REDIS, "us-east-1", "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:tap-dev-redis",
      Map.of(NODE_TYPE, "cache.r6g.4xlarge", SHARDS, "4", REPLICAS_PER_SHARD, "2"), Map.of());
  static final Resource TENANTS_TABLE = new Resource("tap-dev-tenants", DynamoDbFamily.DYNAMODB, "us-east-1", "arn:aws:dynamodb:us-east-1:123456789012:table/tap-dev-tenants",
      Map.of(BILLING_MODE, "PAY_PER_REQUEST", GSIS, "byEmail,byPlan,byRegion,byCreated", STREAM_ENABLED, "true", STREAM_VIEW_TYPE, "NEW_AND_OLD_IMAGES", STREAM_CONSUMERS, "0"),
      Map.of());
  static final Resource ACME_TABLE = new Resource("tenant-acme-orders", DynamoDbFamily.DYNAMODB, "us-east-1", "arn:aws:dynamodb:us-east-1:123456789012:table/tenant-acme-orders",
      Map.of(BILLING_MODE, "PROVISIONED", READ_CAPACITY, "400", WRITE_CAPACITY, "100"), Map.of("TenantId", "acme"));

  private RunFixtures() {}

  static Backtest backtest(double p95, double p95After, boolean passed) {
    return new Backtest(14, p95, p95After, p95 * 1.6, p95After * 1.6, 0.12, 0.14, 61.5, passed ? 0 : 3, passed, "cpu-scaled replay");
  }

  static Action action(String id, ActionKind kind, Resource r, Map<String, String> before, Map<String, String> after, double costBefore, double costAfter, Risk risk,
      double confidence, List<Evidence> evidence, Backtest backtest) {
    return new Action(id, kind, r.id(), r.region(), before, after, costBefore, costAfter, risk, confidence, evidence, backtest,
        kind.name().toLowerCase().replace('_', ' ') + " on " + r.id());
  }

  public static Plan plan() {
    Evidence gsiQueries = new Evidence("IndexQueries(byRegion)", "Sum per week", 14, 12, "<", 50, "");
    Evidence cpu = new Evidence("CPUUtilization", "p95", 14, 31.2, "<", 40, " %");
    Evidence net = new Evidence("NetworkIn", "p95 of capacity", 14, 11.0, "<", 30, " %");
    Evidence redisCpu = new Evidence("EngineCPUUtilization", "p95", 14, 18.4, "<", 30, " %");
    Evidence redisMem = new Evidence("DatabaseMemoryUsagePercentage", "Maximum", 14, 41.0, "<", 50, " %");
    Evidence auroraCpu = new Evidence("CPUUtilization", "p95", 14, 22.5, "<", 40, " %");
    Evidence lag = new Evidence("AuroraReplicaLag", "Maximum", 14, 35, "<", 100, " ms");
    Phase p1 = new Phase(1, "DynamoDB indexes and streams", Duration.ofHours(48), List.of(
        action("saas-01", DynamoDbFamily.DYNAMODB_DELETE_GSI, TENANTS_TABLE, Map.of(GSIS, "byEmail,byPlan,byRegion,byCreated"), Map.of(GSIS, "byEmail,byPlan,byCreated"),
            182.50, 136.88, Risk.LOW, 0.93, List.of(gsiQueries), backtest(6.1, 6.1, true)),
        action("saas-02", DynamoDbFamily.DYNAMODB_DISABLE_STREAM, TENANTS_TABLE, Map.of(STREAM_ENABLED, "true", STREAM_VIEW_TYPE, "NEW_AND_OLD_IMAGES"),
            Map.of(STREAM_ENABLED, "false"), 36.50, 0, Risk.LOW, 0.97, List.of(new Evidence("StreamConsumers", "count", 14, 0, "<", 1, "")), null)));
    Phase p2 = new Phase(2, "Compute and cache", Duration.ofHours(48), List.of(
        action("saas-03", AsgFamily.ASG_INSTANCE_TYPE, ASG, Map.of(INSTANCE_TYPE, "m5.4xlarge"), Map.of(INSTANCE_TYPE, "m5.2xlarge"),
            15 * 0.768 * 730, 15 * 0.384 * 730, Risk.MEDIUM, 0.86, List.of(cpu, net), backtest(8.4, 10.9, true)),
        action("saas-04", AsgFamily.ASG_CAPACITY, ASG, Map.of(MIN, "12", DESIRED, "15", MAX, "25"), Map.of(MIN, "6", DESIRED, "8", MAX, "15"),
            15 * 0.384 * 730, 8 * 0.384 * 730, Risk.MEDIUM, 0.81, List.of(cpu), backtest(10.9, 12.7, true)),
        action("saas-05", RedisFamily.REDIS_NODE_TYPE, REDIS, Map.of(NODE_TYPE, "cache.r6g.4xlarge"), Map.of(NODE_TYPE, "cache.r6g.xlarge"),
            12 * 1.646 * 730, 12 * 0.411 * 730, Risk.MEDIUM, 0.84, List.of(redisCpu, redisMem), backtest(1.2, 1.5, true)),
        action("saas-06", RedisFamily.REDIS_SHARDS, REDIS, Map.of(SHARDS, "4"), Map.of(SHARDS, "2"),
            12 * 0.411 * 730, 6 * 0.411 * 730, Risk.HIGH, 0.74, List.of(redisCpu), backtest(1.5, 2.4, true)),
        action("saas-07", RedisFamily.REDIS_REPLICAS, REDIS, Map.of(REPLICAS_PER_SHARD, "2"), Map.of(REPLICAS_PER_SHARD, "1"),
            6 * 0.411 * 730, 4 * 0.411 * 730, Risk.HIGH, 0.72, List.of(redisMem), backtest(2.4, 2.6, true))));
    Phase p3 = new Phase(3, "Aurora", Duration.ofHours(72), List.of(
        action("saas-08", AuroraFamily.DB_REMOVE_SECONDARY_REGION, AURORA, Map.of(SECONDARY_REGIONS, "us-west-2,eu-west-1"), Map.of(SECONDARY_REGIONS, "us-west-2"),
            3 * 2 * 1.10 * 730, 3 * 1 * 1.10 * 730, Risk.HIGH, 0.70, List.of(new Evidence("ReadsFromSecondary", "Sum", 14, 0, "<=", 0, "")), null),
        action("saas-09", AuroraFamily.DB_INSTANCE_CLASS, AURORA, Map.of(INSTANCE_CLASS, "db.r6g.4xlarge"), Map.of(INSTANCE_CLASS, "db.r6g.xlarge"),
            3 * 2.20 * 730, 3 * 0.55 * 730, Risk.MEDIUM, 0.88, List.of(auroraCpu), backtest(4.2, 5.0, true)),
        action("saas-10", AuroraFamily.DB_REMOVE_READER, AURORA,
            Map.of(READERS, "2", MEMBER_IDS, "tap-dev-aurora-writer,tap-dev-aurora-reader-1,tap-dev-aurora-reader-2"),
            Map.of(READERS, "1", MEMBER_IDS, "tap-dev-aurora-writer,tap-dev-aurora-reader-1"),
            3 * 0.55 * 730, 2 * 0.55 * 730, Risk.MEDIUM, 0.79, List.of(lag), backtest(5.0, 5.6, true)),
        action("saas-11", AuroraFamily.DB_BACKUP_RETENTION, AURORA, Map.of(BACKUP_RETENTION_DAYS, "30"), Map.of(BACKUP_RETENTION_DAYS, "14"),
            61.20, 28.56, Risk.LOW, 0.95, List.of(), null)));
    return new Plan(Plan.SCHEMA_VERSION, "plan-saas-20261128", "saas", "123456789012", "cfn-outputs/flat-outputs.json",
        Instant.parse("2026-11-28T06:00:00Z"), LOOKBACK_START, LOOKBACK_END, "2026-11-01", List.of(p1, p2, p3),
        List.of(new Plan.Skipped(ACME_TABLE.id(), "DynamoDB", "tagged TenantId=acme (tenant-owned)"),
            new Plan.Skipped("tap-dev-aurora", "Aurora", "DB_INSTANCE_CLASS {instanceClass=db.r6g.2xlarge} left out: backtest over 90 days: latency p95 above "
                + "the 15 ms SLO in 41 more hours; peak utilisation 146 %", 7_227.00)));
  }

  public static List<Resource> resources() {
    return List.of(AURORA, ASG, REDIS, TENANTS_TABLE, ACME_TABLE);
  }

  /** A daily cycle peaking at 14:00 UTC, plus a slow weekly drift; deterministic. */
  static double load(long epochSecond, double base, double amplitude) {
    double hour = (epochSecond / 3600) % 24;
    double day = (double) epochSecond / 86400;
    return base + amplitude * Math.cos(2 * Math.PI * (hour - 14) / 24) + 0.1 * amplitude * Math.sin(2 * Math.PI * day / 7);
  }

  static MetricSeries hourly(String id, Resource r, String metric, String stat, double base, double amplitude) {
    int hours = (int) Duration.between(LOOKBACK_START, LOOKBACK_END).toHours();
    long[] times = new long[hours];
    double[] values = new double[hours];
    for (int i = 0; i < hours; i++) {
      times[i] = LOOKBACK_START.getEpochSecond() + i * 3600L;
      values[i] = load(times[i], base, amplitude);
    }
    return new MetricSeries(new MetricQuery(id, r.family().namespace(), metric, Map.of("Id", r.id()), stat, 3600), times, values);
  }

  static ResourceMetrics metricsOf(Resource r, MetricSeries... series) {
    Map<String, MetricSeries> hourly = new LinkedHashMap<>();
    Map<String, WindowValue> window = new LinkedHashMap<>();
    for (MetricSeries s : series) {
      String key = WindowValue.key(s.query().metricName(), s.query().stat());
      hourly.put(key, s);
      double max = java.util.Arrays.stream(s.values()).max().orElse(Double.NaN);
      window.put(key, new WindowValue(s.query().metricName(), s.query().stat(), max, 14 * 86400, s.size()));
    }
    return new ResourceMetrics(r, LOOKBACK_START, LOOKBACK_END, window, hourly);
  }

  public static List<ResourceMetrics> metrics() {
    return List.of(
        metricsOf(AURORA, hourly("auroraCpuAvg", AURORA, "CPUUtilization", "Average", 18, 9), hourly("auroraCpuP95", AURORA, "CPUUtilization", "p95", 24, 10),
            hourly("auroraConn", AURORA, "DatabaseConnections", "Average", 310, 120)),
        metricsOf(ASG, hourly("asgCpuAvg", ASG, "CPUUtilization", "Average", 22, 12), hourly("asgCpuP95", ASG, "CPUUtilization", "p95", 30, 14)),
        metricsOf(REDIS, hourly("redisCpu", REDIS, "EngineCPUUtilization", "Average", 12, 6), hourly("redisHit", REDIS, "CacheHitRate", "Average", 97, 1.5)),
        metricsOf(TENANTS_TABLE, hourly("tenantsRead", TENANTS_TABLE, "ConsumedReadCapacityUnits", "Sum", 90_000, 40_000)));
  }

  static SpendReport spend() {
    return new SpendReport.Available(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-11-30"), List.of(
        new SpendReport.ServiceMonthSpend(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-11-01"), "Amazon Relational Database Service", 14_210.44, "USD", false),
        new SpendReport.ServiceMonthSpend(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-11-01"), "Amazon ElastiCache", 14_508.13, "USD", false),
        new SpendReport.ServiceMonthSpend(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), "Amazon Relational Database Service", 13_702.90, "USD", true)));
  }

  /** The run before anything was applied. */
  public static RunData planned() {
    return RunData.planned(plan(), resources(), metrics(), spend(), REPORT_TIME);
  }

  static final Instant PHASE1_START = Instant.parse("2026-11-28T08:00:00Z");
  static final Instant PHASE1_APPLIED = PHASE1_START.plus(Duration.ofMinutes(12));
  static final Instant PHASE2_START = PHASE1_APPLIED.plus(Duration.ofHours(48)).plus(Duration.ofMinutes(5));
  static final Instant PHASE2_APPLIED = PHASE2_START.plus(Duration.ofMinutes(40));

  /**
   * The run after phase 1 passed and phase 2 rolled back on a p99 breach: phase 3 never started.
   */
  static RunData executed() {
    Plan plan = plan();
    List<ActionOutcome> outcomes = new ArrayList<>();
    List<Observation> p1Obs = List.of(new Observation(Slo.LATENCY_P95_MS, 6.3, PHASE1_APPLIED.plus(Duration.ofHours(1))),
        new Observation(Slo.LATENCY_P95_MS, 6.6, PHASE1_APPLIED.plus(Duration.ofHours(2))),
        new Observation(Slo.LATENCY_P99_MS, 9.9, PHASE1_APPLIED.plus(Duration.ofHours(2))),
        new Observation(Slo.ERROR_RATE_PCT, 0.11, PHASE1_APPLIED.plus(Duration.ofHours(2))));
    outcomes.add(new ActionOutcome("saas-01", Status.APPLIED, "", PHASE1_START.plus(Duration.ofMinutes(5)), null,
        Map.of(GSIS, "byEmail,byPlan,byRegion,byCreated", "gsi.byRegion", "hash=region:S;range=createdAt:N;projection=INCLUDE:plan|owner;rcu=0;wcu=0"),
        Map.of(GSIS, "byEmail,byPlan,byCreated"), p1Obs));
    outcomes.add(new ActionOutcome("saas-02", Status.APPLIED, "", PHASE1_APPLIED, null, Map.of(STREAM_ENABLED, "true", STREAM_VIEW_TYPE, "NEW_AND_OLD_IMAGES"), Map.of(STREAM_ENABLED, "false"), p1Obs));
    List<Observation> p2Obs = List.of(new Observation(Slo.LATENCY_P99_MS, 24.8, PHASE2_APPLIED.plus(Duration.ofHours(3))),
        new Observation(Slo.ERROR_RATE_PCT, 0.31, PHASE2_APPLIED.plus(Duration.ofHours(3))));
    String breach = "p99 latency rose 37 % against the baseline (limit 20 %)";
    outcomes.add(new ActionOutcome("saas-03", Status.ROLLED_BACK, breach, PHASE2_START.plus(Duration.ofMinutes(20)), PHASE2_APPLIED.plus(Duration.ofHours(3)),
        Map.of(INSTANCE_TYPE, "m5.4xlarge", LAUNCH_TEMPLATE_ID, "lt-0abc123def4567890"), Map.of(INSTANCE_TYPE, "m5.2xlarge"), p2Obs));
    outcomes.add(new ActionOutcome("saas-04", Status.ROLLED_BACK, breach, PHASE2_START.plus(Duration.ofMinutes(25)), PHASE2_APPLIED.plus(Duration.ofHours(3)),
        Map.of(MIN, "12", DESIRED, "15", MAX, "25"), Map.of(MIN, "6", DESIRED, "8", MAX, "15"), p2Obs));
    outcomes.add(new ActionOutcome("saas-05", Status.ROLLED_BACK, breach, PHASE2_START.plus(Duration.ofMinutes(35)), PHASE2_APPLIED.plus(Duration.ofHours(3)),
        Map.of(NODE_TYPE, "cache.r6g.4xlarge"), Map.of(NODE_TYPE, "cache.r6g.xlarge"), p2Obs));
    outcomes.add(new ActionOutcome("saas-06", Status.SKIPPED, "drift: shards is 3, the plan expected 4", null, null, Map.of(SHARDS, "3"), Map.of(), List.of()));
    List<PhaseOutcome> phases = List.of(
        new PhaseOutcome(1, "PASSED", PHASE1_START, PHASE1_APPLIED, PHASE1_APPLIED.plus(Duration.ofHours(48)), PHASE1_APPLIED.plus(Duration.ofHours(48)), ""),
        new PhaseOutcome(2, "ROLLED_BACK", PHASE2_START, PHASE2_APPLIED, PHASE2_APPLIED.plus(Duration.ofHours(48)), PHASE2_APPLIED.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(30)), breach),
        new PhaseOutcome(3, "NOT_STARTED", null, null, null, null, ""));
    return new RunData("7", plan, resources(), metrics(), outcomes, phases, spend(), REPORT_TIME, null);
  }
}
