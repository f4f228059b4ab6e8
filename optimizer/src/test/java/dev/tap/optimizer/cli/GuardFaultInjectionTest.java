package dev.tap.optimizer.cli;

import static dev.tap.optimizer.cli.ExecCommandsTest.action;
import static dev.tap.optimizer.cli.ExecCommandsTest.tap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.CrashHook;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.Guard;
import dev.tap.optimizer.exec.GuardReading;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.RunRecord;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.plan.PlanJson;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.sim.SimBlueprint;
import dev.tap.optimizer.sim.actions.SimTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected on the simulated staging account, through {@code tap apply} (issue 14, the
 * guard): missing SLO metrics never end COMPLETED, a burst the service already had is not blamed
 * on an unrelated change, and a change that hurts only its own resource is rolled back by name.
 */
class GuardFaultInjectionTest {
  @TempDir Path dir;

  static final String ACCOUNT = "123456789012";
  static final Instant NOW = SimTarget.fresh(SimBlueprint.STAGING).clock().instant();

  static Plan plan(String name, String environment, Phase... phases) {
    return new Plan(Plan.SCHEMA_VERSION, name, "staging", ACCOUNT, "sim:staging seed 42", NOW, NOW.minus(Duration.ofDays(45)), NOW,
        "2026-11-01", List.of(phases), List.of(), environment);
  }

  Path write(Plan p) {
    Path file = dir.resolve(p.id() + ".json");
    PlanJson.write(p, file);
    return file;
  }

  /** Changes that take nothing the workload needs: one replica fewer, concurrency of idle functions. */
  static Phase harmless() {
    return new Phase(1, "compute and cache", Duration.ofHours(48), List.of(
        action("replicas", RedisFamily.REDIS_REPLICAS, "tap-dev-staging-redis", Map.of("replicasPerShard", "2"), Map.of("replicasPerShard", "1")),
        action("fn3", LambdaFamily.LAMBDA_CONCURRENCY, "tap-dev-staging-fn-3", Map.of("provisionedConcurrency", "50", "reservedConcurrency", "100"),
            Map.of("provisionedConcurrency", "4", "reservedConcurrency", "4")),
        action("fn5", LambdaFamily.LAMBDA_CONCURRENCY, "tap-dev-staging-fn-5", Map.of("provisionedConcurrency", "50", "reservedConcurrency", "100"),
            Map.of("provisionedConcurrency", "3", "reservedConcurrency", "3"))));
  }

