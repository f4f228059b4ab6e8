package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.CrashHook;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.Guard;
import dev.tap.optimizer.exec.GuardReading;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.sagemaker.SageMakerFamily;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.metrics.HealthSignal;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.plan.PlanJson;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import dev.tap.optimizer.sim.actions.SimTarget;
import dev.tap.optimizer.sim.ml.SimulatedMlPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard's health signals come from the resources as the pre-flight read them (keys a plan does
 * not carry), and each is read in its resource's region: the trading account's ML endpoint is in
 * us-west-2, the run at home in us-east-1.
 */
class GuardSignalsFromAccountTest {
  @TempDir Path dir;

  static final String ENDPOINT = SimulatedMlPlatform.ENDPOINT;
  static final String REGION = SimulatedMlPlatform.REGION;

  /** Ten instances to twelve: no rollout (no target rate), a plain UpdateEndpoint of the variant. */
  static Plan endpointPlan(SimTarget sim) {
    Action a = new Action("ep", SageMakerFamily.SAGEMAKER_ENDPOINT, ENDPOINT, REGION, Map.of("instanceType", "ml.g4dn.12xlarge", "instanceCount", "10"),
        Map.of("instanceType", "ml.g4dn.12xlarge", "instanceCount", "12"), 0, 0, Action.Risk.LOW, 0.9, List.of(),
        new Backtest(90, 0, 0, 0, 0, 0, 0, 0, 0, true, "test"), "test");
    Instant now = sim.clock().instant();
    return new Plan(Plan.SCHEMA_VERSION, "ep", "trading", "123456789012", "sim:trading seed 42", now, now.minus(Duration.ofDays(45)), now,
        "2026-11-01", List.of(new Phase(1, "ml", Duration.ofHours(2), List.of(a))), List.of(), SimAccount.ENVIRONMENT);
  }

  static Executor executor(Journal j, SimTarget sim, Guard guard, List<String> log) {
    return new Executor(j, sim.registry(), guard, sim.clock(), CrashHook.NONE, log::add);
  }

  @Test
  void theEndpointsSignalsNeedItsVariant_whichOnlyThePreflightReadHas() {
    SimTarget sim = SimTarget.fresh(SimBlueprint.TRADING);
    Plan plan = endpointPlan(sim);
    var live = executor(null, sim, null, new ArrayList<>()).preflight(plan);
    List<String> warnings = new ArrayList<>();
    List<HealthSignal> signals = GuardSetup.signals(plan, PolicyLoader.profile("trading"), live, warnings::add).get(1);
    assertThat(warnings).isEmpty();
    assertThat(signals).extracting(HealthSignal::rule).containsExactly("SageMaker ModelLatency p95 " + ENDPOINT, "SageMaker 5xx " + ENDPOINT);
    assertThat(signals).allSatisfy(s -> {
      assertThat(s.dimensions()).containsEntry("VariantName", SimulatedMlPlatform.VARIANT);
      assertThat(s.region()).isEqualTo(REGION);
    });

    // from the plan alone (no pre-flight read): the variant is unknown, the endpoint unwatched, and the warning names it
    List<HealthSignal> fromPlan = GuardSetup.signals(plan, PolicyLoader.profile("trading"), Map.of(), warnings::add).get(1);
    assertThat(fromPlan).isEmpty();
    assertThat(warnings).singleElement().asString().contains(ENDPOINT + " [" + REGION + "]").contains("plan's configuration");
  }

  @Test
  void rdsReplicaLagNamesTheReplicasThePreflightFound() {
    SimTarget sim = SimTarget.fresh(SimBlueprint.STAGING);
    String db = sim.simAccount().snapshot().resources().stream().filter(r -> r.family() == RdsFamily.RDS).findFirst().orElseThrow().id();
    var current = sim.registry().forKind(RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN).read(db, "us-east-1");
    Plan plan = GuardFaultInjectionTest.plan("rds", "dev", new Phase(1, "db", Duration.ofHours(1), List.of(ExecCommandsTest.action("db",
        RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN, db, Map.of("instanceClass", current.config().get("instanceClass")), Map.of("instanceClass", "db.r6g.large")))));
    var live = executor(null, sim, null, new ArrayList<>()).preflight(plan);
    List<String> lagFromAccount = GuardSetup.signals(plan, PolicyLoader.profile("staging"), live, w -> {}).get(1).stream()
        .map(HealthSignal::name).filter(n -> n.startsWith("RDS replica lag")).toList();
    List<String> lagFromPlan = GuardSetup.signals(plan, PolicyLoader.profile("staging"), Map.of(), w -> {}).get(1).stream()
        .map(HealthSignal::name).filter(n -> n.startsWith("RDS replica lag")).toList();
    assertThat(lagFromAccount).isNotEmpty();
    assertThat(lagFromPlan).isEmpty();
  }

