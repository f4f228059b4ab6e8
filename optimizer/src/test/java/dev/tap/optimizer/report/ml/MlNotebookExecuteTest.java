package dev.tap.optimizer.report.ml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tap.optimizer.family.sagemaker.MlRun;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.sim.ml.SimulatedMlRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebook regenerates its stored outputs: {@code jupyter nbconvert --to notebook --execute},
 * offline, on a copy beside its {@code ml-run.json}, gives the same tables, the same charts (count
 * per cell, title and axis titles of each) and the same execution counts as the stored notebook.
 * Skips with a message where nbconvert or its kernel (python3-ipykernel, python3-matplotlib) is absent.
 */
class MlNotebookExecuteTest {
  static final ObjectMapper M = new ObjectMapper();
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

  static Path dir;
  static JsonNode stored;

  @BeforeAll
  static void write(@TempDir Path tmp) throws IOException {
    dir = tmp;
    MlRun run = SimulatedMlRun.simulated(CLOCK, 42, PriceBook.bundled());
    MlReportFiles.write(dir, run);
    stored = M.readTree(dir.resolve(MlReportFiles.NOTEBOOK).toFile());
  }

  @Test
  void storedChartsAreTitledWithDatedAxesAndTheCellsShowWhatTheyAskFor() {
    List<JsonNode> code = codeCells(stored);
    for (int i = 0; i < code.size(); i++) {
      assertThat(code.get(i).get("execution_count").asInt()).as("execution count of code cell %d", i).isEqualTo(i + 1);
    }
    for (JsonNode cell : code) {
      String src = cell.get("source").asText();
      long charts = images(cell).size();
      // one chart per show(fig): the cell that draws two charts stores two
      assertThat(charts).as(src).isEqualTo(src.replace("def show(fig)", "").split("show\\(fig\\)", -1).length - 1L);
      for (JsonNode img : images(cell)) {
        JsonNode meta = img.at("/metadata/image~1png/charts/0");
        assertThat(meta.get("title").asText()).as(src).isNotBlank();
        assertThat(meta.get("y").asText()).as(src).isNotBlank();
        if (src.contains("utc(hr['times'])")) assertThat(meta.get("x").asText()).isEqualTo("time (UTC)");
      }
      if (src.contains("'rationale'")) {
        String html = cell.at("/outputs/0/data/text~1html").asText();
        assertThat(html).contains("<th>rationale</th>").contains("GPUs ").doesNotContain("evidence");
      }
    }
    assertThat(code).anySatisfy(c -> assertThat(images(c)).hasSize(2));
    // the notebook's code only uses what python3-matplotlib and python3-ipykernel give
    assertThat(stored.toString()).doesNotContain("pandas").doesNotContain("epoch");
  }

  @Test
  void reRunningTheNotebookOfflineGivesTheStoredFigures() throws Exception {
    Path nb = dir.resolve(MlReportFiles.NOTEBOOK);
    Path exec = dir.resolve("executed.ipynb");
    String problem = execute(nb, exec);
    Assumptions.assumeTrue(problem == null, problem);
    JsonNode executed = M.readTree(exec.toFile());
    List<JsonNode> a = codeCells(stored);
    List<JsonNode> b = codeCells(executed);
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).get("execution_count").asInt()).isEqualTo(a.get(i).get("execution_count").asInt());
      assertThat(comparable(b.get(i))).as("outputs of code cell %d:%n%s", i + 1, a.get(i).get("source").asText())
          .isEqualTo(comparable(a.get(i)));
    }
  }

  /** Runs nbconvert on the notebook; null when it ran, else why the test cannot run here. */
  static String execute(Path nb, Path out) throws Exception {
    List<String> cmd = List.of("jupyter", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300",
        "--output", out.getFileName().toString(), nb.getFileName().toString());
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(nb.getParent().toFile()).redirectErrorStream(true).start();
    } catch (IOException absent) {
      return "jupyter not installed (apt-get install python3-nbconvert python3-ipykernel python3-matplotlib): notebook re-run skipped";
    }
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    if (p.exitValue() != 0 && (log.contains("No such kernel") || log.contains("No module named 'ipykernel'") || log.contains("No module named 'matplotlib'")
        || log.contains("Unknown subcommand") || log.contains("nbconvert' not found"))) {
      return "jupyter cannot run the notebook here (" + log.lines().filter(l -> !l.isBlank()).reduce((x, y) -> y).orElse("") + "); "
          + "apt-get install python3-ipykernel python3-matplotlib: notebook re-run skipped";
    }
    assertThat(p.exitValue()).as("nbconvert --execute:%n%s", log).isZero();
    return null;
  }

  static List<JsonNode> codeCells(JsonNode nb) {
    List<JsonNode> cells = new ArrayList<>();
    nb.get("cells").forEach(c -> {
      if (c.get("cell_type").asText().equals("code")) cells.add(c);
    });
    return cells;
  }

  static List<JsonNode> images(JsonNode cell) {
    List<JsonNode> out = new ArrayList<>();
    cell.path("outputs").forEach(o -> {
      if (o.at("/data/image~1png").isTextual() || o.at("/data/image~1png").isArray()) out.add(o);
    });
    return out;
  }

  /**
   * A cell's outputs as figures: every text (nbformat may store it as a list of lines) and
   * metadata as is, the PNG bytes only as present (matplotlib and JFreeChart draw different
   * pixels); messages on stderr (font cache, debugger notes) are not outputs of the notebook.
   */
  static List<JsonNode> comparable(JsonNode cell) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode o : cell.path("outputs")) {
      if (o.path("name").asText().equals("stderr")) continue;
      ObjectNode c = M.createObjectNode();
      c.put("output_type", o.get("output_type").asText());
      ObjectNode data = c.putObject("data");
      o.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getKey().equals("image/png") ? "PNG" : joined(e.getValue())));
      if (o.has("text")) c.put("text", joined(o.get("text")));
      c.set("metadata", o.path("metadata"));
      out.add(c);
    }
    return out;
  }

  static String joined(JsonNode v) {
    if (!v.isArray()) return v.asText();
    StringBuilder s = new StringBuilder();
    v.forEach(line -> s.append(line.asText()));
    return s.toString();
  }
}
