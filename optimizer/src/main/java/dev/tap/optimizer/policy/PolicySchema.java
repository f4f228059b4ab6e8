package dev.tap.optimizer.policy;

import static dev.tap.optimizer.policy.PolicyKey.bool;
import static dev.tap.optimizer.policy.PolicyKey.integer;
import static dev.tap.optimizer.policy.PolicyKey.number;
import static dev.tap.optimizer.policy.PolicyKey.percent;
import static dev.tap.optimizer.policy.PolicyKey.type;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key of a policy profile with its accepted range (SPEC O2 lookback, O3, O4, O5 and the O7
 * guard thresholds), and the pairs that must be ordered (a minimum not above its maximum).
 */
public final class PolicySchema {
  private PolicySchema() {}

  public static final List<PolicyKey> KEYS = List.of(
      integer("lookbackDays", 1, 455, "days of metrics analysed (CloudWatch keeps hourly points 455 days)"),
      number("minConfidence", 0, 1, "recommendations below this confidence are left out of the plan"),
      number("confidenceFlagBelow", 0, 1, "recommendations below this confidence are flagged for review"),
      number("metrics.getMetricDataTps", 1, 10_000,
          "GetMetricData calls a second per account-region: CloudWatch's quota is 50; raise it only with a raised quota (docs/metrics-engine.md)"),

      number("slo.latencyP95Ms", 0.001, 600_000, "O3: latency p95 above this breaches the SLO (ms)"),
      percent("slo.errorRatePct", "O3: error rate above this breaches the SLO"),
      number("slo.queueDepth", 0, 1e9, "O3: queue depth above this breaches the SLO"),
      percent("slo.rollbackErrorRatePct", "O7: roll back when the error rate exceeds this during observation"),
      number("slo.rollbackP99RisePct", 0, 1000, "O7: roll back when p99 latency rises more than this against the baseline"),
      integer("slo.observationHours", 1, 720, "O7: observation window after each phase"),
      number("slo.scaleUpPct", 1, 400, "O3: capacity added by a scale-back-up recommendation"),
      bool("slo.scaleUpTriggers", "O3: the guard also rolls back on the O3 triggers (error rate, p95 latency, queue depth); trading only"),

      integer("guard.checkMinutes", 1, 1440, "O7: minutes between guard checks (--check-every overrides)"),
      integer("guard.breachChecks", 1, 96, "O7: consecutive breaching checks that trip a rollback (--breach-checks overrides)"),
      integer("guard.blindChecks", 1, 96, "checks in a row without SLO datapoints that make a phase blind (it does not pass)"),
      integer("guard.blindLimitChecks", 1, 1000, "blind checks in a row after which the phase is rolled back"),
      integer("guard.baselineDays", 1, 63, "days before the plan's lookback end read for the same-hour-of-week baseline"),
      percent("guard.baselinePercentile", "the baseline per hour of the week is this percentile of the check-interval values"),
      integer("guard.controlHours", 1, 1344, "hours just before a phase started read as its control window"),
      percent("guard.controlPercentile", "the control level is this percentile of the control window's check-interval values"),
      number("guard.attributionMarginPct", 0, 1000, "a reading is abnormal when beyond baseline and control by more than this"),
      percent("guard.redis.engineCpuMaxPct", "changed Redis: engine CPU above this breaches"),
      number("guard.redis.evictionsMaxPerMinute", 0, 1e12, "changed Redis: evictions per minute above this breach"),
      percent("guard.redis.hitRateMinPct", "changed Redis: cache hit rate below this breaches"),
      percent("guard.dax.cpuMaxPct", "changed DAX: CPU above this breaches"),
      number("guard.dax.throttlesMaxPerMinute", 0, 1e12, "changed DAX: throttled requests per minute above this breach"),
      percent("guard.lambda.errorRateMaxPct", "changed Lambda: errors as a share of invocations above this breach"),
      number("guard.lambda.throttlesMaxPerMinute", 0, 1e12, "changed Lambda: throttles per minute above this breach"),
      number("guard.lambda.durationP95RisePct", 0, 10_000, "changed Lambda: duration p95 more than this above its baseline breaches"),
      percent("guard.lambda.concurrencyMaxPctOfReserved", "changed Lambda: concurrent executions above this share of the reserved concurrency breach"),
      number("guard.dynamodb.throttledRequestsMaxPerMinute", 0, 1e12, "changed DynamoDB table: throttled requests per minute above this breach"),
      percent("guard.aurora.cpuMaxPct", "changed Aurora: writer or reader CPU above this breaches"),
      number("guard.aurora.freeableMemoryMinGib", 0, 1e6, "changed Aurora: writer FreeableMemory below this breaches (GiB)"),
      number("guard.aurora.replicaLagMaxMs", 0, 3_600_000, "changed Aurora: replica lag above this breaches (ms)"),
      number("guard.aurora.connectionsMax", 0, 1e7, "changed Aurora: connections above this breach"),
      percent("guard.rds.cpuMaxPct", "changed RDS: CPU above this breaches"),
      number("guard.rds.freeableMemoryMinGib", 0, 1e6, "changed RDS: FreeableMemory below this breaches (GiB)"),
      number("guard.rds.replicaLagMaxMs", 0, 3_600_000, "changed RDS: replica lag above this breaches (ms)"),
      number("guard.rds.connectionsMax", 0, 1e7, "changed RDS: connections above this breach"),
      percent("guard.asg.cpuMaxPct", "changed Auto Scaling group: CPU above this breaches"),
      number("guard.asg.unhealthyTargetsMax", 0, 1e6, "changed Auto Scaling group: unhealthy targets of one of its target groups above this breach"),
      number("guard.ebs.queueLengthMax", 0, 1e6, "changed EBS volume: average queue length above this breaches"),
      percent("guard.ec2.cpuMaxPct", "changed EC2 instance: CPU above this breaches"),
      number("guard.ec2.statusCheckFailedMax", 0, 1, "changed EC2 instance: StatusCheckFailed above this breaches (0: any failed check)"),
      number("guard.sagemaker.modelLatencyP95RisePct", 0, 10_000, "changed endpoint: ModelLatency p95 more than this above its baseline breaches"),
      number("guard.sagemaker.invocation5xxMaxPerMinute", 0, 1e12, "changed endpoint: 5xx invocation errors per minute above this breach"),

      percent("backtest.maxUtilisationPct", "an hour whose predicted utilisation exceeds this counts as an SLO breach"),
      integer("backtest.maxBreachHours", 0, 10_944, "a backtest with more predicted breach hours blocks its action"),

      percent("aurora.cpuP95MaxPct", "writer class down when CPU p95 is below this"),
      number("aurora.connectionsP95Max", 0, 1e6, "writer class down only when connections p95 are below this"),
      type("aurora.targetWriterClass", "writer class to move to (\"\" = one size down)"),
      number("aurora.replicaLagMaxMs", 0, 3_600_000, "O4: remove a reader only when replica lag max is below this (ms)"),
      percent("aurora.readIopsShareMaxPct", "O4: remove a reader only when reads are below this share of IOPS"),
      integer("aurora.minReaders", 0, 15, "never fewer readers than this"),
      integer("aurora.targetBackupRetentionDays", 1, 35, "O4: backup retention to move to when longer"),
      bool("aurora.removeSecondaryRegions", "O4: recommend removing global-database secondary regions"),
      number("aurora.secondaryReadsMaxPerSecond", 0, 1e9, "O4: a secondary region is safe to remove when it serves fewer reads than this"),
      percent("aurora.freeableMemoryMinPct", "a class change keeps the freeable memory at or above this share of the new class's memory"),

      percent("rds.cpuP95MaxPct", "RDS class down when CPU p95 is below this"),
      number("rds.connectionsP95Max", 0, 1e6, "RDS class down only when connections p95 are below this"),
      type("rds.targetInstanceClass", "RDS class to move to (\"\" = one size down)"),
      bool("rds.blueGreen", "O5: change database classes through a blue/green deployment"),
      percent("rds.freeableMemoryMinPct", "a class change keeps the freeable memory at or above this share of the new class's memory"),

      percent("asg.cpuP95MaxPct", "instance size down when CPU p95 is below this"),
      percent("asg.networkMaxPct", "instance size down only when network p95 is below this share of the instance bandwidth"),
      type("asg.targetInstanceType", "instance type to move to (\"\" = one size down)"),
      percent("asg.targetCpuPct", "capacity is sized so the predicted CPU p95 lands at this"),
      integer("asg.targetDesired", 0, 10_000, "fixed desired capacity (0 = computed from targetCpuPct)"),
      integer("asg.targetMin", 0, 10_000, "fixed minimum capacity (0 = scaled with desired)"),
      integer("asg.targetMax", 0, 10_000, "fixed maximum capacity (0 = scaled with desired)"),

      percent("ec2.targetCpuPct", "EC2 and Auto Scaling types are sized so CPU p99.9 (else p99) lands at this share of the new vCPUs"),
      percent("ec2.targetMemoryPct", "... and the maximum memory in use at this share of the new memory"),
      percent("ec2.underProvisionedCpuPct", "an instance whose CPU p99.9 (else p99) exceeds this is under-provisioned and sized up"),
      percent("ec2.underProvisionedMemoryPct", "an instance whose maximum memory in use exceeds this share is under-provisioned and sized up"),
      percent("ec2.networkMaxPct", "the new type's baseline network and EBS bandwidth keep the observed peaks at or below this share"),
      percent("ec2.minSavingsPct", "an over-provisioned instance moves only when the new type saves at least this share"),
      bool("ec2.allowRestart", "EC2 type changes (a stop and start) without a maintenance-window tag; --allow-restart sets it"),
      bool("ec2.allowArchChange", "EC2 and Auto Scaling candidates include the other architecture (Graviton); --allow-arch-change sets it"),

      percent("redis.cpuMaxPct", "shards/replicas down when engine CPU p95 is below this"),
      percent("redis.memoryMaxPct", "shards/replicas down when memory use max is below this"),
      percent("redis.hitRateMinPct", "shards/replicas down only when the cache hit rate stays above this"),
      number("redis.commandsPerSecondMax", 0, 1e9, "O4: resize only when commands per second p95 are below this"),
      type("redis.targetNodeType", "node type to move to (\"\" = keep)"),
      integer("redis.targetShards", 0, 500, "shards to move to (0 = computed from targetMemoryPct)"),
      integer("redis.targetReplicas", 0, 5, "replicas per shard to move to (0 = one fewer, down to minReplicas)"),
      percent("redis.targetMemoryPct", "computed shard count keeps memory use max at or below this"),
      integer("redis.minReplicas", 0, 5, "never fewer replicas per shard than this"),

      percent("dynamodb.onDemandMaxUtilisationPct", "O3: provisioned tables move to on-demand when consumed capacity stays below this"),
      integer("dynamodb.onDemandMinDays", 1, 455, "O3: ... for at least this many consecutive days"),
      number("dynamodb.gsiMinQueriesPerWeek", 0, 1e12, "O4: indexes queried fewer times a week are dropped"),
      bool("dynamodb.disableStreamsWithoutConsumer", "O4: disable streams no Lambda event source mapping reads"),
      number("dynamodb.consolidationMaxRequestsPerSecond", 0, 1e9, "O4: tables this quiet are flagged as consolidation candidates"),
      percent("dynamodb.provisionedMaxUtilisationPct", "provisioned tables whose peak hour stays below this share of their capacity are flagged for right-sizing"),
      percent("dynamodb.targetUtilisationPct", "right-sized capacity (or auto scaling's target) puts the peak hour at this share"),
      percent("dynamodb.autoScalingMaxMeanUtilisationPct", "provisioned tables whose mean hour uses less than this share of their capacity are told to use auto scaling"),

      percent("dax.cpuP95MaxPct", "DAX nodes down when CPU p95 is below this"),
      percent("dax.targetCpuPct", "node count is sized so predicted CPU p95 lands at this"),
      integer("dax.minNodes", 1, 11, "never fewer nodes than this (3 spans the AZs)"),

      percent("lambda.memoryUsedMaxPct", "O5: memory down when max memory used is below this share of the configured memory"),
      percent("lambda.targetMemoryPct", "O5: new memory keeps max memory used at this share"),
      integer("lambda.minMemoryMb", 128, 10_240, "smallest memory TAP will set"),
      integer("lambda.maxMemoryMb", 128, 10_240, "largest memory TAP will set"),
      percent("lambda.provisionedUsedMaxPct", "O5: provisioned concurrency down when its utilisation max is below this"),
      number("lambda.concurrencyHeadroomPct", 0, 1000, "O5: concurrency kept above the observed maximum"),
      percent("lambda.throttledMaxPct", "a function whose throttled share of requests exceeds this is a finding, and is not cut"),

      percent("ebs.iopsPeakMaxPct", "io1/io2 IOPS down when the busiest minute uses less than this share of the provisioned IOPS"),
      number("ebs.iopsHeadroomPct", 0, 1000, "io1/io2 IOPS are cut to the busiest minute plus this headroom"),
      integer("ebs.unattachedMinDays", 0, 3650, "unattached volumes at least this old are reported with their monthly cost (never deleted)"));

  /** Pairs {@code (lower, upper)} that must satisfy lower <= upper when both are set (non-zero). */
  public static final List<List<String>> ORDERED = List.of(
      List.of("asg.targetMin", "asg.targetDesired"),
      List.of("asg.targetDesired", "asg.targetMax"),
      List.of("asg.targetMin", "asg.targetMax"),
      List.of("lambda.minMemoryMb", "lambda.maxMemoryMb"),
      List.of("lambda.memoryUsedMaxPct", "lambda.targetMemoryPct"),
      List.of("slo.rollbackErrorRatePct", "slo.errorRatePct"),
      List.of("redis.minReplicas", "redis.targetReplicas"),
      List.of("minConfidence", "confidenceFlagBelow"));

  private static final Map<String, PolicyKey> BY_PATH = new LinkedHashMap<>();

  static {
    KEYS.forEach(k -> BY_PATH.put(k.path(), k));
  }

  public static PolicyKey key(String path) {
    return BY_PATH.get(path);
  }

  public static boolean known(String path) {
    return BY_PATH.containsKey(path);
  }
}
