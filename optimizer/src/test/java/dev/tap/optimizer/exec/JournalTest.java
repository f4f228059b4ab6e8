package dev.tap.optimizer.exec;

import static dev.tap.optimizer.exec.Plans.T0;
import static dev.tap.optimizer.exec.Plans.action;
import static dev.tap.optimizer.exec.Plans.phase;
import static dev.tap.optimizer.exec.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** What the executor relies on from any {@link Journal}, shown on each implementation (Journals.Store). */
class JournalTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Journals.Store.class)
  void createRunRecordsEveryPhaseAndActionPending_andSurvivesReopening(Journals.Store store) {
    Journals.Place place = store.at(dir);
    long id;
    try (Journal j = place.open()) {
      id = j.createRun(plan(
          phase(1, "data", action("a1", DynamoDbFamily.DYNAMODB_DISABLE_STREAM, "trades", Map.of("streamEnabled", "true"), Map.of("streamEnabled", "false"))),
          phase(2, "compute", action("a2", AsgFamily.ASG_CAPACITY, "asg", Map.of("desired", "20"), Map.of("desired", "12")),
              action("a3", AsgFamily.ASG_INSTANCE_TYPE, "asg", Map.of("instanceType", "c6i.8xlarge"), Map.of("instanceType", "c6i.4xlarge")))),
          "abc", "plan.json", RunSettings.defaults("dev"), T0);
    }
    try (Journal j = place.open()) {
      assertThat(j.run(id).state()).isEqualTo(RunState.RUNNING);
      assertThat(j.run(id).settings()).isEqualTo(RunSettings.defaults("dev"));
      assertThat(j.phases(id)).extracting(PhaseRecord::number, PhaseRecord::state)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(1, PhaseState.PENDING), org.assertj.core.groups.Tuple.tuple(2, PhaseState.PENDING));
      assertThat(j.actions(id, 2)).extracting(ActionRecord::actionId).containsExactly("a2", "a3");
      assertThat(j.actions(id)).allMatch(a -> a.state() == ActionState.PENDING);
      assertThat(j.events(id)).singleElement().asString().endsWith("run created from plan plan-test (plan.json)");
    }
  }

  @ParameterizedTest
  @EnumSource(Journals.Store.class)
  void transitionsAreConditional_aRepeatedCallChangesNothing(Journals.Store store) {
    try (Journal j = store.at(dir).open()) {
      long id = j.createRun(plan(phase(1, "p", action("a1", LambdaFamily.LAMBDA_MEMORY, "fn", Map.of("memoryMb", "3008"), Map.of("memoryMb", "1024")))),
          "abc", "plan.json", RunSettings.defaults("dev"), T0);
      long row = j.actions(id).get(0).rowId();
      assertThat(j.actionIntent(row, Map.of("memoryMb", "3008", "timeoutSeconds", "900"), T0)).isTrue();
      assertThat(j.actionIntent(row, Map.of("memoryMb", "1"), T0.plusSeconds(5))).isFalse();
      assertThat(j.action(row).observedBefore()).containsEntry("memoryMb", "3008").containsEntry("timeoutSeconds", "900");
      assertThat(j.actionDone(row, Map.of("memoryMb", "1024"), null, T0)).isTrue();
      assertThat(j.actionDone(row, Map.of("memoryMb", "9"), null, T0)).isFalse();
      assertThat(j.action(row).observedAfter()).containsEntry("memoryMb", "1024");
      assertThat(j.action(row).restoreTarget()).containsEntry("memoryMb", "3008").containsEntry("timeoutSeconds", "900");

      assertThat(j.phaseStarted(id, 1, T0)).isTrue();
      assertThat(j.phaseStarted(id, 1, T0)).isFalse();
      assertThat(j.transitionRun(id, RunState.RUNNING, RunState.COMPLETED, "done", T0)).isTrue();
      assertThat(j.transitionRun(id, RunState.RUNNING, RunState.FAILED, "again", T0)).isFalse();
      assertThat(j.run(id).outcome()).isEqualTo("done");

      GuardReading r = new GuardReading(id, 1, T0, "O3 queue depth", "QueueDepth", "Maximum", 10.0, 1000, false);
      j.recordReading(r);
      j.recordReading(r);
      assertThat(j.readings(id)).hasSize(1);
    }
  }
}
