package dev.tap.optimizer.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.cli.TapCli;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.report.ml.MlReportFiles;
import dev.tap.optimizer.report.ml.Nbformat;
import dev.tap.optimizer.sim.ml.SimulatedMlRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tap report --format ipynb}: the ML notebook from a run's ml-run.json, valid against the nbformat schema. */
class ReportIpynbTest {

  record Result(int code, String out, String err) {}

  static Result tap(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    var cl = TapCli.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return new Result(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void writesTheNotebookFromTheMlRunWithTheRunBesideIt(@TempDir Path dir) throws Exception {
    Path ml = dir.resolve("ml");
    MlReportFiles.write(ml, SimulatedMlRun.simulated(Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC), 42, PriceBook.bundled()));
    Path out = dir.resolve("reports");
    Result r = tap("report", "--format", "ipynb", "--ml-run", ml.resolve(MlReportFiles.RUN_JSON).toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Path nb = out.resolve(MlReportFiles.NOTEBOOK);
    assertThat(r.out()).contains(nb.toAbsolutePath().normalize().toString());
    assertThat(Files.readString(out.resolve(MlReportFiles.RUN_JSON))).isEqualTo(Files.readString(ml.resolve(MlReportFiles.RUN_JSON)));
    // the same run gives the same notebook 'tap ml' wrote
    assertThat(Files.readString(nb)).isEqualTo(Files.readString(ml.resolve(MlReportFiles.NOTEBOOK)));
    Nbformat.validate(nb);
    // Execution counts run 1, 2, 3... as a top-to-bottom run numbers them; a stored output shows what its code asks for.
    var doc = JsonReport.read(Files.readString(nb));
    int n = 0;
    boolean actionsCell = false;
    for (var cell : doc.get("cells")) {
      if (!cell.get("cell_type").asText().equals("code")) continue;
      assertThat(cell.get("execution_count").asInt()).isEqualTo(++n);
      if (cell.get("source").asText().contains("'rationale']")) {
        actionsCell = true;
        assertThat(cell.at("/outputs/0/data/text~1html").asText()).contains("<th>rationale</th>").doesNotContain("<th>evidence</th>");
      }
    }
    assertThat(actionsCell).isTrue();
    assertThat(n).isGreaterThan(3);
  }

  @Test
  void findsTheRunBesideThePlanAsTapDemoLaysItOut(@TempDir Path dir) {
    MlReportFiles.write(dir.resolve("ml"), SimulatedMlRun.simulated(Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC), 3, PriceBook.bundled()));
    Result r = tap("report", "--format", "ipynb", "--plan", dir.resolve("plan.json").toString(), "--out", dir.resolve("r").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.exists(dir.resolve("r").resolve(MlReportFiles.NOTEBOOK))).isTrue();
  }

  @Test
  void withoutAnMlRunItSaysWhatToPass(@TempDir Path dir) {
    Result r = tap("report", "--format", "ipynb", "--out", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--ml-run FILE");
    Result missing = tap("report", "--format", "ipynb", "--ml-run", dir.resolve("nope.json").toString(), "--out", dir.toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.json does not exist");
  }
}
