package dev.tap.optimizer.plan;

import static dev.tap.optimizer.model.ConfigKeys.*;
import static dev.tap.optimizer.rules.MetricsFixture.constant;
import static dev.tap.optimizer.rules.MetricsFixture.diurnal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tap.optimizer.family.Stage;
import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.asg.AsgRules;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.aurora.AuroraMetrics;
import dev.tap.optimizer.family.aurora.AuroraRules;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.family.dax.DaxRules;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.family.redis.RedisRules;
import dev.tap.optimizer.family.sagemaker.SageMakerFamily;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Recommendation;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.Service;
import dev.tap.optimizer.rules.MetricsFixture;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);
  static final Policy SAAS = PolicyLoader.profile("saas");
  static final Policy TRADING = PolicyLoader.profile("trading");

  static Resource table() {
    return MetricsFixture.resource("tenants", DynamoDbFamily.DYNAMODB, Map.of(BILLING_MODE, "PAY_PER_REQUEST", GSIS, "", STREAM_ENABLED, "true",
        STREAM_CONSUMERS, "0", STREAM_VIEW_TYPE, "NEW_AND_OLD_IMAGES"));
  }

  static Resource dax(String id) {
    return MetricsFixture.resource(id, DaxFamily.DAX, Map.of(NODE_TYPE, "dax.r4.8xlarge", NODES, "6"));
  }

  static Resource aurora() {
    return MetricsFixture.resource("db", AuroraFamily.AURORA, Map.of(ENGINE, "aurora-postgresql", INSTANCE_CLASS, "db.r6g.8xlarge", READERS, "0",
        BACKUP_RETENTION_DAYS, "35"));
  }

  static Analysis plan(Policy p, List<Resource> resources, List<ResourceMetrics> metrics) {
    Snapshot s = new Snapshot("test", "123456789012", "trading", CLOCK.instant(), resources, List.of());
    return new Planner(PriceBook.bundled(), CLOCK).plan(s, metrics, p);
  }

  static ResourceMetrics daxMetrics(Resource r, int days, double cpuP95, double hourlyPeak) {
    return MetricsFixture.of(r, days).window(DaxRules.CPU, "p95", cpuP95).hourly(DaxRules.CPU, "Maximum", diurnal(2, hourlyPeak)).build();
  }

  @Test
  void phasesRunDynamoDbThenComputeThenDatabasesAndBlockedActionsAreLeftOutWithTheReason() {
    Resource t = table();
    Resource d = dax("cache");
    Resource a = aurora();
    // Aurora: CPU p95 low, but hourly peaks of 60 % become 480 % on db.r6g.xlarge: blocked.
    // (its storage and billed backup are measured: without them the cluster cannot be priced)
    ResourceMetrics am = MetricsFixture.of(a, 90).window(AuroraRules.CPU, "p95", 30).window(AuroraRules.CONNECTIONS, "p95", 100)
        .window(AuroraMetrics.VOLUME_BYTES, "Average", 500e9).window(AuroraMetrics.BACKUP_BILLED, "Average", 200e9)
        .hourly(AuroraRules.CPU, "Maximum", diurnal(5, 60)).build();
    Analysis an = plan(SAAS.withLookbackDays(90), List.of(a, d, t), List.of(am, daxMetrics(d, 90, 12, 30), MetricsFixture.of(t, 90)
        .hourly("ConsumedReadCapacityUnits", "Sum", constant(36_000)).hourly("ConsumedWriteCapacityUnits", "Sum", constant(3_600)).build()));
    Plan p = an.plan();
    assertThat(p.phases()).extracting(Phase::name).containsExactly(DynamoDbFamily.STAGE.name(), Stage.COMPUTE.name(), Stage.DATABASES.name());
    assertThat(p.phases()).extracting(Phase::number).containsExactly(1, 2, 3);
    // the class change is blocked; the backup retention (saas: 14 days) needs no replay and stays
    assertThat(p.phases().get(2).actions()).extracting(Action::kind).containsExactly(AuroraFamily.DB_BACKUP_RETENTION);
    assertThat(p.phases().get(0).actions()).extracting(Action::kind).containsExactly(DynamoDbFamily.DYNAMODB_DISABLE_STREAM);
    assertThat(p.phases().get(1).actions()).extracting(Action::kind).containsExactly(DaxFamily.DAX_NODES);
    assertThat(p.phases()).allSatisfy(ph -> assertThat(ph.observation().toHours()).isEqualTo(48));
    assertThat(p.actions()).extracting(Action::id).containsExactly("p1-a01", "p2-a01", "p3-a01");
    assertThat(p.skipped()).anySatisfy(s -> {
      assertThat(s.resourceId()).isEqualTo("db");
      assertThat(s.reason()).contains("DB_INSTANCE_CLASS").contains("backtest").contains("writer CPU saturates for");
    });
    Recommendation blocked = an.recommendations().stream().filter(r -> r.action().kind() == AuroraFamily.DB_INSTANCE_CLASS).findFirst().orElseThrow();
    assertThat(blocked.status()).isEqualTo(Recommendation.Status.BLOCKED_BY_BACKTEST);
    assertThat(blocked.action().backtest().predictedPeakUtilisationPct()).isCloseTo(480, within(0.5)); // saas: writer to db.r6g.xlarge, 8x smaller
    assertThat(p.priceListDate()).isEqualTo("2025-06-01");
    assertThat(p.createdAt()).isEqualTo(CLOCK.instant());
  }

  static Action mlAction(String id, boolean backtestPassed) {
    return new Action(id, SageMakerFamily.SAGEMAKER_ENDPOINT, id, "us-west-2", Map.of("instanceCount", "10"), Map.of("instanceCount", "4"), 1000, 400,
        Action.Risk.MEDIUM, 0.8, List.of(), new Backtest(30, 20, 21, 25, 26, 0, 0, 70, backtestPassed ? 0 : 3, backtestPassed, "replay: 3 hours over"),
        "fewer instances");
  }

  @Test
  void M3_theMlPlatformsActionsFormTheirOwnPhaseAfterRestoreAndBeforeTheAccountsOwn() {
    Resource d = dax("cache");
    Analysis an = new Planner(PriceBook.bundled(), CLOCK).plan(new Snapshot("test", "123456789012", "trading", CLOCK.instant(), List.of(d), List.of()),
        List.of(daxMetrics(d, 90, 12, 30)), TRADING, List.of(Planner.analysedElsewhere(mlAction("endpoint", true)), Planner.analysedElsewhere(mlAction("risky", false))));
    Plan p = an.plan();
    assertThat(p.phases()).extracting(Phase::name).containsExactly(SageMakerFamily.STAGE.name(), Stage.COMPUTE.name());
    assertThat(p.phases().get(0).actions()).extracting(Action::resourceId).containsExactly("endpoint");
    assertThat(p.actions()).extracting(Action::id).containsExactly("p1-a01", "p2-a01");
    assertThat(p.skipped()).anySatisfy(s -> {
      assertThat(s.resourceId()).isEqualTo("risky");
      assertThat(s.reason()).contains("SAGEMAKER_ENDPOINT left out").contains("3 hours over");
    });
    assertThat(an.recommendations()).filteredOn(r -> r.action().resourceId().equals("risky")).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(Recommendation.Status.BLOCKED_BY_BACKTEST));
  }

  @Test
  void costsComeFromThePriceBook() {
    Resource d = dax("cache");
    Action a = plan(TRADING, List.of(d), List.of(daxMetrics(d, 90, 12, 30))).plan().actions().get(0);
    double hourly = PriceBook.bundled().onDemandHourly(Service.DAX, "dax.r4.8xlarge", "us-east-1");
    assertThat(a.before()).isEqualTo(Map.of(NODES, "6"));
    // peak 30 %: 3 or 4 nodes would run at 90 % after losing an AZ (N-1); 5 nodes run at 60 %
    assertThat(a.after()).isEqualTo(Map.of(NODES, "5"));
    assertThat(a.monthlyCostBefore()).isCloseTo(6 * hourly * 730, within(1e-6));
    assertThat(a.monthlyCostAfter()).isCloseTo(5 * hourly * 730, within(1e-6));
  }

  @Test
  void O6_excludedResourcesAreNeverPlannedAndAreListedWithWhy() {
    Resource tenant = dax("tenant-cache").withTags(Map.of("TenantId", "t-7"));
    Resource critical = dax("critical-cache").withTags(Map.of("CriticalPath", "true"));
    Resource notCritical = dax("other-cache").withTags(Map.of("CriticalPath", "false"));
    Analysis an = plan(TRADING, List.of(tenant, critical, notCritical),
        List.of(daxMetrics(tenant, 90, 12, 30), daxMetrics(critical, 90, 12, 30), daxMetrics(notCritical, 90, 12, 30)));
    assertThat(an.plan().actions()).extracting(Action::resourceId).containsExactly("other-cache");
    assertThat(an.recommendations()).extracting(r -> r.action().resourceId()).containsExactly("other-cache");
    assertThat(an.plan().skipped()).extracting(Plan.Skipped::resourceId, Plan.Skipped::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple("tenant-cache", "excluded (SPEC O6): tagged TenantId=t-7 (tenant-owned)"),
        org.assertj.core.groups.Tuple.tuple("critical-cache", "excluded (SPEC O6): tagged CriticalPath=true"));
  }

  @Test
  void minConfidenceFiltersAndTheFlagMarksLowConfidence() {
    Resource full = dax("full");
    Resource patchy = dax("patchy");
    ResourceMetrics patchyMetrics = MetricsFixture.of(patchy, 90).window(DaxRules.CPU, "p95", 12)
        .hourly(DaxRules.CPU, "Maximum", h -> h % 3 == 0 ? 30 - (h % 24) * 0.1 : Double.NaN).build(); // a third of the hours, moving (a flat line gets no confidence)
    List<ResourceMetrics> metrics = List.of(daxMetrics(full, 90, 12, 30), patchyMetrics);
    Analysis loose = plan(TRADING, List.of(full, patchy), metrics);
    assertThat(loose.plan().actions()).hasSize(2);
    Recommendation p = loose.recommendations().stream().filter(r -> r.action().resourceId().equals("patchy")).findFirst().orElseThrow();
    assertThat(p.coverage()).isCloseTo(1 / 3.0, within(0.01));
    assertThat(p.lowConfidence()).isTrue();
    Analysis strict = plan(TRADING.withMinConfidence(0.5), List.of(full, patchy), metrics);
    assertThat(strict.plan().actions()).extracting(Action::resourceId).containsExactly("full");
    assertThat(strict.recommendations()).filteredOn(r -> r.action().resourceId().equals("patchy"))
        .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(Recommendation.Status.BELOW_MIN_CONFIDENCE));
    assertThat(strict.plan().skipped()).anySatisfy(s -> assertThat(s.reason()).contains("confidence 0.25 < minimum 0.50")); // coverage 1/3 x margin factor 0.75 (N-1 peak 60 % of 80 %)
  }

  @Test
  void O3_breachedSloPutsAScaleUpFirstAndHoldsComputeDownsizing() {
    Resource asg = MetricsFixture.resource("asg", AsgFamily.ASG, Map.of(INSTANCE_TYPE, "c6i.8xlarge", DESIRED, "20", MIN, "15", MAX, "30"));
    Resource redis = MetricsFixture.resource("redis", RedisFamily.REDIS, Map.of(NODE_TYPE, "cache.r6gd.8xlarge", SHARDS, "15", REPLICAS_PER_SHARD, "2"));
    ResourceMetrics am = MetricsFixture.of(asg, 90).window(AsgRules.CPU, "p95", 20).hourly(AsgRules.CPU, "Maximum", diurnal(5, 25))
        .window("SloLatency", "p95", 18).hourly("SloLatency", "p95", diurnal(8, 20)).build();
    ResourceMetrics rm = MetricsFixture.of(redis, 90).window(RedisRules.CPU, "p95", 10).window(RedisRules.MEMORY, "Maximum", 10)
        .window(RedisRules.HIT_RATE, "p5", 99).hourly(RedisRules.CPU, "Maximum", constant(10)).hourly(RedisRules.MEMORY, "Average", constant(10)).build();
    Analysis an = plan(TRADING, List.of(redis, asg), List.of(rm, am));
    assertThat(an.slo().breached()).isTrue();
    Plan p = an.plan();
    assertThat(p.phases().get(0).name()).isEqualTo(Stage.RESTORE.name());
    Action up = p.phases().get(0).actions().get(0);
    assertThat(up.kind()).isEqualTo(AsgFamily.ASG_CAPACITY);
    assertThat(up.after()).containsEntry(DESIRED, "25");
    assertThat(up.monthlySavings()).isNegative();
    assertThat(p.actions()).noneMatch(a -> a.kind() == AsgFamily.ASG_INSTANCE_TYPE);
    assertThat(an.findings()).anySatisfy(f -> assertThat(f.title()).isEqualTo("SLO breached over the lookback"));
  }
}
