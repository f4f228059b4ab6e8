package dev.tap.optimizer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.model.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlDashboardTest {
  @TempDir Path dir;

  private String write(RunData run) throws Exception {
    Reports.writeAll(run, dir, EnumSet.of(ReportFormat.HTML), ReportProgress.silent());
    return Files.readString(dir.resolve("dashboard.html"));
  }

  private static JsonNode embedded(String html) throws Exception {
    Matcher m = Pattern.compile("<script type=\"application/json\" id=\"" + HtmlDashboard.DATA_ELEMENT_ID + "\">(.*?)</script>", Pattern.DOTALL).matcher(html);
    assertThat(m.find()).as("embedded run data").isTrue();
    return JsonReport.read(m.group(1));
  }

  @Test
  void isSelfContainedWithEchartsInlinedAndNoExternalScriptOrLink() throws Exception {
    String page = write(RunFixtures.planned());
    // The page apart from the inlined library (whose code builds an <img> only for its save-as-image tool).
    int lib = page.indexOf("<script>\n");
    String html = page.substring(0, lib) + page.substring(page.indexOf("\n</script>", lib));
    assertThat(Pattern.compile("<(script|link|img|iframe)\\b[^>]*\\b(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find())
        .as("no element loads anything").isFalse();
    assertThat(Pattern.compile("<(script|link)\\b[^>]*https?://", Pattern.CASE_INSENSITIVE).matcher(html).find()).isFalse();
    // The library itself is inlined: its banner and the version of the webjar.
    assertThat(HtmlDashboard.echartsVersion()).isEqualTo("5.3.1");
    assertThat(page).as("echarts.min.js inlined").contains("t.version=\"5.3.1\"");
    long size = Files.size(dir.resolve("dashboard.html"));
    assertThat(size).as("dashboard.html bytes").isGreaterThan(1_000_000).isLessThanOrEqualTo(3L * 1024 * 1024);
  }

  @Test
  void firstTileRowShowsTheRunStateAndTheSavingKept() throws Exception {
    RunData run = RunFixtures.executed();
    String html = write(run);
    double kept = run.plan().actions().get(0).monthlySavings() + run.plan().actions().get(1).monthlySavings();
    String firstRow = html.substring(html.indexOf("<section class=\"cards\" id=\"outcome\">"));
    firstRow = firstRow.substring(0, firstRow.indexOf("</section>"));
    assertThat(html.indexOf("id=\"outcome\"")).as("the outcome is the first tile row").isLessThan(html.indexOf("<section class=\"cards\">"));
    assertThat(firstRow).contains(">ROLLED_BACK<").contains("Monthly savings kept").contains(ReportText.money(kept))
        .contains("Annual savings kept").contains(ReportText.money(kept * 12));
    assertThat(html).contains("report generated " + ReportText.minute(RunFixtures.REPORT_TIME));
    // The projection adds up to the annual tile.
    JsonNode data = embedded(html);
    assertThat(data.at("/projection/11/cumulative").asDouble()).isCloseTo(kept * 12, within(1e-6));
  }

  @Test
  void aPlanNotAppliedHeadlinesItsPlannedSaving() throws Exception {
    RunData run = RunFixtures.planned();
    String html = write(run);
    double planned = run.plan().actions().stream().mapToDouble(Action::monthlySavings).sum();
    assertThat(html).contains(">PLANNED<").contains("Monthly savings planned").contains(ReportText.money(planned * 12));
    assertThat(embedded(html).at("/projection/11/cumulative").asDouble()).isCloseTo(planned * 12, within(1e-6));
  }

  @Test
  void embeddedDataIsTheRunsData() throws Exception {
    RunData run = RunFixtures.executed();
    JsonNode data = embedded(write(run));
    double savings = run.plan().actions().stream().mapToDouble(Action::monthlySavings).sum();
    assertThat(data.at("/totals/monthlySavings").asDouble()).isCloseTo(savings, within(1e-9));
    assertThat(data.at("/run/id").asText()).isEqualTo("7");
    List<Action> actions = run.plan().actions();
    assertThat(data.get("actions")).hasSize(actions.size());
    for (int i = 0; i < actions.size(); i++) {
      JsonNode a = data.get("actions").get(i);
      assertThat(a.get("id").asText()).isEqualTo(actions.get(i).id());
      assertThat(a.get("monthlySavings").asDouble()).isEqualTo(actions.get(i).monthlySavings());
      assertThat(a.get("risk").asText()).isEqualTo(actions.get(i).risk().name());
      assertThat(a.get("confidence").asDouble()).isEqualTo(actions.get(i).confidence());
    }
    assertThat(data.at("/actions/2/status").asText()).isEqualTo("ROLLED_BACK");
    // Heat map: hour-of-day means recomputed here from the series themselves.
    var asg = run.metricsOf("tap-dev-asg").orElseThrow();
    MetricSeries cpu = asg.hourly("CPUUtilization", "Average").orElseThrow();
    JsonNode row = null;
    for (JsonNode h : data.get("heatMap")) if (h.get("resourceId").asText().equals("tap-dev-asg")) row = h;
    assertThat(row).isNotNull();
    for (int hour = 0; hour < 24; hour++) {
      double sum = 0;
      int n = 0;
      for (int i = 0; i < cpu.size(); i++) {
        if ((cpu.times()[i] / 3600) % 24 == hour) {
          sum += cpu.values()[i];
          n++;
        }
      }
      assertThat(row.get("byHour").get(hour).asDouble()).isCloseTo(sum / n, within(1e-9));
    }
    assertThat(data.at("/withoutUtilisation/0").asText()).isEqualTo("tap-dev-tenants");
    // Projection: only phase 1 is in effect, twelve months from when its last action was applied.
    double phase1 = actions.get(0).monthlySavings() + actions.get(1).monthlySavings();
    assertThat(data.at("/projection/11/cumulative").asDouble()).isCloseTo(phase1 * 12, within(1e-6));
    assertThat(data.at("/projection/0/start").asText()).isEqualTo(RunFixtures.PHASE1_APPLIED.toString().substring(0, 10));
    assertThat(data.at("/tenants/excluded/0/resourceId").asText()).isEqualTo("tenant-acme-orders");
    assertThat(data.at("/tenants/sharedActions")).hasSize(actions.size());
  }

  @Test
  void tablesShowPhaseProgressAndTenantImpact() throws Exception {
    String html = write(RunFixtures.executed());
    assertThat(html).contains("<h2>Phase progress</h2>").contains("rolled back").contains("not started");
    assertThat(html).contains("tenant-acme-orders").contains("tagged TenantId=acme (tenant-owned)");
    assertThat(html).contains("shared by every tenant of the saas platform");
  }

  @Test
  void leftOutSectionNamesEachEntryItsReasonAndSaving() throws Exception {
    String html = write(RunFixtures.planned());
    String section = html.substring(html.indexOf("<section id=\"left-out\">"));
    section = section.substring(0, section.indexOf("</section>"));
    assertThat(section).contains("2 left out; the recommendations among them would have saved $7,227.00 a month.")
        .contains("DB_INSTANCE_CLASS {instanceClass=db.r6g.2xlarge}</td><td>backtest over 90 days").contains("not evaluated");
    JsonNode data = embedded(html);
    assertThat(data.at("/leftOut/1/monthlySavings").asDouble()).isEqualTo(7_227.00);
    assertThat(data.at("/leftOut/0/monthlySavings").isNull()).isTrue();
  }

  @Test
  void dataCannotCloseItsScriptElement() throws Exception {
    RunData run = RunFixtures.planned();
    var plan = run.plan();
    var skipped = new java.util.ArrayList<>(plan.skipped());
    skipped.add(new dev.tap.optimizer.model.Plan.Skipped("odd</script><script>alert(1)</script>", "DynamoDB", "no data"));
    var odd = new dev.tap.optimizer.model.Plan(plan.schemaVersion(), plan.id(), plan.blueprint(), plan.account(), plan.source(), plan.createdAt(),
        plan.lookbackStart(), plan.lookbackEnd(), plan.priceListDate(), plan.phases(), skipped);
    String html = write(RunData.planned(odd, run.resources(), run.metrics(), run.actualSpend(), run.reportTime()));
    assertThat(html).doesNotContain("alert(1)</script>");
    assertThat(embedded(html).at("/skipped/2/resourceId").asText()).isEqualTo("odd</script><script>alert(1)</script>");
  }
}
