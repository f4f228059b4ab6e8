package dev.tap.optimizer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.asg.AsgMetrics;
import dev.tap.optimizer.family.aurora.AuroraMetrics;
import dev.tap.optimizer.family.dynamodb.DynamoDbMetrics;
import dev.tap.optimizer.family.ec2.Ec2Family;
import dev.tap.optimizer.family.redis.RedisMetrics;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataPage;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataRequest;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.ConfigKeys;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.slo.SloMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimAccountTest {

  static final Map<String, String> ASG_DIMS = Map.of("AutoScalingGroupName", "tap-dev-trading-asg");

  static List<ResourceMetrics> fetch(SimAccount a, int days) {
    Instant end = a.clock().instant();
    return new MetricsEngine(a.cloudWatch(), Families.catalog(), a.clock()).fetch(a.snapshot(), end.minus(Duration.ofDays(days)), end, null);
  }

  static ResourceMetrics of(List<ResourceMetrics> all, String id) {
    return all.stream().filter(m -> m.resource().id().equals(id)).findFirst().orElseThrow();
  }

  static double value(ResourceMetrics m, String key, String stat) {
    return m.window(key, stat).orElseThrow(() -> new AssertionError(m.resource().id() + " has no " + key + ":" + stat)).value();
  }

  static double windowStat(SimAccount a, String ns, String metric, Map<String, String> dims, String stat, Instant start, Instant end) {
    int period = (int) Duration.between(start, end).getSeconds();
    MetricDataPage p = a.cloudWatch().getMetricData(new MetricDataRequest(List.of(new MetricQuery("q", ns, metric, dims, stat, period)), start, end, null));
    return p.results().get(0).isEmpty() ? Double.NaN : p.results().get(0).values()[0];
  }

  @ParameterizedTest(name = "{0} has the outputs' physical names")
  @CsvSource({
    "TRADING, tap-dev-trading-aurora tap-dev-trading-asg tap-dev-trading-redis tap-dev-trades tap-dev-orders tap-dev-positions tap-dev-dax",
    "SAAS, tap-dev-saas-aurora tap-dev-saas-asg tap-dev-saas-redis tap-dev-tenants tap-dev-users tap-dev-audit-logs tap-dev-saas-alb",
    "STAGING, tap-dev-staging-db tap-dev-staging-asg tap-dev-staging-redis tap-dev-staging-nlb tap-dev-staging-fn-1 tap-dev-staging-fn-2 "
        + "tap-dev-staging-fn-3 tap-dev-staging-fn-4 tap-dev-staging-fn-5",
  })
  void fleetsUseTheBlueprintIdentifiers(SimBlueprint b, String ids) {
    SimAccount a = SimAccount.of(b);
    assertThat(a.snapshot().resources()).extracting(Resource::id).containsExactly(ids.split(" "));
    // the standalone instances no blueprint created (issue 13): only discovery lists them
    assertThat(a.discover().resources().stream().filter(r -> r.family() == Ec2Family.EC2)).hasSize(5);
    assertThat(a.snapshot().blueprint()).isEqualTo(b.id());
    assertThat(a.snapshot().resources()).allSatisfy(r -> assertThat(r.tags()).containsEntry("Platform", "TAP").containsEntry("Environment", "dev"));
  }

  @Test
  void configurationsMatchTheBlueprints() {
    SimAccount t = SimAccount.of(SimBlueprint.TRADING);
    assertThat(t.resource("tap-dev-trading-aurora").config()).containsEntry(ConfigKeys.INSTANCE_CLASS, "db.r6g.8xlarge").containsEntry(ConfigKeys.READERS, "4")
        .containsEntry(ConfigKeys.BACKUP_RETENTION_DAYS, "35");
    assertThat(t.resource("tap-dev-trading-asg").config()).containsEntry(ConfigKeys.DESIRED, "20").containsEntry(ConfigKeys.MIN, "15")
        .containsEntry(ConfigKeys.MAX, "30").containsEntry(ConfigKeys.INSTANCE_TYPE, "c6i.8xlarge");
    assertThat(t.resource("tap-dev-trading-redis").config()).containsEntry(ConfigKeys.SHARDS, "15").containsEntry(ConfigKeys.REPLICAS_PER_SHARD, "2")
        .containsEntry(ConfigKeys.NODE_TYPE, "cache.r6gd.8xlarge");
    assertThat(t.resource("tap-dev-dax").config()).containsEntry(ConfigKeys.NODES, "6").containsEntry(ConfigKeys.NODE_TYPE, "dax.r4.8xlarge");
    assertThat(t.resource("tap-dev-trades").config()).containsEntry(ConfigKeys.BILLING_MODE, "PROVISIONED")
        .containsEntry(ConfigKeys.GSIS, "by-account,by-order,by-symbol");
    SimAccount s = SimAccount.of(SimBlueprint.SAAS);
    assertThat(s.resource("tap-dev-saas-asg").config()).containsEntry(ConfigKeys.DESIRED, "15").containsEntry(ConfigKeys.INSTANCE_TYPE, "m5.4xlarge");
    assertThat(s.resource("tap-dev-users").config()).containsEntry(ConfigKeys.BILLING_MODE, "PAY_PER_REQUEST");
    assertThat(s.resource("tap-dev-users").config().get(ConfigKeys.GSIS).split(",")).hasSize(4);
    SimAccount g = SimAccount.of(SimBlueprint.STAGING);
    assertThat(g.resource("tap-dev-staging-fn-3").config()).containsEntry(ConfigKeys.MEMORY_MB, "3008").containsEntry(ConfigKeys.PROVISIONED_CONCURRENCY, "50");
    assertThat(g.resource("tap-dev-staging-db").config()).containsEntry(ConfigKeys.IOPS, "12000").containsEntry(ConfigKeys.MEMBER_IDS, "tap-dev-staging-db-replica");
  }

  @Test
  void someResourcesAreExcludedByTheirTags() {
    assertThat(SimAccount.of(SimBlueprint.TRADING).resource("tap-dev-positions").exclusionReason()).hasValueSatisfying(r -> assertThat(r).contains("CriticalPath"));
    assertThat(SimAccount.of(SimBlueprint.SAAS).resource("tap-dev-audit-logs").exclusionReason()).hasValueSatisfying(r -> assertThat(r).contains("TenantId"));
    assertThat(SimAccount.of(SimBlueprint.STAGING).resource("tap-dev-staging-fn-2").exclusionReason()).isPresent();
    assertThat(SimAccount.of(SimBlueprint.TRADING).resource("tap-dev-trades").exclusionReason()).isEmpty();
  }

  @Test
  void theSameSeedGivesTheSameMetricsAndAnotherSeedOthers() {
    List<ResourceMetrics> a = fetch(SimAccount.of(SimBlueprint.SAAS, 42), 30);
    List<ResourceMetrics> b = fetch(SimAccount.of(SimBlueprint.SAAS, 42), 30);
    List<ResourceMetrics> c = fetch(SimAccount.of(SimBlueprint.SAAS, 43), 30);
    assertThat(b).isEqualTo(a);
    assertThat(value(of(c, "tap-dev-saas-asg"), AsgMetrics.CPU, "p95")).isNotEqualTo(value(of(a, "tap-dev-saas-asg"), AsgMetrics.CPU, "p95"));
  }

  /** SPEC's trading story: far above its load, except the hot positions table. */
  @Test
  void tradingIsOverProvisionedButNotEverywhere() {
    List<ResourceMetrics> all = fetch(SimAccount.of(SimBlueprint.TRADING), 90);
    assertThat(value(of(all, "tap-dev-trading-aurora"), AuroraMetrics.WRITER_CPU, "p95")).isBetween(10.0, 40.0);
    assertThat(value(of(all, "tap-dev-trading-asg"), AsgMetrics.CPU, "p95")).isBetween(10.0, 40.0);
    assertThat(value(of(all, "tap-dev-trading-redis"), RedisMetrics.ENGINE_CPU, "p95")).isLessThan(30.0);
    assertThat(value(of(all, "tap-dev-trading-redis"), RedisMetrics.HIT_RATE, "Average")).isGreaterThan(95.0);
    for (String t : List.of("tap-dev-trades", "tap-dev-orders", "tap-dev-positions")) {
      ResourceMetrics m = of(all, t);
      double readPct = value(m, DynamoDbMetrics.CONSUMED_READ, "Sum") / (90 * 86_400.0) / value(m, DynamoDbMetrics.PROVISIONED_READ, "Average") * 100;
      if (t.endsWith("positions")) assertThat(readPct).as(t).isGreaterThan(30.0);
      else assertThat(readPct).as(t).isLessThan(20.0);
    }
    ResourceMetrics trades = of(all, "tap-dev-trades");
    assertThat(value(trades, DynamoDbMetrics.gsiKey("by-order"), "SampleCount") / (90 / 7.0)).as("queries a week").isBetween(1.0, 10.0);
    assertThat(value(trades, DynamoDbMetrics.gsiKey("by-symbol"), "SampleCount") / (90 / 7.0)).isGreaterThan(1_000_000.0);
    ResourceMetrics asg = of(all, "tap-dev-trading-asg");
    assertThat(value(asg, SloMetrics.LATENCY, "p95")).isBetween(3.0, 15.0);
    assertThat(value(asg, SloMetrics.ERROR_RATE, "Average")).isLessThan(0.5);
  }

  @Test
  void stagingHasAHotFunctionAndABurstyAsg() {
    List<ResourceMetrics> all = fetch(SimAccount.of(SimBlueprint.STAGING), 45);
    assertThat(value(of(all, "tap-dev-staging-fn-4"), "ProvisionedConcurrencyUtilization", "p95")).isGreaterThan(0.5);
    assertThat(value(of(all, "tap-dev-staging-fn-3"), "ProvisionedConcurrencyUtilization", "p95")).isLessThan(0.1);
    assertThat(value(of(all, "tap-dev-staging-fn-5"), "memory_utilization", "Maximum")).isLessThan(100.0);
    ResourceMetrics asg = of(all, "tap-dev-staging-asg");
    assertThat(value(asg, AsgMetrics.CPU, "Maximum")).isGreaterThan(3 * value(asg, AsgMetrics.CPU, "Average"));
  }

  @Test
  void shrinkingRaisesUtilisationAfterTheChangeOnly() {
    SimAccount a = SimAccount.of(SimBlueprint.TRADING);
    Instant change = a.clock().instant();
    // the same weekday a week earlier, so the weekly cycle does not pass for the change
    Instant weekBefore = change.minus(Duration.ofDays(7));
    double before = windowStat(a, "AWS/EC2", "CPUUtilization", ASG_DIMS, "Average", weekBefore, weekBefore.plus(Duration.ofDays(1)));

    a.reconfigure("tap-dev-trading-asg", Map.of(ConfigKeys.DESIRED, "10", ConfigKeys.MIN, "8"));
    assertThat(a.snapshot().resources().stream().filter(r -> r.id().equals("tap-dev-trading-asg")).findFirst().orElseThrow().config())
        .containsEntry(ConfigKeys.DESIRED, "10").containsEntry(ConfigKeys.MAX, "30");
    assertThat(windowStat(a, "AWS/EC2", "CPUUtilization", ASG_DIMS, "Average", change, change.plus(Duration.ofDays(1)))).as("no data from the future").isNaN();

    a.clock().advance(Duration.ofDays(1));
    double after = windowStat(a, "AWS/EC2", "CPUUtilization", ASG_DIMS, "Average", change, change.plus(Duration.ofDays(1)));
    double beforeAgain = windowStat(a, "AWS/EC2", "CPUUtilization", ASG_DIMS, "Average", weekBefore, weekBefore.plus(Duration.ofDays(1)));
    assertThat(beforeAgain).as("history is not rewritten").isEqualTo(before);
    // half the vCPUs: twice the utilisation, give or take the day-to-day variation
    assertThat(after / before).isBetween(1.5, 2.7);
  }

  @Test
  void shrinkingTooFarBreaksTheSloSoAGuardCanTrip() {
    SimAccount a = SimAccount.of(SimBlueprint.TRADING);
    Map<String, String> slo = SloMetrics.dimensions("trading", "dev");
    Instant change = a.clock().instant();
    double p95Before = windowStat(a, "TAP/SLO", "Latency", slo, "p95", change.minus(Duration.ofDays(2)), change);
    double errorsBefore = windowStat(a, "TAP/SLO", "ErrorRate", slo, "Average", change.minus(Duration.ofDays(2)), change);

    a.reconfigure("tap-dev-trading-asg", Map.of(ConfigKeys.DESIRED, "3", ConfigKeys.MIN, "3"));
    a.clock().advance(Duration.ofDays(2));
    double p95After = windowStat(a, "TAP/SLO", "Latency", slo, "p95", change, change.plus(Duration.ofDays(2)));
    double errorsAfter = windowStat(a, "TAP/SLO", "ErrorRate", slo, "Average", change, change.plus(Duration.ofDays(2)));
    double queueAfter = windowStat(a, "TAP/SLO", "QueueDepth", slo, "Maximum", change, change.plus(Duration.ofDays(2)));

    assertThat(p95Before).isLessThan(15);
    assertThat(p95After).as("T8 alarm: p95 > 15 ms").isGreaterThan(15);
    assertThat(errorsAfter).isGreaterThan(Math.max(1.0, 5 * errorsBefore));
    assertThat(queueAfter).isGreaterThan(1_000);
  }

  @Test
  void switchingATableToOnDemandEndsItsProvisionedMetrics() {
    SimAccount a = SimAccount.of(SimBlueprint.TRADING);
    Map<String, String> t = Map.of("TableName", "tap-dev-trades");
    Instant change = a.clock().instant();
    a.reconfigure("tap-dev-trades", Map.of(ConfigKeys.BILLING_MODE, "PAY_PER_REQUEST"));
    a.clock().advance(Duration.ofHours(6));
    assertThat(windowStat(a, "AWS/DynamoDB", "ProvisionedReadCapacityUnits", t, "Average", change, change.plus(Duration.ofHours(6)))).isNaN();
    assertThat(windowStat(a, "AWS/DynamoDB", "ProvisionedReadCapacityUnits", t, "Average", change.minus(Duration.ofHours(6)), change)).isEqualTo(1000);
    assertThat(windowStat(a, "AWS/DynamoDB", "ConsumedReadCapacityUnits", t, "Sum", change, change.plus(Duration.ofHours(6)))).isPositive();
  }

  @Test
  void aLambdaGivenLessMemoryThanItUsesFailsAndRunsLonger() {
    SimAccount a = SimAccount.of(SimBlueprint.STAGING);
    Map<String, String> fn = Map.of("FunctionName", "tap-dev-staging-fn-5");
    Instant change = a.clock().instant();
    Instant weekBefore = change.minus(Duration.ofDays(7));
    double errorsBefore = windowStat(a, "AWS/Lambda", "Errors", fn, "Sum", weekBefore, weekBefore.plus(Duration.ofDays(2)));
    double invocationsBefore = windowStat(a, "AWS/Lambda", "Invocations", fn, "Sum", weekBefore, weekBefore.plus(Duration.ofDays(2)));
    double durationBefore = windowStat(a, "AWS/Lambda", "Duration", fn, "Average", weekBefore, weekBefore.plus(Duration.ofDays(2)));

    a.reconfigure("tap-dev-staging-fn-5", Map.of(ConfigKeys.MEMORY_MB, "1024")); // it uses ~1,400 MB
    a.clock().advance(Duration.ofDays(2));
    double errorsAfter = windowStat(a, "AWS/Lambda", "Errors", fn, "Sum", change, change.plus(Duration.ofDays(2)));
    double invocationsAfter = windowStat(a, "AWS/Lambda", "Invocations", fn, "Sum", change, change.plus(Duration.ofDays(2)));
    double durationAfter = windowStat(a, "AWS/Lambda", "Duration", fn, "Average", change, change.plus(Duration.ofDays(2)));

    assertThat(errorsBefore / invocationsBefore).isLessThan(0.01);
    assertThat(errorsAfter / invocationsAfter).isGreaterThan(0.3);
    assertThat(durationAfter / durationBefore).isBetween(1.4, 2.0); // sqrt(3008 / 1024) = 1.71
  }

  @Test
  void aDeletedIndexAndADisabledStreamPublishNothingAfterwards() {
    SimAccount a = SimAccount.of(SimBlueprint.SAAS);
    Map<String, String> byPlan = Map.of("TableName", "tap-dev-tenants", "GlobalSecondaryIndexName", "by-plan");
    Map<String, String> byOwner = Map.of("TableName", "tap-dev-tenants", "GlobalSecondaryIndexName", "by-owner");
    Map<String, String> stream = Map.of("TableName", "tap-dev-users", "StreamLabel", "2026-08-18T00:00:00.000", "Operation", "GetRecords");
    Instant change = a.clock().instant();
    assertThat(windowStat(a, "AWS/DynamoDB", "ReturnedRecordsCount", stream, "Sum", change.minus(Duration.ofDays(1)), change)).isPositive();
    a.reconfigure("tap-dev-tenants", Map.of(ConfigKeys.GSIS, "by-owner,by-region,by-status"));
    a.reconfigure("tap-dev-users", Map.of(ConfigKeys.STREAM_ENABLED, "false"));
    a.clock().advance(Duration.ofDays(7));
    Instant later = a.clock().instant();
    assertThat(windowStat(a, "AWS/DynamoDB", "ConsumedReadCapacityUnits", byPlan, "SampleCount", change, later)).isNaN();
    assertThat(windowStat(a, "AWS/DynamoDB", "ConsumedReadCapacityUnits", byOwner, "SampleCount", change, later)).isGreaterThan(1_000);
    assertThat(windowStat(a, "AWS/DynamoDB", "ReturnedRecordsCount", stream, "Sum", change, later)).isNaN();
  }

  @Test
  void unknownResourcesAreNamedInTheError() {
    assertThatThrownBy(() -> SimAccount.of(SimBlueprint.SAAS).reconfigure("tap-dev-nope", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tap-dev-nope").hasMessageContaining("tap-dev-saas-asg");
  }

  @Test
  void aBenchmarkFleetHasNResourcesOfEightMetrics() {
    SimAccount f = SimAccount.fleet(25);
    assertThat(f.snapshot().resources()).hasSize(25).allSatisfy(r -> assertThat(r.family()).isEqualTo(AsgFamily.ASG));
    assertThat(SimAccount.fleetCatalog().specs(f.snapshot(), f.snapshot().resources().get(0))).hasSize(8);
    assertThat(f.blueprint()).isEmpty();
  }
}
