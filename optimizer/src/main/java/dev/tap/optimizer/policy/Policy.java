package dev.tap.optimizer.policy;

import java.util.Map;

/**
 * The thresholds rules, backtests and the guard compare with, loaded from a YAML profile
 * ({@code trading}, {@code saas}, {@code staging}) and an optional override file; see {@link
 * PolicyLoader} and docs/analysis.md. Percentages are 0 to 100.
 */
public record Policy(
    String profile,
    String origin,
    int lookbackDays,
    double minConfidence,
    double confidenceFlagBelow,
    Slo slo,
    BacktestLimits backtest,
    Aurora aurora,
    Rds rds,
    Asg asg,
    Redis redis,
    DynamoDb dynamodb,
    Dax dax,
    Lambda lambda,
    Guard guard,
    Map<String, Object> values) {

  /** The observation guard's own settings; the per-family signal thresholds are read by key ({@link #number}). */
  public record Guard(
      int checkMinutes, int breachChecks, int blindChecks, int blindLimitChecks, int baselineDays, double baselinePercentile,
      int controlHours, double controlPercentile, double attributionMarginPct) {}

  public Policy {
    values = Map.copyOf(values);
  }

  /**
   * A numeric threshold by its schema path ({@code guard.lambda.throttlesMaxPerMinute}): how a
   * family's health signal names its limit. An unknown or non-numeric key is a programming error.
   */
  public double number(String key) {
    Object v = values.get(key);
    if (!(v instanceof Number n)) throw new IllegalArgumentException("policy has no numeric key '" + key + "' (see PolicySchema)");
    return n.doubleValue();
  }

  /** A boolean by its schema path ({@code ec2.allowRestart}). */
  public boolean flag(String key) {
    if (!(values.get(key) instanceof Boolean b)) throw new IllegalArgumentException("policy has no boolean key '" + key + "' (see PolicySchema)");
    return b;
  }

  /** The same policy with one key set (a command-line flag such as --allow-restart); typed records are unchanged. */
  public Policy with(String key, Object value) {
    if (!PolicySchema.known(key)) throw new IllegalArgumentException("unknown policy key " + key);
    Map<String, Object> v = new java.util.HashMap<>(values);
    v.put(key, value);
    return new Policy(profile, origin, lookbackDays, minConfidence, confidenceFlagBelow, slo, backtest, aurora, rds, asg, redis, dynamodb, dax, lambda, guard, v);
  }

  public record Slo(
      double latencyP95Ms, double errorRatePct, double queueDepth, double rollbackErrorRatePct,
      double rollbackP99RisePct, int observationHours, double scaleUpPct, boolean scaleUpTriggers) {}

  public record BacktestLimits(double maxUtilisationPct, int maxBreachHours) {}

  public record Aurora(
      double cpuP95MaxPct, double connectionsP95Max, String targetWriterClass, double replicaLagMaxMs,
      double readIopsShareMaxPct, int minReaders, int targetBackupRetentionDays, boolean removeSecondaryRegions,
      double secondaryReadsMaxPerSecond, double freeableMemoryMinPct) {}

  public record Rds(double cpuP95MaxPct, double connectionsP95Max, String targetInstanceClass, boolean blueGreen, double freeableMemoryMinPct) {}

  public record Asg(
      double cpuP95MaxPct, double networkMaxPct, String targetInstanceType, double targetCpuPct,
      int targetDesired, int targetMin, int targetMax) {}

  public record Redis(
      double cpuMaxPct, double memoryMaxPct, double hitRateMinPct, double commandsPerSecondMax, String targetNodeType,
      int targetShards, int targetReplicas, double targetMemoryPct, int minReplicas) {}

  public record DynamoDb(
      double onDemandMaxUtilisationPct, int onDemandMinDays, double gsiMinQueriesPerWeek,
      boolean disableStreamsWithoutConsumer, double consolidationMaxRequestsPerSecond, double provisionedMaxUtilisationPct,
      double targetUtilisationPct, double autoScalingMaxMeanUtilisationPct) {}

  public record Dax(double cpuP95MaxPct, double targetCpuPct, int minNodes) {}

  public record Lambda(
      double memoryUsedMaxPct, double targetMemoryPct, int minMemoryMb, int maxMemoryMb,
      double provisionedUsedMaxPct, double concurrencyHeadroomPct, double throttledMaxPct) {}

  /** Builds a policy from validated values keyed by {@link PolicySchema} paths (every key present). */
  static Policy of(String profile, String origin, Map<String, Object> v) {
    Values x = new Values(v);
    return new Policy(profile, origin,
        x.i("lookbackDays"), x.d("minConfidence"), x.d("confidenceFlagBelow"),
        new Slo(x.d("slo.latencyP95Ms"), x.d("slo.errorRatePct"), x.d("slo.queueDepth"), x.d("slo.rollbackErrorRatePct"),
            x.d("slo.rollbackP99RisePct"), x.i("slo.observationHours"), x.d("slo.scaleUpPct"), x.b("slo.scaleUpTriggers")),
        new BacktestLimits(x.d("backtest.maxUtilisationPct"), x.i("backtest.maxBreachHours")),
        new Aurora(x.d("aurora.cpuP95MaxPct"), x.d("aurora.connectionsP95Max"), x.s("aurora.targetWriterClass"),
            x.d("aurora.replicaLagMaxMs"), x.d("aurora.readIopsShareMaxPct"), x.i("aurora.minReaders"),
            x.i("aurora.targetBackupRetentionDays"), x.b("aurora.removeSecondaryRegions"), x.d("aurora.secondaryReadsMaxPerSecond"),
            x.d("aurora.freeableMemoryMinPct")),
        new Rds(x.d("rds.cpuP95MaxPct"), x.d("rds.connectionsP95Max"), x.s("rds.targetInstanceClass"), x.b("rds.blueGreen"),
            x.d("rds.freeableMemoryMinPct")),
        new Asg(x.d("asg.cpuP95MaxPct"), x.d("asg.networkMaxPct"), x.s("asg.targetInstanceType"), x.d("asg.targetCpuPct"),
            x.i("asg.targetDesired"), x.i("asg.targetMin"), x.i("asg.targetMax")),
        new Redis(x.d("redis.cpuMaxPct"), x.d("redis.memoryMaxPct"), x.d("redis.hitRateMinPct"), x.d("redis.commandsPerSecondMax"),
            x.s("redis.targetNodeType"), x.i("redis.targetShards"), x.i("redis.targetReplicas"), x.d("redis.targetMemoryPct"),
            x.i("redis.minReplicas")),
        new DynamoDb(x.d("dynamodb.onDemandMaxUtilisationPct"), x.i("dynamodb.onDemandMinDays"), x.d("dynamodb.gsiMinQueriesPerWeek"),
            x.b("dynamodb.disableStreamsWithoutConsumer"), x.d("dynamodb.consolidationMaxRequestsPerSecond"),
            x.d("dynamodb.provisionedMaxUtilisationPct"), x.d("dynamodb.targetUtilisationPct"), x.d("dynamodb.autoScalingMaxMeanUtilisationPct")),
        new Dax(x.d("dax.cpuP95MaxPct"), x.d("dax.targetCpuPct"), x.i("dax.minNodes")),
        new Lambda(x.d("lambda.memoryUsedMaxPct"), x.d("lambda.targetMemoryPct"), x.i("lambda.minMemoryMb"),
            x.i("lambda.maxMemoryMb"), x.d("lambda.provisionedUsedMaxPct"), x.d("lambda.concurrencyHeadroomPct"),
            x.d("lambda.throttledMaxPct")),
        new Guard(x.i("guard.checkMinutes"), x.i("guard.breachChecks"), x.i("guard.blindChecks"), x.i("guard.blindLimitChecks"),
            x.i("guard.baselineDays"), x.d("guard.baselinePercentile"), x.i("guard.controlHours"), x.d("guard.controlPercentile"),
            x.d("guard.attributionMarginPct")),
        v);
  }

  /** The same policy with another lookback or confidence filter (command-line overrides). */
  public Policy withLookbackDays(int days) {
    return new Policy(profile, origin, days, minConfidence, confidenceFlagBelow, slo, backtest, aurora, rds, asg, redis, dynamodb, dax, lambda, guard, values);
  }

  public Policy withMinConfidence(double min) {
    return new Policy(profile, origin, lookbackDays, min, confidenceFlagBelow, slo, backtest, aurora, rds, asg, redis, dynamodb, dax, lambda, guard, values);
  }

  private record Values(Map<String, Object> v) {
    double d(String k) {
      return ((Number) get(k)).doubleValue();
    }

    int i(String k) {
      return ((Number) get(k)).intValue();
    }

    boolean b(String k) {
      return (Boolean) get(k);
    }

    String s(String k) {
      return (String) get(k);
    }

    private Object get(String k) {
      Object o = v.get(k);
      if (o == null) throw new IllegalStateException("policy key " + k + " missing after validation");
      return o;
    }
  }
}
