package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.GuardReading;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.PhaseState;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.plan.PlanJson;
import dev.tap.optimizer.pricing.SpendReport;
import dev.tap.optimizer.report.JsonReport;
import dev.tap.optimizer.report.RunFixtures;
import dev.tap.optimizer.report.RunView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** 'tap report' with the actual spend stubbed: the fixture plan is of a real account, and tests stay off AWS. */
  private int tap(String... args) {
    CommandLine cl = TapCli.newCommandLine();
    ((ReportCommand) cl.getSubcommands().get("report").getCommand()).actualSpend = p -> new SpendReport.Unavailable("not read in this test");
    return run(cl, args);
  }

  private int run(CommandLine cl, String... args) {
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private Path planFile() {
    Path file = dir.resolve("plan.json");
    PlanJson.write(RunFixtures.plan(), file);
    return file;
  }

  @Test
  void writesTheAskedFormatsFromAPlan() throws Exception {
    Path plan = planFile();
    Path reports = dir.resolve("reports");
    int code = tap("report", "--plan", plan.toString(), "--out", reports.toString(), "--format", "csv,json");
    assertThat(code).as(err.toString()).isZero();
    assertThat(reports.resolve("recommendations.csv")).exists();
    assertThat(reports.resolve("run.json")).exists();
    assertThat(reports.resolve("report.xlsx")).doesNotExist();
    assertThat(out.toString()).contains("Wrote recommendations.csv, run.json").contains("11 actions in 3 phases");
    JsonNode doc = JsonReport.read(Files.readString(reports.resolve("run.json")));
    double savings = RunFixtures.plan().actions().stream().mapToDouble(Action::monthlySavings).sum();
    assertThat(doc.at("/totals/monthlySavings").asDouble()).isCloseTo(savings, within(1e-6));
    assertThat(doc.at("/actions/0/status").asText()).isEqualTo("PLANNED");
    try (var files = Files.list(reports)) {
      assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactlyInAnyOrder("recommendations.csv", "run.json");
    }
  }

  @Test
  void metricsFromASnapshotDirectoryBecomeChartsAndTheHeatMap() throws Exception {
    Path snap = dir.resolve("snap");
    try (var w = new dev.tap.optimizer.snapshot.SnapshotWriter(snap, new dev.tap.optimizer.model.Snapshot("hand-made", "123456789012", "saas",
        RunFixtures.LOOKBACK_END, RunFixtures.resources(), List.of()), RunFixtures.LOOKBACK_START, RunFixtures.LOOKBACK_END)) {
      RunFixtures.metrics().forEach(w::add);
      w.finish();
    }
    Path reports = dir.resolve("reports");
    int code = tap("report", "--plan", planFile().toString(), "--metrics", snap.toString(), "--out", reports.toString(), "--format", "json");
    assertThat(code).as(err.toString()).isZero();
    JsonNode doc = JsonReport.read(Files.readString(reports.resolve("run.json")));
    assertThat(doc.get("metrics")).hasSize(new RunView(RunFixtures.planned()).metricCharts().size());
    assertThat(doc.get("heatMap")).hasSize(3);
    assertThat(doc.at("/tenants/excluded/0/resourceId").asText()).isEqualTo("tenant-acme-orders");
    assertThat(err.toString()).doesNotContain("Note:");
  }

  @Test
  void badInputExitsTwoWithAnActionableMessage() {
    assertThat(tap("report", "--plan", planFile().toString(), "--out", dir.resolve("r").toString(), "--format", "pdf")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown report format 'pdf'");
    assertThat(tap("report", "--plan", dir.resolve("missing.json").toString(), "--out", dir.resolve("r").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("missing.json does not exist");
    assertThat(tap("report", "--out", dir.resolve("r").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("needs --plan FILE");
  }

  @Test
  void outputDirectoryThatIsAFileChangesNothing() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThat(tap("report", "--plan", planFile().toString(), "--out", file.toString(), "--format", "json")).isEqualTo(2);
    assertThat(err.toString()).contains("cannot write the reports into").contains("--out DIR");
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void withTheJournalShowsStatusesAndObservedSlos() throws Exception {
    Path plan = planFile();
    Plan p = RunFixtures.plan();
    Path stateFile = dir.resolve("state.db");
    Instant t0 = Instant.parse("2026-11-29T10:00:00Z");
    long runId;
    try (Journal journal = SqliteJournal.open(stateFile)) {
      runId = journal.createRun(p, PlanJson.contentSha256(p), plan.toString(), RunSettings.defaults("dev"), t0);
      journal.phaseStarted(runId, 1, t0);
      for (ActionRecord a : journal.actions(runId, 1)) {
        journal.actionIntent(a.rowId(), Map.of("gsis", "byEmail,byPlan,byRegion,byCreated"), t0.plusSeconds(30));
        journal.actionDone(a.rowId(), a.after(), "", t0.plusSeconds(90));
      }
      journal.phaseObserving(runId, 1, t0.plusSeconds(120), t0.plus(Duration.ofHours(48)), t0.plusSeconds(1020));
      journal.recordReading(new GuardReading(runId, 1, t0.plusSeconds(1020), "O3 p95 latency", "Latency", "p95", 7.5, 15, false));
      journal.recordReading(new GuardReading(runId, 1, t0.plusSeconds(1920), "O3 p95 latency", "Latency", "p95", 8.25, 15, false));
      journal.recordReading(new GuardReading(runId, 1, t0.plusSeconds(1920), "O3 queue depth", "QueueDepth", "Maximum", 12.0, 1000, false));
      journal.phasePassed(runId, 1, PhaseState.OBSERVING, t0.plus(Duration.ofHours(48)));
    }
    Path reports = dir.resolve("reports");
    int code = tap("report", "--state", stateFile.toString(), "--out", reports.toString(), "--format", "json,csv");
    assertThat(code).as(err.toString()).isZero();
    JsonNode doc = JsonReport.read(Files.readString(reports.resolve("run.json")));
    assertThat(doc.at("/run/id").asText()).isEqualTo(Long.toString(runId));
    assertThat(doc.at("/run/executed").asBoolean()).isTrue();
    assertThat(doc.at("/actions/0/status").asText()).isEqualTo("APPLIED");
    assertThat(doc.at("/actions/0/appliedAt").asText()).isEqualTo(t0.plusSeconds(90).toString());
    assertThat(doc.at("/actions/0/sla/0/slo").asText()).isEqualTo("LATENCY_P95_MS");
    assertThat(doc.at("/actions/0/sla/0/observed").asDouble()).isEqualTo(8.25);
    assertThat(doc.at("/actions/0/sla/1/observed").isNull()).as("no p99 reading").isTrue();
    assertThat(doc.at("/actions/0/sla/1/observedNote").asText()).isEqualTo("not measured in the observation window");
    assertThat(doc.at("/actions/2/sla/0/observedNote").asText()).isEqualTo("not observed yet");
    assertThat(doc.at("/actions/2/status").asText()).isEqualTo("PLANNED");
    assertThat(doc.at("/actions/2/statusText").asText()).isEqualTo("not applied (phase 2 pending)");
    assertThat(doc.at("/phases/0/state").asText()).isEqualTo("passed");
    assertThat(doc.at("/phases/0/start").asText()).isEqualTo(t0.toString());
    assertThat(doc.at("/actions/0/rollback/tapCommand").asText()).isEqualTo("tap rollback " + runId + " --phase 1 --state " + stateFile + " --yes");
  }

  @Test
  void refusesAJournalRunOfAnEditedPlan() throws Exception {
    Plan p = RunFixtures.plan();
    Path stateFile = dir.resolve("state.db");
    try (Journal journal = SqliteJournal.open(stateFile)) {
      journal.createRun(p, "0".repeat(64), "elsewhere/plan.json", RunSettings.defaults("dev"), Instant.parse("2026-11-29T10:00:00Z"));
    }
    int code = tap("report", "--plan", planFile().toString(), "--state", stateFile.toString(), "--out", dir.resolve("r").toString(), "--format", "json");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("was applied from a different plan").contains("elsewhere/plan.json");
    // Without --plan the recorded plan file is used, and its absence is explained.
    assertThat(tap("report", "--state", stateFile.toString(), "--out", dir.resolve("r").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("was applied from elsewhere/plan.json, which is not there").contains("--plan FILE");
  }

  @Test
  void aPlanOfTheSimulatedAccountSaysItHasNoCostExplorerWithoutCallingAws() throws Exception {
    Plan sim = RunFixtures.plan();
    sim = new Plan(sim.schemaVersion(), sim.id(), sim.blueprint(), sim.account(), "sim:saas seed 42", sim.createdAt(), sim.lookbackStart(),
        sim.lookbackEnd(), sim.priceListDate(), sim.phases(), sim.skipped());
    Path file = dir.resolve("sim-plan.json");
    PlanJson.write(sim, file);
    Path reports = dir.resolve("reports");
    // an endpoint nobody answers: a call would show in the reason
    int code = run(TapCli.newCommandLine(), "report", "--plan", file.toString(), "--out", reports.toString(), "--format", "json",
        "--endpoint-url", "http://127.0.0.1:1");
    assertThat(code).as(err.toString()).isZero();
    JsonNode doc = JsonReport.read(Files.readString(reports.resolve("run.json")));
    assertThat(doc.at("/actualSpend/available").asBoolean()).isFalse();
    assertThat(doc.at("/actualSpend/reason").asText()).isEqualTo("actual spend unavailable: the simulated account has no Cost Explorer");
  }
}