  @Test
  void a_sloMetricsOfAnotherEnvironment_refusedBeforeStart_exit4_namingTheMetricsAndDimensions() {
    Path plan = write(plan("prod-env", "prod", harmless()));
    Path state = dir.resolve("s.db");
    var r = tap("apply", plan.toString(), "--yes", "--state", state.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(4);
    assertThat(r.err()).contains("the guard's baseline has no data").contains("TAP/SLO ErrorRate Average").contains("Environment=prod")
        .contains("Blueprint=staging").contains("--allow-unguarded");
    try (Journal j = SqliteJournal.open(state)) {
      assertThat(j.runs()).isEmpty();
    }
  }

  @Test
  void a_environmentComesFromThePlan_notFromAConstant() {
    // the same plan recording the account's environment starts; --environment is only an override
    Path plan = write(plan("prod-env", "prod", harmless()));
    var r = tap("apply", plan.toString(), "--yes", "--state", dir.resolve("s.db").toString(), "--environment", "dev", "--observe", "1h");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
  }

  /** CloudWatch that stops serving TAP/SLO from {@code from} on: the service's metrics vanish mid-run. */
  record DroppingSlo(MetricDataSource inner, Instant from) implements MetricDataSource {
    @Override
    public MetricDataPage getMetricData(MetricDataRequest request) {
      MetricDataPage page = inner.getMetricData(request);
      if (request.end().isAfter(from)) {
        List<MetricSeries> kept = new ArrayList<>();
        for (MetricSeries s : page.results()) {
          kept.add(s.query().namespace().equals("TAP/SLO") ? new MetricSeries(s.query(), new long[0], new double[0]) : s);
        }
        return new MetricDataPage(kept, page.nextToken());
      }
      return page;
    }
  }

  @Test
  void a_sloMetricsVanishAfterTheStart_phaseGoesBlind_doesNotPass_andIsRolledBackAtTheBlindLimit() {
    SimTarget account = SimTarget.fresh(SimBlueprint.STAGING);
    Plan p = plan("blind", "dev", harmless());
    List<String> log = new ArrayList<>();
    try (Journal j = SqliteJournal.open(dir.resolve("blind.db"))) {
      var guard = GuardSetup.of(p, PolicyLoader.profile("staging"), Map.of(), w -> {});
      Executor ex = new Executor(j, account.registry(), new Guard(new DroppingSlo(account.metrics(), NOW.plus(Duration.ofMinutes(1)))),
          account.clock(), CrashHook.NONE, log::add);
      long id = ex.start(p, PlanJson.contentSha256(p), "blind.json", new RunSettings(RunSettings.SIM, "dev", null, false, guard));
      RunState end = ExecSupport.drive(ex, account, j, id, true, new java.io.PrintWriter(new java.io.StringWriter()));
      assertThat(end).isEqualTo(RunState.ROLLED_BACK).isNotEqualTo(RunState.COMPLETED);
      RunRecord run = j.run(id);
      assertThat(run.outcome()).contains("guard blind").contains("no datapoints for ErrorRate Average").contains("Environment=dev")
          .contains("8 checks");
      assertThat(log).anyMatch(l -> l.contains("BLIND") && l.contains("3 checks in a row"));
      // every reading of the blind checks is journaled as "no data", none as a breach
      assertThat(j.readings(id)).filteredOn(r -> Guard.isSloRule(r.rule())).allMatch(r -> r.value() == null && !r.breached());
      assertThat(j.phases(id).get(0).breachRule()).isEqualTo("guard blind: no SLO datapoints");
    }
  }

  @Test
  void b_stagingBurstsTheServiceAlreadyHad_doNotRollBackHarmlessChanges_theDefaultWindowCompletes() {
    Path plan = write(plan("harmless", "dev", harmless()));
    Path state = dir.resolve("s.db");
    var r = tap("apply", plan.toString(), "--yes", "--state", state.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    try (Journal j = SqliteJournal.open(state)) {
      RunRecord run = j.runs().get(0);
      assertThat(run.state()).isEqualTo(RunState.COMPLETED);
      List<GuardReading> errorRate = j.readings(run.id()).stream().filter(x -> x.rule().equals("O7 error rate")).toList();
      assertThat(errorRate).hasSize(48 * 4);
      // the load-test bursts of the untouched ASG lift the error rate past 0.5 % in the window, as they did in the
      // control week before the change: the limit in force is above them, so those readings do not breach
      assertThat(errorRate).allMatch(x -> x.control() != null && x.control() > 0.5 && x.threshold() > x.control());
      assertThat(errorRate).anyMatch(x -> x.value() > 0.5 && !x.breached());
      // (an isolated reading above even the control is recorded as a breach but does not trip: 3 checks in a row do)
    }
  }

  @Test
  void b_aBurstBeforeTheChange_isNotAbnormalAgainstTheControlWindow() {
    // one limit below the burst's level, the control window above it: a reading between does not breach
    Path plan = write(plan("harmless", "dev", harmless()));
    Path state = dir.resolve("s.db");
    var r = tap("apply", plan.toString(), "--yes", "--state", state.toString(), "--observe", "6h");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    try (Journal j = SqliteJournal.open(state)) {
      assertThat(j.readings(j.runs().get(0).id())).allMatch(x -> !x.breached());
    }
  }

  @Test
  void c_lambdaThrottlesOfTheChangedFunction_rollBack_namingTheSignal_whileTheSloHolds() {
    // fn-4 runs ~40 concurrent executions, more at the daily peak: a reservation of 20 throttles it; Lambda is no SLO tier
    Path plan = write(plan("throttle", "dev", new Phase(1, "compute", Duration.ofHours(48), List.of(
        action("fn4", LambdaFamily.LAMBDA_CONCURRENCY, "tap-dev-staging-fn-4", Map.of("provisionedConcurrency", "50", "reservedConcurrency", "100"),
            Map.of("provisionedConcurrency", "20", "reservedConcurrency", "20"))))));
    Path state = dir.resolve("s.db");
    var r = tap("apply", plan.toString(), "--yes", "--state", state.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(5);
    try (Journal j = SqliteJournal.open(state)) {
      RunRecord run = j.runs().get(0);
      assertThat(run.outcome()).contains("tap-dev-staging-fn-4").containsPattern("Lambda (throttles|concurrency)");
      assertThat(j.readings(run.id())).filteredOn(x -> Guard.isSloRule(x.rule())).noneMatch(GuardReading::breached);
    }
  }

  @Test
  void c_redisEvictionsOfTheChangedCache_rollBack_namingTheSignal_whileTheSloHolds() {
    // 6 shards -> 1 of a smaller node: the data no longer fits, the engine evicts; engine CPU stays far below the ASG's
    Path plan = write(plan("evict", "dev", new Phase(1, "cache", Duration.ofHours(48), List.of(
        action("shards", RedisFamily.REDIS_SHARDS, "tap-dev-staging-redis", Map.of("shards", "6"), Map.of("shards", "1")),
        action("node", RedisFamily.REDIS_NODE_TYPE, "tap-dev-staging-redis", Map.of("nodeType", "cache.r6g.2xlarge"),
            Map.of("nodeType", "cache.r6g.large"))))));
    Path state = dir.resolve("s.db");
    var r = tap("apply", plan.toString(), "--yes", "--state", state.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(5);
    try (Journal j = SqliteJournal.open(state)) {
      RunRecord run = j.runs().get(0);
      assertThat(run.outcome()).contains("tap-dev-staging-redis").containsPattern("Redis (evictions|hit rate)");
      assertThat(j.readings(run.id())).filteredOn(x -> Guard.isSloRule(x.rule())).noneMatch(GuardReading::breached);
    }
  }
}
