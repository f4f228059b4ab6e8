package dev.tap.optimizer.sim.ml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.cli.TapCli;
import dev.tap.optimizer.family.sagemaker.MlRun;
import dev.tap.optimizer.family.sagemaker.Rollout;
import dev.tap.optimizer.family.sagemaker.SageMakerFamily;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.report.ml.MlReportFiles;
import dev.tap.optimizer.report.ml.Nbformat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedMlRunTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void runWritesJsonAndANotebookWithRenderedOutputsAndReturnsTheActions(@TempDir Path dir) throws Exception {
    MlRun run = SimulatedMlRun.simulated(CLOCK, 42, PriceBook.bundled());
    MlReportFiles.write(dir, run);
    List<Action> actions = run.actions();
    assertThat(actions).extracting(Action::kind).containsExactly(SageMakerFamily.SAGEMAKER_ENDPOINT, SageMakerFamily.SAGEMAKER_TRAINING_SPOT);
    assertThat(actions).allMatch(a -> a.monthlySavings() > 0 && !a.evidence().isEmpty());
    assertThat(run.sizing().best().gpuHoursPerMonth()).isLessThan(run.sizing().gpuHoursBefore());
    // the quantised experiment failed its shadow gate, was rolled back and recorded; the FP32 fleet was promoted
    assertThat(run.rollouts()).extracting(Rollout.Record::outcome).containsExactly(Rollout.Outcome.ROLLED_BACK, Rollout.Outcome.PROMOTED);
    assertThat(run.rollouts().get(0).failedGate()).isEqualTo("shadow: accuracy");

    JsonNode json = new ObjectMapper().readTree(dir.resolve(MlReportFiles.RUN_JSON).toFile());
    assertThat(json.at("/rollouts/0/steps/1/phase").asText()).isEqualTo("rollback");
    assertThat(json.at("/actions/0/kind").asText()).isEqualTo("SAGEMAKER_ENDPOINT");
    assertThat(json.at("/hourly/times").size()).isEqualTo(30 * 24);

    Path nb = dir.resolve(MlReportFiles.NOTEBOOK);
    JsonNode notebook = new ObjectMapper().readTree(nb.toFile());
    assertThat(notebook.get("nbformat").asInt()).isEqualTo(4);
    long pngs = 0, tables = 0;
    for (JsonNode cell : notebook.get("cells")) {
      for (JsonNode out : cell.path("outputs")) {
        if (out.at("/data/image~1png").isTextual()) pngs++;
        if (out.at("/data/text~1html").asText().contains("<table")) tables++;
      }
    }
    assertThat(pngs).isGreaterThanOrEqualTo(8);
    assertThat(tables).isGreaterThanOrEqualTo(4);
    assertThat(notebook.toString()).contains("json.load(open('ml-run.json'))");
    Nbformat.validate(nb);
  }

  @Test
  void commandPrintsTheActionsAndRolloutsAndWritesTheFiles(@TempDir Path dir) {
    StringWriter out = new StringWriter();
    var cl = TapCli.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(new StringWriter()));
    int code = cl.execute("ml", "--out", dir.toString(), "--seed", "7");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("SAGEMAKER_ENDPOINT", "SAGEMAKER_TRAINING_SPOT", "ROLLED_BACK (failed gate: shadow: accuracy)", "PROMOTED");
    assertThat(Files.exists(dir.resolve(MlReportFiles.NOTEBOOK))).isTrue();
  }

  @Test
  void sameSeedSameRun(@TempDir Path a, @TempDir Path b) throws Exception {
    MlReportFiles.write(a, SimulatedMlRun.simulated(CLOCK, 5, PriceBook.bundled()));
    MlReportFiles.write(b, SimulatedMlRun.simulated(CLOCK, 5, PriceBook.bundled()));
    assertThat(Files.readString(a.resolve(MlReportFiles.RUN_JSON))).isEqualTo(Files.readString(b.resolve(MlReportFiles.RUN_JSON)));
  }
}
