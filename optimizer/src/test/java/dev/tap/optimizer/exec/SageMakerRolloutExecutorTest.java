package dev.tap.optimizer.exec;

import static dev.tap.optimizer.exec.Plans.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.sagemaker.MlActions;
import dev.tap.optimizer.family.sagemaker.Rollout;
import dev.tap.optimizer.family.sagemaker.RolloutGates;
import dev.tap.optimizer.family.sagemaker.SageMakerFamily;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.sim.ml.SimEndpointActions;
import dev.tap.optimizer.sim.ml.SimulatedMlPlatform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ML rollout as an executor action: a failed gate fails the action, the run rolls back and the journal says why. */
class SageMakerRolloutExecutorTest {
  @TempDir Path dir;
  SimulatedMlPlatform platform;
  SimEndpointActions ml;
  MutableClock clock;
  Journal journal;
  List<String> log = new ArrayList<>();

  @BeforeEach
  void setUp() {
    platform = new SimulatedMlPlatform(T0, 42);
    ml = new SimEndpointActions(platform, 42, RolloutGates.defaults());
    clock = new MutableClock(T0);
    journal = SqliteJournal.open(dir.resolve("state.db"));
  }

  static Action endpointAction(String model, String type, int min, int max, int targetPerMinute) {
    Map<String, String> before = Map.of("variant", "AllTraffic", "instanceType", "ml.g4dn.12xlarge", "instanceCount", "10", MlActions.MODEL, "fp32");
    Map<String, String> after = Map.of("variant", "AllTraffic", "instanceType", type, "instanceCount", Integer.toString(min),
        MlActions.MIN_INSTANCES, Integer.toString(min), MlActions.MAX_INSTANCES, Integer.toString(max),
        MlActions.TARGET_PER_MINUTE, Integer.toString(targetPerMinute), MlActions.MODEL, model);
    return new Action("ml-" + model, SageMakerFamily.SAGEMAKER_ENDPOINT, SimulatedMlPlatform.ENDPOINT, SimulatedMlPlatform.REGION, before, after,
        35_697, 6_000, Action.Risk.MEDIUM, 0.8, List.of(), new Backtest(30, 20, 21, 20, 21, 0, 0, 60, 0, true, "test"), "test");
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
  void aShadowGateFailureFailsTheActionAndLeavesTheEndpointAsItWas() {
    Executor ex = new Executor(journal, ActionRegistry.of(ml), new Guard(new FakeSlo()), clock, CrashHook.NONE, log::add);
    Plan plan = Plans.plan(Plans.phase(1, "ml", endpointAction("int8-quantised", "ml.g4dn.xlarge", 4, 40, 15_000)));
    long id = ex.start(plan, "sha", "plan.json", RunSettings.defaults("dev"));
    RunState end = drive(ex, id).state();
    assertThat(end).isIn(RunState.FAILED, RunState.ROLLED_BACK);
    // the journal keeps why the run stopped: the gate and its figures
    assertThat(journal.run(id).outcome()).contains("shadow: accuracy", "accuracy");
    assertThat(ml.rollouts()).singleElement().extracting(Rollout.Record::outcome).isEqualTo(Rollout.Outcome.ROLLED_BACK);
    assertThat(platform.currentEndpoint().primary().instanceType()).isEqualTo("ml.g4dn.12xlarge");
  }

  @Test
  void aCandidatePassingEveryGateIsAppliedAndObserved() {
    Executor ex = new Executor(journal, ActionRegistry.of(ml), new Guard(new FakeSlo()), clock, CrashHook.NONE, log::add);
    Plan plan = Plans.plan(Plans.phase(1, "ml", endpointAction("fp32", "ml.g4dn.xlarge", 4, 60, 9_000)));
    long id = ex.start(plan, "sha", "plan.json", RunSettings.defaults("dev"));
    assertThat(drive(ex, id).state()).isEqualTo(RunState.COMPLETED);
    assertThat(ml.rollouts()).singleElement().extracting(Rollout.Record::outcome).isEqualTo(Rollout.Outcome.PROMOTED);
    assertThat(platform.currentEndpoint().primary().instanceType()).isEqualTo("ml.g4dn.xlarge");
  }
}
