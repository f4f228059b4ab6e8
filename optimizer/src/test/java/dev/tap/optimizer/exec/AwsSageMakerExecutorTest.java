package dev.tap.optimizer.exec;

import static dev.tap.optimizer.exec.Plans.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.aws.AwsEndpointActions;
import dev.tap.optimizer.aws.AwsRolloutTarget;
import dev.tap.optimizer.family.sagemaker.FakeSageMaker;
import dev.tap.optimizer.family.sagemaker.MlActions;
import dev.tap.optimizer.family.sagemaker.RolloutGates;
import dev.tap.optimizer.family.sagemaker.SageMakerApi.VariantSpec;
import dev.tap.optimizer.family.sagemaker.SageMakerFamily;
import dev.tap.optimizer.family.sagemaker.VariantAutoscalingApi.TargetTracking;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Plan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS SageMaker action under the executor: a failed gate rolls the run back; a guard breach after promotion restores the recorded config. */
class AwsSageMakerExecutorTest {
  @TempDir Path dir;
  FakeSageMaker sm;
  MutableClock clock;
  FakeSlo slo;
  Journal journal;
  AwsEndpointActions actions;
  List<String> log = new ArrayList<>();

  @BeforeEach
  void setUp() {
    sm = new FakeSageMaker("fraud-scoring", new VariantSpec("AllTraffic", "fraud-scoring-v7", "ml.g4dn.12xlarge", 10, 1.0));
    sm.metricValues.put("ModelLatency/AllTraffic", 20_000.0);
    sm.metricValues.put("Invocations/" + AwsRolloutTarget.SHADOW_VARIANT, 2_160_000.0);
    clock = new MutableClock(T0);
    slo = new FakeSlo();
    journal = SqliteJournal.open(dir.resolve("state.db"));
    actions = new AwsEndpointActions(sm, sm, sm, region -> sm, RolloutGates.defaults(), clock, clock::advance, Duration.ofHours(5));
  }

  static Action endpointAction() {
    Map<String, String> before = new LinkedHashMap<>();
    before.put("variant", "AllTraffic");
    before.put("instanceType", "ml.g4dn.12xlarge");
    before.put("instanceCount", "10");
    before.put("autoscaling", "none");
    before.put(MlActions.MIN_INSTANCES, "10");
    before.put(MlActions.MAX_INSTANCES, "10");
    before.put(MlActions.MODEL, "fp32");
    Map<String, String> after = new LinkedHashMap<>();
    after.put("variant", "AllTraffic");
    after.put("instanceType", "ml.g4dn.xlarge");
    after.put("instanceCount", "4");
    after.put(MlActions.MIN_INSTANCES, "4");
    after.put(MlActions.MAX_INSTANCES, "12");
    after.put(MlActions.TARGET_PER_MINUTE, "9000");
    after.put(MlActions.MODEL, "fp32");
    after.put("autoscaling", new TargetTracking(4, 12, 9000, 900, 60).describe());
    return new Action("ml-endpoint-fraud-scoring", SageMakerFamily.SAGEMAKER_ENDPOINT, "fraud-scoring", "us-west-2", before, after,
        35_697, 6_000, Action.Risk.MEDIUM, 0.8, List.of(), new Backtest(14, 20, 21, 20, 21, 0, 0, 60, 0, true, "test"), "test");
  }

  Executor.Progress drive(Executor ex, long id) {
    Executor.Progress p = ex.advance(id);
    while (!p.finished()) {
      clock.set(p.waitUntil());
      p = ex.advance(id);
    }
    return p;
  }

  @Test
  void aFailedShadowGateRollsTheRunBackAndTheJournalSaysWhy() {
    sm.metricValues.put("ModelLatency/" + AwsRolloutTarget.SHADOW_VARIANT, 26_000.0);
    Executor ex = new Executor(journal, ActionRegistry.of(actions), new Guard(slo), clock, CrashHook.NONE, log::add);
    Plan plan = Plans.plan(Plans.phase(1, "sagemaker endpoints", endpointAction()));
    long id = ex.start(plan, "sha", "plan.json", RunSettings.defaults("dev"));
    assertThat(drive(ex, id).state()).isIn(RunState.FAILED, RunState.ROLLED_BACK);
    assertThat(journal.run(id).outcome()).contains("shadow: p95 latency");
    assertThat(sm.serving).isEqualTo("fraud-config-v1");
  }

  @Test
  void aGuardBreachAfterPromotionRestoresTheRecordedConfig() {
    sm.metricValues.put("ModelLatency/" + AwsRolloutTarget.SHADOW_VARIANT, 20_400.0);
    slo.degradeFrom = T0.plus(Duration.ofHours(6)); // after the rollout's bakes, inside the observation window
    Executor ex = new Executor(journal, ActionRegistry.of(actions), new Guard(slo), clock, CrashHook.NONE, log::add);
    Plan plan = Plans.plan(Plans.phase(1, "sagemaker endpoints", endpointAction()));
    long id = ex.start(plan, "sha", "plan.json", RunSettings.defaults("dev"));
    assertThat(drive(ex, id).state()).isEqualTo(RunState.ROLLED_BACK);
    assertThat(sm.serving).isEqualTo("fraud-config-v1");
    assertThat(sm.scaling).isEmpty();
    assertThat(String.join("\n", log)).contains("restored endpoint config fraud-config-v1");
  }
}
