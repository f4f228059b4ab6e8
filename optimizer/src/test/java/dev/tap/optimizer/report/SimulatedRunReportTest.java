package dev.tap.optimizer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tap.optimizer.metrics.FetchProgress;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.plan.Planner;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.SpendReport;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports of a whole run at full size: the simulated trading account's 90-day lookback,
 * analysed and planned as 'tap demo' does, rendered in every format. The four files must agree
 * with each other and with the plan.
 */
class SimulatedRunReportTest {
  @TempDir Path dir;

  @Test
  void tradingRunReportsAgreeWithThePlanAndWithEachOther() throws Exception {
    SimAccount account = SimAccount.of(SimBlueprint.TRADING);
    Snapshot snapshot = account.snapshot();
    Policy policy = PolicyLoader.profile("trading");
    Instant end = account.clock().instant().truncatedTo(ChronoUnit.HOURS);
    List<ResourceMetrics> metrics = new MetricsEngine(account.cloudWatch(), Families.catalog(), account.clock())
        .fetch(snapshot, end.minus(Duration.ofDays(policy.lookbackDays())), end, FetchProgress.NONE);
    Plan plan = new Planner(PriceBook.bundled(), account.clock()).plan(snapshot, metrics, policy).plan();
    assertThat(plan.actions()).isNotEmpty();
    RunData run = RunData.planned(plan, snapshot.resources(), metrics, new SpendReport.Unavailable("simulated account"), account.clock().instant());

    Path out = Boolean.getBoolean("tap.keepReports") ? Files.createDirectories(Path.of("target", "report-render", "trading")) : dir;
    List<Path> files = Reports.writeAll(run, out, EnumSet.allOf(ReportFormat.class), ReportProgress.silent());
    assertThat(files).hasSize(4);

    double savings = plan.actions().stream().mapToDouble(Action::monthlySavings).sum();
    JsonNode json = JsonReport.read(Files.readString(out.resolve("run.json")));
    assertThat(json.at("/totals/monthlySavings").asDouble()).isCloseTo(savings, within(1e-6));
    List<Map<String, String>> csv = CsvReport.parse(Files.readString(out.resolve("recommendations.csv")));
    assertThat(csv).hasSize(plan.actions().size());
    assertThat(csv.stream().mapToDouble(r -> Double.parseDouble(r.get("monthly_savings_usd"))).sum()).isCloseTo(savings, within(0.005 * csv.size()));
    try (InputStream in = Files.newInputStream(out.resolve("report.xlsx")); XSSFWorkbook wb = new XSSFWorkbook(in)) {
      var total = XlsxReportTest.rowStartingWith(wb.getSheet(XlsxReport.SUMMARY), "Total");
      assertThat(total.getCell(4).getNumericCellValue()).isCloseTo(savings, within(1e-6));
      var charts = wb.getSheet(XlsxReport.METRICS).getDrawingPatriarch().getCharts();
      assertThat(charts).hasSize(new RunView(run).metricCharts().size());
      // At least one chart for every family the plan changes.
      for (Action a : plan.actions()) {
        assertThat(charts).anySatisfy(c -> assertThat(c.getTitleText().getString()).endsWith("(" + a.kind().family().label() + ")"));
      }
    }
    String html = Files.readString(out.resolve("dashboard.html"));
    assertThat(html).contains("\"planId\" : \"" + plan.id() + "\"");
  }
}
