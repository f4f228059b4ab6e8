package dev.tap.optimizer.cli;

import static dev.tap.optimizer.cli.AnalysisCommandsTest.tap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.PhaseRecord;
import dev.tap.optimizer.exec.PhaseState;
import dev.tap.optimizer.exec.RunRecord;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.family.Stage;
import dev.tap.optimizer.family.sagemaker.SageMakerFamily;
import dev.tap.optimizer.journal.SqliteJournal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 4's done-when: {@code tap demo} runs plan, apply, observation and an automatic rollback, and {@code tap status} shows it. */
class DemoLoopTest {

  @Test
  void byDefaultTheComputePhaseIsRolledBackByTheGuardAndTheMlPhaseIsKept(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("demo");
    AnalysisCommandsTest.Run r = tap("demo", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Path state = out.resolve("tap-state.db");
    try (Journal j = SqliteJournal.openExisting(state)) {
      List<RunRecord> runs = j.runs();
      assertThat(runs).hasSize(1);
      RunRecord run = runs.get(0);
      assertThat(run.state()).isEqualTo(RunState.ROLLED_BACK);
      assertThat(run.outcome()).contains("guard breach in phase 2 (" + Stage.COMPUTE.name() + ")").contains("later phases not started");
      List<PhaseRecord> phases = j.phases(run.id());
      assertThat(phases.get(0).name()).isEqualTo(SageMakerFamily.STAGE.name());
      assertThat(phases.get(0).state()).isEqualTo(PhaseState.PASSED);
      assertThat(phases.get(1).name()).isEqualTo(Stage.COMPUTE.name());
      assertThat(phases.get(1).state()).isEqualTo(PhaseState.ROLLED_BACK);
      assertThat(j.actions(run.id(), 1)).extracting(ActionRecord::state).containsOnly(ActionState.DONE);
      assertThat(j.actions(run.id(), 1)).extracting(ActionRecord::kind).contains(SageMakerFamily.SAGEMAKER_ENDPOINT, SageMakerFamily.SAGEMAKER_TRAINING_SPOT);
      assertThat(j.actions(run.id(), 2)).extracting(ActionRecord::state).containsOnly(ActionState.UNDONE);
      // the breach the guard recorded is a real reading above its limit, after the change
      assertThat(j.readings(run.id())).filteredOn(g -> g.phase() == 2).anySatisfy(g -> {
        assertThat(g.breached()).isTrue();
        assertThat(g.value()).isGreaterThan(g.threshold());
      });
    }
    assertThat(r.out()).contains("injected: a 3.0x load surge").contains("rolling back").contains("savings kept: ").contains("rolled back: 31,092.16 USD a month")
        .contains("tap status --state " + state);

    demoReportsLeadWithTheOutcome(out, r.out());

    AnalysisCommandsTest.Run status = tap("status", "--state", state.toString());
    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.out()).contains("ROLLED_BACK").contains(SageMakerFamily.STAGE.name()).contains("PASSED").contains("BREACH");
  }

  /** Issue 16's done-when: the demo's reports show ROLLED_BACK and the saving kept first, in each format. */
  private static void demoReportsLeadWithTheOutcome(Path out, String printed) throws Exception {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("savings kept: ([0-9,.]+) USD a month").matcher(printed);
    assertThat(m.find()).isTrue();
    double kept = Double.parseDouble(m.group(1).replace(",", ""));
    Path report = out.resolve("report");
    try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(java.nio.file.Files.newInputStream(report.resolve("report.xlsx")))) {
      var summary = wb.getSheetAt(0);
      assertThat(summary.getRow(0).getCell(0).getStringCellValue()).endsWith(": ROLLED_BACK");
      assertThat(summary.getRow(2).getCell(0).getStringCellValue()).isEqualTo("Monthly savings kept");
      assertThat(summary.getRow(2).getCell(1).getNumericCellValue()).isCloseTo(kept, org.assertj.core.api.Assertions.within(0.005));
    }
    String html = java.nio.file.Files.readString(report.resolve("dashboard.html"));
    String firstRow = html.substring(html.indexOf("<section class=\"cards\""), html.indexOf("</section>", html.indexOf("<section class=\"cards\"")));
    assertThat(firstRow).contains("id=\"outcome\"").contains(">ROLLED_BACK<").contains(dev.tap.optimizer.report.ReportText.money(kept));
    assertThat(java.nio.file.Files.size(report.resolve("dashboard.html"))).isLessThanOrEqualTo(3L * 1024 * 1024);
    var json = dev.tap.optimizer.report.JsonReport.read(java.nio.file.Files.readString(report.resolve("run.json")));
    assertThat(json.get("state").asText()).isEqualTo("ROLLED_BACK");
    assertThat(json.at("/outcome/monthlySavingsKept").asDouble()).isCloseTo(kept, org.assertj.core.api.Assertions.within(0.005));
    // One CSV schema: the analysis's file and the report's have the same columns.
    String analysisHeader = java.nio.file.Files.readAllLines(out.resolve("recommendations.csv")).get(0);
    assertThat(java.nio.file.Files.readAllLines(report.resolve("recommendations.csv")).get(0)).isEqualTo(analysisHeader);
    assertThat(json.get("leftOut")).isNotEmpty();
    // The notebook's data is the demo's own rollout: the canary's invocations as printed.
    java.util.regex.Matcher canary = java.util.regex.Pattern.compile("canary .* (\\d+) invocations").matcher(printed);
    assertThat(canary.find()).isTrue();
    assertThat(java.nio.file.Files.readString(out.resolve("ml").resolve("ml-run.json"))).contains(canary.group(1) + " invocations");
  }

  @Test
  void withoutAnInjectedBreachEveryPhaseCompletes(@TempDir Path dir) {
    AnalysisCommandsTest.Run r = tap("demo", "--out", dir.toString(), "--inject-breach", "none");
    assertThat(r.code()).as(r.err()).isZero();
    try (Journal j = SqliteJournal.openExisting(dir.resolve("tap-state.db"))) {
      RunRecord run = j.runs().get(0);
      assertThat(run.state()).isEqualTo(RunState.COMPLETED);
      assertThat(j.actions(run.id())).extracting(ActionRecord::state).containsOnly(ActionState.DONE);
    }
    // a second demo starts from an empty journal: still one run
    assertThat(tap("demo", "--out", dir.toString(), "--inject-breach", "none").code()).isZero();
    try (Journal j = SqliteJournal.openExisting(dir.resolve("tap-state.db"))) {
      assertThat(j.runs()).hasSize(1);
    }
  }

  @Test
  void aBreachAfterAPhaseThePlanDoesNotHaveIsRefusedWithThePhasesItHas(@TempDir Path dir) {
    AnalysisCommandsTest.Run r = tap("demo", "--out", dir.toString(), "--inject-breach", "database");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no 'Databases' phase").contains(SageMakerFamily.STAGE.name() + ", " + Stage.COMPUTE.name()).contains("--inject-breach none or compute");
    assertThat(dir.resolve("tap-state.db")).doesNotExist();
    assertThat(tap("demo", "--out", dir.toString(), "--surge", "0.5").code()).isEqualTo(2);
  }
}
