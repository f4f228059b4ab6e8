package dev.tap.optimizer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.model.Action;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.AreaReference;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.XDDFNoFillProperties;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsxReportTest {
  @TempDir Path dir;

  private XSSFWorkbook write(RunData run) throws Exception {
    Reports.writeAll(run, dir, EnumSet.of(ReportFormat.XLSX), ReportProgress.silent());
    try (InputStream in = Files.newInputStream(dir.resolve("report.xlsx"))) {
      return new XSSFWorkbook(in);
    }
  }

  @Test
  void hasTheEightSheetsEachWithHeaderAndFrozenPane() throws Exception {
    try (XSSFWorkbook wb = write(RunFixtures.planned())) {
      List<String> names = new ArrayList<>();
      wb.forEach(s -> names.add(s.getSheetName()));
      assertThat(names).containsExactly(XlsxReport.SUMMARY, XlsxReport.RECOMMENDATIONS, XlsxReport.LEFT_OUT, XlsxReport.SLA, XlsxReport.GUARD, XlsxReport.CONFIG, XlsxReport.METRICS,
          XlsxReport.ROADMAP, XlsxReport.ROLLBACK, XlsxReport.RECOVERY, PurchaseOptionsSheet.NAME, XlsxReport.METRIC_DATA);
      for (String name : names) {
        XSSFSheet sh = wb.getSheet(name);
        assertThat(sh.getPaneInformation()).as("frozen pane of %s", name).isNotNull();
        assertThat(sh.getRow(0).getCell(0).getStringCellValue()).as("header of %s", name).isNotBlank();
        assertThat(sh.getRow(0).getCell(0).getCellStyle().getFont().getBold()).as("bold header of %s", name).isTrue();
      }
      XSSFSheet recs = wb.getSheet(XlsxReport.RECOMMENDATIONS);
      assertThat(recs.getRow(1).getCell(XlsxReport.REC_SAVINGS).getCellStyle().getDataFormatString()).contains("$");
      assertThat(recs.getRow(1).getCell(13).getCellStyle().getDataFormatString()).contains("%");
      assertThat(recs.getColumnWidth(7)).isGreaterThan(recs.getColumnWidth(1));
    }
  }

  @Test
  void summaryOpensWithTheRunStateAndTheSavingKept() throws Exception {
    RunData run = RunFixtures.executed();
    double kept = run.plan().actions().get(0).monthlySavings() + run.plan().actions().get(1).monthlySavings();
    double planned = run.plan().actions().stream().mapToDouble(Action::monthlySavings).sum();
    try (XSSFWorkbook wb = write(run)) {
      XSSFSheet summary = wb.getSheet(XlsxReport.SUMMARY);
      assertThat(summary.getRow(0).getCell(0).getStringCellValue()).isEqualTo("TAP run 7: ROLLED_BACK");
      assertThat(summary.getRow(1).getCell(1).getStringCellValue()).startsWith("ROLLED_BACK: p99 latency rose 37 %");
      assertThat(summary.getRow(2).getCell(0).getStringCellValue()).isEqualTo("Monthly savings kept");
      assertThat(summary.getRow(2).getCell(1).getNumericCellValue()).isCloseTo(kept, within(1e-6));
      assertThat(summary.getRow(3).getCell(1).getNumericCellValue()).isCloseTo(kept * 12, within(1e-6));
      assertThat(summary.getRow(4).getCell(1).getNumericCellValue()).isCloseTo(planned, within(1e-6));
      assertThat(rowStartingWith(summary, "Report generated (UTC)").getRowNum()).isLessThan(XlsxReport.SUMMARY_TABLE_ROW);
    }
  }

  @Test
  void leftOutSheetListsEverySkippedEntryWithItsReasonAndSaving() throws Exception {
    try (XSSFWorkbook wb = write(RunFixtures.planned())) {
      XSSFSheet left = wb.getSheet(XlsxReport.LEFT_OUT);
      assertThat(left.getLastRowNum()).isEqualTo(2);
      assertThat(left.getRow(1).getCell(2).getStringCellValue()).isEqualTo("the whole resource (not analysed)");
      assertThat(left.getRow(1).getCell(4).getStringCellValue()).isEqualTo("not evaluated");
      Row aurora = left.getRow(2);
      assertThat(aurora.getCell(2).getStringCellValue()).isEqualTo("DB_INSTANCE_CLASS {instanceClass=db.r6g.2xlarge}");
      assertThat(aurora.getCell(3).getStringCellValue()).startsWith("backtest over 90 days: latency p95 above");
      assertThat(aurora.getCell(4).getNumericCellValue()).isEqualTo(7_227.00);
    }
  }

  @Test
  void totalsEqualTheSumOfTheActionsSavings() throws Exception {
    RunData run = RunFixtures.planned();
    double sum = run.plan().actions().stream().mapToDouble(Action::monthlySavings).sum();
    double before = run.plan().actions().stream().mapToDouble(Action::monthlyCostBefore).sum();
    try (XSSFWorkbook wb = write(run)) {
      XSSFSheet summary = wb.getSheet(XlsxReport.SUMMARY);
      Row total = rowStartingWith(summary, "Total");
      assertThat(total.getCell(4).getCellType()).isEqualTo(CellType.FORMULA);
      assertThat(total.getCell(4).getNumericCellValue()).isCloseTo(sum, within(1e-6));
      assertThat(total.getCell(5).getNumericCellValue()).isCloseTo(sum * 12, within(1e-6));
      assertThat(total.getCell(2).getNumericCellValue()).isCloseTo(before, within(1e-6));
      assertThat(total.getCell(1).getNumericCellValue()).isEqualTo(run.plan().actions().size());
      // Per component: Redis has three actions.
      double redis = run.plan().actions().stream().filter(a -> a.kind().family().label().equals("Redis")).mapToDouble(Action::monthlySavings).sum();
      assertThat(rowStartingWith(summary, "Redis").getCell(4).getNumericCellValue()).isCloseTo(redis, within(1e-6));
      assertThat(rowStartingWith(summary, "Price list date").getCell(1).getStringCellValue()).isEqualTo("2026-11-01");
      // The summary chart plots the component table's cells: savings per component add up to the total.
      XSSFChart chart = summary.getDrawingPatriarch().getCharts().get(0);
      double[] plottedSavings = cells(wb, chart.getChartSeries().get(0).getSeries(2).getValuesData().getDataRangeReference());
      assertThat(java.util.Arrays.stream(plottedSavings).sum()).isCloseTo(sum, within(1e-6));
    }
  }

  @Test
  void everyMetricChartPlotsCellsHoldingTheRunsSeries() throws Exception {
    RunData run = RunFixtures.planned();
    try (XSSFWorkbook wb = write(run)) {
      XSSFSheet metrics = wb.getSheet(XlsxReport.METRICS);
      List<XSSFChart> charts = metrics.getDrawingPatriarch().getCharts();
      int expected = new RunView(run).metricCharts().size();
      assertThat(charts).hasSize(expected);
      Set<String> families = new HashSet<>();
      int checkedSeries = 0;
      for (XSSFChart chart : charts) {
        String title = chart.getTitleText().getString();
        var rm = run.metrics().stream().filter(m -> title.startsWith(m.resource().id() + " — ")).findFirst().orElseThrow();
        families.add(rm.resource().family().label());
        String metric = title.substring(rm.resource().id().length() + 3, title.lastIndexOf(" ("));
        for (XDDFChartData data : chart.getChartSeries()) {
          assertThat(data).isInstanceOf(XDDFLineChartData.class);
          for (int s = 0; s < data.getSeriesCount(); s++) {
            var series = data.getSeries(s);
            // The statistic's name heads the plotted column (and titles the series).
            CellReference top = new AreaReference(series.getValuesData().getDataRangeReference(), SpreadsheetVersion.EXCEL2007).getFirstCell();
            String stat = wb.getSheet(top.getSheetName()).getRow(top.getRow() - 1).getCell(top.getCol()).getStringCellValue();
            MetricSeries expectedSeries = rm.hourly(metric, stat).orElseThrow();
            double[] plotted = cells(wb, series.getValuesData().getDataRangeReference());
            double[] times = cells(wb, series.getCategoryData().getDataRangeReference());
            assertThat(plotted).hasSize(expectedSeries.size());
            for (int i = 0; i < plotted.length; i++) {
              assertThat(plotted[i]).isCloseTo(expectedSeries.values()[i], within(1e-9));
              assertThat(times[i]).isCloseTo(XlsxReport.excelDate(java.time.Instant.ofEpochSecond(expectedSeries.times()[i])), within(1e-9));
            }
            checkedSeries++;
          }
        }
      }
      assertThat(families).containsExactlyInAnyOrder("Aurora", "EC2/ASG", "Redis", "DynamoDB");
      assertThat(checkedSeries).isEqualTo(run.metrics().stream().mapToInt(m -> m.hourly().size()).sum());
    }
  }

  @Test
  void roadmapIsAGanttChartOverThePhasesRealDates() throws Exception {
    RunData run = RunFixtures.executed();
    RunView view = new RunView(run);
    try (XSSFWorkbook wb = write(run)) {
      XSSFSheet roadmap = wb.getSheet(XlsxReport.ROADMAP);
      List<XSSFChart> charts = roadmap.getDrawingPatriarch().getCharts();
      assertThat(charts).hasSize(1);
      XDDFBarChartData bars = (XDDFBarChartData) charts.get(0).getChartSeries().get(0);
      assertThat(bars.getSeriesCount()).isEqualTo(4);
      assertThat(bars.getSeries(0).getShapeProperties().getFillProperties()).isInstanceOf(XDDFNoFillProperties.class);
      double[] starts = cells(wb, bars.getSeries(0).getValuesData().getDataRangeReference());
      double[] apply = cells(wb, bars.getSeries(1).getValuesData().getDataRangeReference());
      double[] observe = cells(wb, bars.getSeries(2).getValuesData().getDataRangeReference());
      double[] rolledBack = cells(wb, bars.getSeries(3).getValuesData().getDataRangeReference());
      // a phase stopped by a rollback draws its observation in the fourth series, coloured apart
      assertThat(preset(bars.getSeries(3))).isEqualTo(org.apache.poi.xddf.usermodel.PresetColor.FIREBRICK);
      assertThat(preset(bars.getSeries(2))).isEqualTo(org.apache.poi.xddf.usermodel.PresetColor.STEEL_BLUE);
      var spans = view.schedule();
      assertThat(spans).anyMatch(p -> p.rolledBack() > 0).anyMatch(p -> p.rolledBack() == 0);
      assertThat(starts).hasSize(spans.size());
      for (int i = 0; i < spans.size(); i++) {
        assertThat(starts[i]).isCloseTo(XlsxReport.excelDate(spans.get(i).start()), within(1e-9));
        assertThat(apply[i]).isCloseTo(XlsxReport.excelDate(spans.get(i).applied()) - XlsxReport.excelDate(spans.get(i).start()), within(1e-9));
        double observed = spans.get(i).observation().toMinutes() / 1440.0;
        boolean stopped = spans.get(i).rolledBack() > 0;
        assertThat(observe[i]).isCloseTo(stopped ? 0 : observed, within(1e-6));
        assertThat(rolledBack[i]).isCloseTo(stopped ? observed : 0, within(1e-6));
        // the table gives the apply time in hours beside the chart's days
        assertThat(roadmap.getRow(i + 1).getCell(10).getNumericCellValue()).isCloseTo(apply[i] * 24, within(1e-6));
      }
      // Phase 1 comes from the journal: its start is the recorded one.
      assertThat(starts[0]).isCloseTo(XlsxReport.excelDate(RunFixtures.PHASE1_START), within(1e-9));
    }
  }

  private static org.apache.poi.xddf.usermodel.PresetColor preset(org.apache.poi.xddf.usermodel.chart.XDDFChartData.Series series) {
    var fill = (org.apache.poi.xddf.usermodel.XDDFSolidFillProperties) series.getShapeProperties().getFillProperties();
    return ((org.apache.poi.xddf.usermodel.XDDFColorPreset) fill.getColor()).getValue();
  }

  @Test
  void rollbackCommandsCarryTheRealIdsAndRecordedBeforeValues() throws Exception {
    RunData run = RunFixtures.executed();
    try (XSSFWorkbook wb = write(run)) {
      XSSFSheet sh = wb.getSheet(XlsxReport.ROLLBACK);
      assertThat(cli(sh, "saas-04")).contains("aws autoscaling update-auto-scaling-group --auto-scaling-group-name tap-dev-asg --min-size 12 --max-size 25 --desired-capacity 15");
      assertThat(cli(sh, "saas-03")).contains("--launch-template-id lt-0abc123def4567890").contains("\"InstanceType\":\"m5.4xlarge\"");
      assertThat(cli(sh, "saas-05")).contains("--replication-group-id tap-dev-redis --cache-node-type cache.r6g.4xlarge");
      // The journal recorded 3 shards (drift): the recorded state does not override the plan's expected 4.
      assertThat(cli(sh, "saas-06")).contains("--node-group-count 4");
      assertThat(cli(sh, "saas-07")).contains("increase-replica-count --replication-group-id tap-dev-redis --new-replica-count 2");
      assertThat(cli(sh, "saas-08")).contains("--global-cluster-identifier tap-dev-global").contains("--region eu-west-1").doesNotContain("--region us-west-2");
      assertThat(cli(sh, "saas-09")).contains("--db-instance-identifier tap-dev-aurora-reader-2 --db-instance-class db.r6g.4xlarge");
      assertThat(cli(sh, "saas-10")).contains("create-db-instance --db-instance-identifier tap-dev-aurora-reader-2 --db-cluster-identifier tap-dev-aurora")
          .contains("--engine aurora-mysql");
      assertThat(cli(sh, "saas-11")).contains("--backup-retention-period 30");
      assertThat(cli(sh, "saas-01")).isEqualTo("aws dynamodb update-table --table-name tap-dev-tenants"
          + " --attribute-definitions AttributeName=region,AttributeType=S AttributeName=createdAt,AttributeType=N"
          + " --global-secondary-index-updates '[{\"Create\":{\"IndexName\":\"byRegion\",\"KeySchema\":[{\"AttributeName\":\"region\",\"KeyType\":\"HASH\"},"
          + "{\"AttributeName\":\"createdAt\",\"KeyType\":\"RANGE\"}],\"Projection\":{\"ProjectionType\":\"INCLUDE\",\"NonKeyAttributes\":[\"plan\",\"owner\"]}}}]'"
          + " --region us-east-1");
      assertThat(cli(sh, "saas-02")).contains("StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES");
      Row row = rowStartingWith(sh, "saas-04");
      assertThat(row.getCell(6).getStringCellValue()).isEqualTo("tap rollback 7 --phase 2 --yes");
      assertThat(row.getCell(4).getStringCellValue()).contains("desired = 15").contains("min = 12").contains("max = 25");
    }
  }

  @Test
  void slaAndStatusSayNotObservedBeforeApplyAndShowTheJournalAfter() throws Exception {
    try (XSSFWorkbook wb = write(RunFixtures.planned())) {
      XSSFSheet sla = wb.getSheet(XlsxReport.SLA);
      for (int r = 1; r <= sla.getLastRowNum(); r++) assertThat(sla.getRow(r).getCell(6).getStringCellValue()).isEqualTo("not observed yet");
      assertThat(rowStartingWith(wb.getSheet(XlsxReport.RECOMMENDATIONS), "saas-01").getCell(16).getStringCellValue()).isEqualTo("planned");
    }
    try (XSSFWorkbook wb = write(RunFixtures.executed())) {
      XSSFSheet sla = wb.getSheet(XlsxReport.SLA);
      Row p95 = null;
      for (int r = 1; r <= sla.getLastRowNum(); r++) {
        Row row = sla.getRow(r);
        if (row.getCell(0).getStringCellValue().equals("saas-01") && row.getCell(2).getStringCellValue().equals("latency p95")) p95 = row;
      }
      assertThat(p95).isNotNull();
      assertThat(p95.getCell(4).getNumericCellValue()).isEqualTo(6.1);
      assertThat(p95.getCell(6).getNumericCellValue()).isEqualTo(6.6); // the worst of 6.3 and 6.6
      XSSFSheet recs = wb.getSheet(XlsxReport.RECOMMENDATIONS);
      assertThat(rowStartingWith(recs, "saas-03").getCell(16).getStringCellValue()).startsWith("rolled back: p99 latency rose");
      assertThat(rowStartingWith(recs, "saas-06").getCell(16).getStringCellValue()).isEqualTo("skipped: drift: shards is 3, the plan expected 4");
      assertThat(rowStartingWith(recs, "saas-09").getCell(16).getStringCellValue()).isEqualTo("not applied (phase 3 not started)");
    }
  }

  @Test
  void recoverySheetDerivesObjectivesFromTheConfiguration() throws Exception {
    try (XSSFWorkbook wb = write(RunFixtures.planned())) {
      XSSFSheet sh = wb.getSheet(XlsxReport.RECOVERY);
      Row secondary = rowStartingWith(sh, "saas-08");
      assertThat(secondary.getCell(2).getStringCellValue()).isEqualTo("primary region failure");
      assertThat(secondary.getCell(7).getStringCellValue()).contains("Secondary regions 2 -> 1");
      Row replicas = rowStartingWith(sh, "saas-07");
      assertThat(replicas.getCell(7).getStringCellValue()).contains("Replicas per shard 2 -> 1").contains("still replaced by a replica");
      Row retention = rowStartingWith(sh, "saas-11");
      assertThat(retention.getCell(7).getStringCellValue()).contains("back 30 d before and 14 d after");
    }
  }

  @Test
  void beforeAndAfterShowsEveryTouchedResourcesWholeConfiguration() throws Exception {
    try (XSSFWorkbook wb = write(RunFixtures.planned())) {
      XSSFSheet sh = wb.getSheet(XlsxReport.CONFIG);
      java.util.Map<String, String[]> asg = new java.util.TreeMap<>();
      for (Row row : sh) {
        if (row.getRowNum() > 0 && row.getCell(0).getStringCellValue().equals("tap-dev-asg")) {
          asg.put(row.getCell(2).getStringCellValue(), new String[] {row.getCell(3).getStringCellValue(), row.getCell(4).getStringCellValue(),
              row.getCell(6).getStringCellValue()});
        }
      }
      assertThat(asg).containsOnlyKeys("desired", "instanceType", "launchTemplateId", "max", "min");
      assertThat(sh.getRow(0).getCell(5).getStringCellValue()).isEqualTo("After the run (not executed yet)");
      assertThat(asg.get("desired")).containsExactly("15", "8", "saas-04");
      assertThat(asg.get("instanceType")).containsExactly("m5.4xlarge", "m5.2xlarge", "saas-03");
      assertThat(asg.get("launchTemplateId")).containsExactly("lt-0abc123def4567890", "lt-0abc123def4567890", "");
      assertThat(rowStartingWith(sh, "tap-dev-tenants").getCell(1).getStringCellValue()).isEqualTo("DynamoDB");
      boolean untouchedListed = false;
      for (Row row : sh) untouchedListed |= row.getCell(0).getStringCellValue().equals("tenant-acme-orders");
      assertThat(untouchedListed).as("a resource no action touches is not listed").isFalse();
    }
  }

  @Test
  void afterTheRunShowsRolledBackSettingsAtTheirBeforeValue() throws Exception {
    try (XSSFWorkbook wb = write(RunFixtures.executed())) {
      XSSFSheet sh = wb.getSheet(XlsxReport.CONFIG);
      for (Row row : sh) {
        if (row.getRowNum() == 0 || !row.getCell(0).getStringCellValue().equals("tap-dev-asg") || !row.getCell(2).getStringCellValue().equals("instanceType")) continue;
        assertThat(row.getCell(4).getStringCellValue()).isEqualTo("m5.2xlarge");
        assertThat(row.getCell(5).getStringCellValue()).as("saas-03 was rolled back").isEqualTo("m5.4xlarge");
        assertThat(((org.apache.poi.xssf.usermodel.XSSFCellStyle) row.getCell(5).getCellStyle()).getFont().getBold()).isFalse();
        return;
      }
      throw new AssertionError("no instanceType row of tap-dev-asg");
    }
  }

  @Test
  void chartsHaveAxisTitlesAndSheetsHaveWidthsAndPrintAreas() throws Exception {
    try (XSSFWorkbook wb = write(RunFixtures.executed())) {
      for (String name : List.of(XlsxReport.SUMMARY, XlsxReport.METRICS, XlsxReport.ROADMAP)) {
        for (XSSFChart chart : wb.getSheet(name).getDrawingPatriarch().getCharts()) {
          var val = chart.getCTChart().getPlotArea().getValAxArray(0);
          assertThat(val.isSetTitle()).as("value axis title of a chart on %s", name).isTrue();
          String title = val.getTitle().getTx().getRich().getPArray(0).getRArray(0).getT();
          assertThat(title).as("value axis title on %s", name).isNotBlank();
          if (name.equals(XlsxReport.SUMMARY)) assertThat(title).isEqualTo("USD per month");
          if (name.equals(XlsxReport.ROADMAP)) assertThat(title).isEqualTo("date (UTC)");
        }
      }
      XSSFSheet recs = wb.getSheet(XlsxReport.RECOMMENDATIONS);
      // Money columns wide enough for "$1,318,979.62" (no "###").
      for (int c = XlsxReport.REC_COST_BEFORE; c <= XlsxReport.REC_SAVINGS + 1; c++) assertThat(recs.getColumnWidth(c) / 256).isGreaterThanOrEqualTo(15);
      assertThat(wb.getSheet(XlsxReport.CONFIG).getColumnWidth(2) / 256).as("setting names such as EnableManagedSpotTraining").isGreaterThanOrEqualTo(26);
      for (int i = 0; i < wb.getNumberOfSheets() - 1; i++) {
        assertThat(wb.getPrintArea(i)).as("print area of %s", wb.getSheetName(i)).isNotNull();
      }
      // The Summary's print area takes in its chart (columns I to Q).
      assertThat(wb.getPrintArea(0)).contains("$Q$");
      // Metric charts: one row of charts per printed page.
      assertThat(wb.getSheet(XlsxReport.METRICS).getRowBreaks()).isNotEmpty();
    }
  }

  @Test
  void aPlanWithNothingToDoStillMakesAWorkbook() throws Exception {
    var saas = RunFixtures.plan();
    var empty = new dev.tap.optimizer.model.Plan(saas.schemaVersion(), saas.id(), saas.blueprint(), saas.account(), saas.source(), saas.createdAt(),
        saas.lookbackStart(), saas.lookbackEnd(), saas.priceListDate(), List.of(), List.of());
    try (XSSFWorkbook wb = write(RunData.planned(empty, List.of(), List.of(), null, RunFixtures.REPORT_TIME))) {
      assertThat(rowStartingWith(wb.getSheet(XlsxReport.SUMMARY), "Total").getCell(4).getNumericCellValue()).isZero();
      assertThat(wb.getSheet(XlsxReport.METRICS).getRow(0).getCell(0).getStringCellValue()).isEqualTo("No lookback metrics of the resources the plan changes were given to this report.");
    }
  }

  private static String cli(XSSFSheet sh, String actionId) {
    return rowStartingWith(sh, actionId).getCell(5).getStringCellValue();
  }

  static Row rowStartingWith(XSSFSheet sh, String first) {
    for (Row row : sh) {
      Cell c = row.getCell(0);
      if (c != null && c.getCellType() == CellType.STRING && c.getStringCellValue().equals(first)) return row;
    }
    throw new AssertionError("no row starting with '" + first + "' in sheet " + sh.getSheetName());
  }

  /** The numbers in a one-column range such as {@code 'Metric data'!$B$3:$B$338}. */
  static double[] cells(XSSFWorkbook wb, String range) {
    AreaReference area = new AreaReference(range, SpreadsheetVersion.EXCEL2007);
    CellReference first = area.getFirstCell();
    CellReference last = area.getLastCell();
    assertThat(first.getCol()).isEqualTo(last.getCol());
    XSSFSheet sh = wb.getSheet(first.getSheetName());
    double[] v = new double[last.getRow() - first.getRow() + 1];
    for (int r = first.getRow(); r <= last.getRow(); r++) {
      Cell c = sh.getRow(r).getCell(first.getCol());
      v[r - first.getRow()] = c.getNumericCellValue();
    }
    return v;
  }
}