  /** The endpoint's signals read in us-west-2 have data; read in the run's home region (as before) they had none. */
  @Test
  void anEndpointInAnotherRegionThanTheRun_getsRealReadings_onlyWhenReadInItsRegion() {
    // ModelLatency (microseconds) has datapoints and a same-hour baseline; the 5xx count reads 0 without datapoints either way
    List<GuardReading> regional = readings(true);
    assertThat(regional).as("8 checks of two signals").hasSize(16);
    assertThat(regional).filteredOn(r -> r.rule().startsWith("SageMaker ModelLatency")).hasSize(8).allSatisfy(r -> {
      assertThat(r.value()).as(r.describe()).isNotNull().isGreaterThan(1000);
      assertThat(r.baseline()).as(r.describe()).isNotNull().isGreaterThan(1000);
      assertThat(r.breached()).as(r.describe()).isFalse();
    });
    // read in us-east-1 the latency had no baseline, so its rise could not be judged and it was never read: only 5xx "0" remained
    List<GuardReading> home = readings(false);
    assertThat(home).hasSize(8).allMatch(r -> r.rule().startsWith("SageMaker 5xx") && r.value() == 0.0);
  }

  /**
   * The staging ASG sits behind the NLB's target group: its unhealthy targets are read with real
   * datapoints, none after a modest cut, some once one instance must carry the group (CPU saturates);
   * attributed against the control week, whose load tests saturated the whole group.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "desired 6 -> {0}: unhealthy targets {1}")
  @org.junit.jupiter.params.provider.CsvSource({"5, false", "1, true"})
  void theStagingGroupsUnhealthyTargets_areReadFromItsTargetGroup(int desired, boolean unhealthy) {
    SimTarget sim = SimTarget.fresh(SimBlueprint.STAGING);
    Plan plan = GuardFaultInjectionTest.plan("asg", "dev", new Phase(1, "compute", Duration.ofHours(12), List.of(ExecCommandsTest.action("asg",
        dev.tap.optimizer.family.asg.AsgFamily.ASG_CAPACITY, "tap-dev-staging-asg", Map.of("min", "3", "desired", "6", "max", "10"),
        Map.of("min", String.valueOf(Math.min(3, desired)), "desired", String.valueOf(desired), "max", "10")))));
    List<String> log = new ArrayList<>();
    try (Journal j = SqliteJournal.open(dir.resolve("asg.db"))) {
      Executor ex = executor(j, sim, new Guard(sim.metrics(), sim::metrics), log);
      var guard = GuardSetup.of(plan, PolicyLoader.profile("staging"), ex.preflight(plan), log::add).withConsecutiveBreaches(96);
      long id = ex.start(plan, PlanJson.contentSha256(plan), "asg.json", new RunSettings(RunSettings.SIM, "dev", null, false, guard));
      ExecSupport.drive(ex, sim, j, id, true, new java.io.PrintWriter(new java.io.StringWriter()));
      List<GuardReading> targets = j.readings(id).stream().filter(r -> r.rule().equals("Auto Scaling unhealthy targets tap-dev-staging-tg tap-dev-staging-asg"))
          .toList();
      assertThat(targets).as(String.join("\n", log)).isNotEmpty().allMatch(r -> r.value() != null);
      assertThat(targets).extracting(GuardReading::metric).containsOnly("UnHealthyHostCount");
      assertThat(targets.stream().anyMatch(r -> r.value() > 0)).as(targets.toString()).isEqualTo(unhealthy);
      // the week before the change had load tests that saturated all six instances (control 6): one unhealthy host now is not blamed on it
      assertThat(targets).allSatisfy(r -> assertThat(r.control()).isEqualTo(6.0)).noneMatch(GuardReading::breached);
    }
  }

  /** The endpoint's readings of a run whose guard reads each region ({@code regional}) or only the home region. */
  private List<GuardReading> readings(boolean regional) {
    SimTarget sim = SimTarget.fresh(SimBlueprint.TRADING);
    Plan plan = endpointPlan(sim);
    List<String> log = new ArrayList<>();
    try (Journal j = SqliteJournal.open(dir.resolve(regional + ".db"))) {
      Guard guard = regional ? new Guard(sim.metrics(), sim::metrics) : new Guard(sim.metrics());
      Executor ex = executor(j, sim, guard, log);
      var settings = new RunSettings(RunSettings.SIM, SimAccount.ENVIRONMENT, null, false,
          GuardSetup.of(plan, PolicyLoader.profile("trading"), ex.preflight(plan), log::add));
      long id = ex.start(plan, PlanJson.contentSha256(plan), "ep.json", settings);
      RunState end = ExecSupport.drive(ex, sim, j, id, true, new java.io.PrintWriter(new java.io.StringWriter()));
      assertThat(end).as(String.join("\n", log)).isEqualTo(RunState.COMPLETED);
      List<GuardReading> endpoint = j.readings(id).stream().filter(r -> r.rule().endsWith(ENDPOINT)).toList();
      return endpoint;
    }
  }
}
