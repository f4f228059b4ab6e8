package dev.tap.optimizer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tap.optimizer.model.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvJsonReportTest {
  @TempDir Path dir;

  @Test
  void csvRoundTripsEveryActionWithItsNumbersAndStatus() throws Exception {
    RunData run = RunFixtures.executed();
    Reports.writeAll(run, dir, EnumSet.of(ReportFormat.CSV), ReportProgress.silent());
    List<Map<String, String>> rows = CsvReport.parse(Files.readString(dir.resolve("recommendations.csv")));
    List<Action> actions = run.plan().actions();
    assertThat(rows).hasSize(actions.size());
    assertThat(rows.get(0).keySet()).containsExactlyElementsOf(CsvReport.COLUMNS);
    for (int i = 0; i < actions.size(); i++) {
      Action a = actions.get(i);
      Map<String, String> row = rows.get(i);
      assertThat(row.get("action_id")).isEqualTo(a.id());
      assertThat(row.get("resource_id")).isEqualTo(a.resourceId());
      assertThat(Double.parseDouble(row.get("monthly_savings_usd"))).isCloseTo(a.monthlySavings(), within(0.005));
      assertThat(Double.parseDouble(row.get("annual_savings_usd"))).isCloseTo(a.monthlySavings() * 12, within(0.005));
      assertThat(row.get("risk")).isEqualTo(a.risk().name());
    }
    Map<String, String> first = rows.get(0);
    assertThat(first.get("status")).isEqualTo("APPLIED");
    assertThat(first.get("observed_p95_ms")).isEqualTo("6.6000");
    assertThat(first.get("before")).isEqualTo("gsis=byEmail,byPlan,byRegion,byCreated");
    Map<String, String> asg = rows.get(3);
    assertThat(asg.get("rollback_aws_cli")).contains("--min-size 12 --max-size 25 --desired-capacity 15");
    assertThat(asg.get("status_reason")).startsWith("rolled back: p99 latency rose 37 %");
    assertThat(rows.get(8).get("observed_p95_ms")).isEqualTo("not observed yet");
    // The savings column adds up to the plan's total, to the cent per row.
    double sum = rows.stream().mapToDouble(r -> Double.parseDouble(r.get("monthly_savings_usd"))).sum();
    assertThat(sum).isCloseTo(actions.stream().mapToDouble(Action::monthlySavings).sum(), within(0.005 * actions.size()));
  }

  @Test
  void runJsonStatesTheOutcomeAtItsTopLevel() throws Exception {
    RunData run = RunFixtures.executed();
    Reports.writeAll(run, dir, EnumSet.of(ReportFormat.JSON), ReportProgress.silent());
    JsonNode doc = JsonReport.read(Files.readString(dir.resolve("run.json")));
    double kept = run.plan().actions().get(0).monthlySavings() + run.plan().actions().get(1).monthlySavings();
    assertThat(doc.get("state").asText()).isEqualTo("ROLLED_BACK");
    assertThat(doc.at("/outcome/monthlySavingsKept").asDouble()).isCloseTo(kept, within(1e-9));
    assertThat(doc.at("/outcome/annualSavingsKept").asDouble()).isCloseTo(kept * 12, within(1e-9));
    assertThat(doc.at("/outcome/monthlySavingsPlanned").asDouble()).isCloseTo(doc.at("/totals/monthlySavings").asDouble(), within(1e-9));
    assertThat(doc.at("/outcome/runStart").asText()).isEqualTo(RunFixtures.PHASE1_START.toString());
    assertThat(doc.at("/outcome/generatedAt").asText()).isEqualTo(RunFixtures.REPORT_TIME.toString());
    List<String> fields = new java.util.ArrayList<>();
    doc.fieldNames().forEachRemaining(fields::add);
    assertThat(fields.subList(0, 4)).containsExactly("schemaVersion", "generatedAt", "state", "outcome");
  }

  @Test
  void csvQuotesFieldsWithCommasQuotesAndNewlines() throws Exception {
    Reports.writeAll(RunFixtures.executed(), dir, EnumSet.of(ReportFormat.CSV), ReportProgress.silent());
    String text = Files.readString(dir.resolve("recommendations.csv"));
    assertThat(text).contains("\"gsis=byEmail,byPlan,byRegion,byCreated\"");
    assertThat(text.split("\r\n")[0]).isEqualTo(String.join(",", CsvReport.COLUMNS));
  }

  @Test
  void jsonIsVersionedAndHoldsWhatTheWorkbookShows() throws Exception {
    RunData run = RunFixtures.planned();
    Reports.writeAll(run, dir, EnumSet.of(ReportFormat.JSON), ReportProgress.silent());
    JsonNode doc = JsonReport.read(Files.readString(dir.resolve("run.json")));
    assertThat(doc.get("schemaVersion").asInt()).isEqualTo(JsonReport.SCHEMA_VERSION);
    assertThat(doc.at("/run/priceListDate").asText()).isEqualTo("2026-11-01");
    assertThat(doc.at("/run/executed").asBoolean()).isFalse();
    List<Action> actions = run.plan().actions();
    double savings = actions.stream().mapToDouble(Action::monthlySavings).sum();
    assertThat(doc.at("/totals/monthlySavings").asDouble()).isCloseTo(savings, within(1e-9));
    double components = 0;
    for (JsonNode c : doc.get("components")) components += c.get("monthlySavings").asDouble();
    assertThat(components).isCloseTo(savings, within(1e-9));
    JsonNode a = doc.at("/actions/3");
    assertThat(a.get("id").asText()).isEqualTo("saas-04");
    assertThat(a.at("/before/desired").asText()).isEqualTo("15");
    assertThat(a.at("/after/desired").asText()).isEqualTo("8");
    assertThat(a.get("status").asText()).isEqualTo("PLANNED");
    assertThat(a.at("/sla/0/observed").isNull()).isTrue();
    assertThat(a.at("/sla/0/predicted").asDouble()).isEqualTo(12.7);
    assertThat(a.at("/rollback/awsCli/0").asText()).contains("--desired-capacity 15");
    assertThat(a.at("/rollback/tapCommand").asText()).isEqualTo("tap rollback RUN --phase 2 --yes");
    assertThat(a.at("/recovery/reasoning").asText()).contains("Desired 15 -> 8");
    assertThat(a.at("/evidence/0/holds").asBoolean()).isTrue();
    assertThat(doc.get("phases")).hasSize(3);
    assertThat(doc.at("/phases/0/start").asText()).isEqualTo(RunFixtures.REPORT_TIME.toString());
    assertThat(doc.get("metrics")).hasSize(new RunView(run).metricCharts().size());
    assertThat(doc.at("/metrics/0/series/0/values")).hasSize(14 * 24);
    assertThat(doc.at("/actualSpend/available").asBoolean()).isTrue();
    assertThat(doc.at("/actualSpend/rows")).hasSize(3);
  }

  @Test
  void unavailableSpendKeepsItsReason() throws Exception {
    RunData planned = RunFixtures.planned();
    RunData run = RunData.planned(planned.plan(), planned.resources(), planned.metrics(),
        new dev.tap.optimizer.pricing.SpendReport.Unavailable("no credentials for Cost Explorer"), planned.reportTime());
    Reports.writeAll(run, dir, EnumSet.of(ReportFormat.JSON), ReportProgress.silent());
    JsonNode doc = JsonReport.read(Files.readString(dir.resolve("run.json")));
    assertThat(doc.at("/actualSpend/available").asBoolean()).isFalse();
    assertThat(doc.at("/actualSpend/reason").asText()).isEqualTo("actual spend unavailable: no credentials for Cost Explorer");
  }
}
