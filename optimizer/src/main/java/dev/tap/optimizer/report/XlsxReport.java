package dev.tap.optimizer.report;

import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.pricing.SpendReport;
import dev.tap.optimizer.report.RunView.ActionRow;
import dev.tap.optimizer.report.RunView.MetricChart;
import dev.tap.optimizer.report.RunView.PhaseSpan;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.PresetColor;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFLineProperties;
import org.apache.poi.xddf.usermodel.XDDFNoFillProperties;
import org.apache.poi.xddf.usermodel.XDDFShapeProperties;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisOrientation;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.AxisTickLabelPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.BarGrouping;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.xmlbeans.XmlCursor;

/**
 * {@code report.xlsx}: the eight sheets of SPEC R1 plus the metric data the charts read. Charts
 * are native Excel charts fed from cell ranges, so a reader can check every plotted point; totals
 * are formulas over the recommendation rows, so they cannot drift from them.
 */
public final class XlsxReport implements ReportWriter {
  public static final String SUMMARY = "Summary";
  public static final String RECOMMENDATIONS = "Recommendations";
  public static final String LEFT_OUT = "Left out";
  public static final String SLA = "SLA impact";
  public static final String GUARD = "Guard readings";
  public static final String CONFIG = "Before and after";
  public static final String METRICS = "Metrics";
  public static final String ROADMAP = "Roadmap";
  public static final String ROLLBACK = "Rollback procedures";
  public static final String RECOVERY = "RTO-RPO impact";
  public static final String METRIC_DATA = "Metric data";

  /** Recommendations columns the Summary's formulas read. */
  static final int REC_COMPONENT = 3;
  static final int REC_COST_BEFORE = 8;
  static final int REC_COST_AFTER = 9;
  static final int REC_SAVINGS = 10;

  static {
    PoiLogging.quiet();
  }

  private static final int CHART_COLS = 9;
  private static final int CHART_ROWS = 20;

  @Override
  public ReportFormat format() {
    return ReportFormat.XLSX;
  }

  @Override
  public void write(RunView view, OutputStream out, ReportProgress progress) throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Styles st = new Styles(wb);
      List<MetricChart> charts = view.metricCharts();
      int total = 9 + charts.size();
      int done = 0;
      // Sheets are created in SPEC order first so the formulas below can name them.
      XSSFSheet summary = wb.createSheet(SUMMARY);
      XSSFSheet recs = wb.createSheet(RECOMMENDATIONS);
      XSSFSheet leftOut = wb.createSheet(LEFT_OUT);
      XSSFSheet sla = wb.createSheet(SLA);
      XSSFSheet guard = wb.createSheet(GUARD);
      XSSFSheet config = wb.createSheet(CONFIG);
      XSSFSheet metrics = wb.createSheet(METRICS);
      XSSFSheet roadmap = wb.createSheet(ROADMAP);
      XSSFSheet rollback = wb.createSheet(ROLLBACK);
      XSSFSheet recovery = wb.createSheet(RECOVERY);
      XSSFSheet data = wb.createSheet(METRIC_DATA);

      recommendations(view, recs, st);
      progress.step(format(), RECOMMENDATIONS, ++done, total);
      summary(view, summary, st);
      progress.step(format(), SUMMARY, ++done, total);
      leftOut(view, leftOut, st);
      sla(view, sla, st);
      guard(view, guard, st);
      progress.step(format(), SLA, ++done, total);
      configuration(view, config, st);
      progress.step(format(), CONFIG, ++done, total);
      done = metrics(view, charts, metrics, data, st, progress, done, total);
      roadmap(view, roadmap, st);
      progress.step(format(), ROADMAP, ++done, total);
      rollback(view, rollback, st);
      progress.step(format(), ROLLBACK, ++done, total);
      recovery(view, recovery, st);
      progress.step(format(), RECOVERY, ++done, total);
      XSSFSheet purchase = PurchaseOptionsSheet.add(view, wb); // O5 beside on-demand, before the raw data
      wb.setSheetOrder(PurchaseOptionsSheet.NAME, wb.getSheetIndex(METRIC_DATA));

      for (XSSFSheet sh : List.of(summary, recs, leftOut, sla, guard, config, metrics, roadmap, rollback, recovery, purchase, data)) printOnPageWidth(sh);
      for (XSSFSheet sh : List.of(recs, leftOut, sla, guard, config, roadmap, rollback, recovery)) fitRowHeights(sh);
      for (XSSFSheet sh : List.of(summary, recs, leftOut, sla, guard, config, metrics, roadmap, rollback, recovery, purchase)) printArea(wb, sh);
      // Store the formulas' values so readers without a calculation engine see the totals.
      wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
      wb.setActiveSheet(0);
      wb.write(out);
      progress.step(format(), "written", total, total);
    }
  }

  // ---- sheets --------------------------------------------------------------------------------

  /** Rows above the component table: the run's outcome, which a reader needs first. */
  static final int SUMMARY_TABLE_ROW = 9;

  private static void summary(RunView view, XSSFSheet sh, Styles st) {
    var outcome = view.outcome();
    Row title = sh.createRow(0);
    text(title, 0, "TAP run " + view.data().runId() + ": " + outcome.state(), st.title);
    title.setHeightInPoints(22);
    int o = 1;
    o = info(sh, st, o, "Run state", outcome.state() + (outcome.why().isBlank() ? "" : ": " + outcome.why()));
    String kept = outcome.executed() ? "kept" : "planned";
    o = infoMoney(sh, st, o, "Monthly savings " + kept, outcome.headlineMonthly(),
        outcome.executed() ? "the changes still in place" : "if every action is applied");
    o = infoMoney(sh, st, o, "Annual savings " + kept, outcome.headlineAnnual(), "12 × monthly " + kept);
    o = infoMoney(sh, st, o, "Monthly savings planned", outcome.plannedMonthly(), "annual " + ReportText.money(outcome.plannedAnnual()));
    o = infoMoney(sh, st, o, "Monthly savings rolled back", outcome.rolledBackMonthly(),
        outcome.notAppliedMonthly() > 0.005 ? ReportText.money(outcome.notAppliedMonthly()) + " a month not applied (skipped, failed or not started)" : "");
    o = info(sh, st, o, "Run", outcome.span());
    infoDate(sh, st, o, "Report generated (UTC)", outcome.generatedAt());

    int top = SUMMARY_TABLE_ROW;
    Row head = sh.createRow(top);
    String[] names = {"Component", "Actions", "Monthly cost now", "Monthly cost after the plan", "Monthly savings planned", "Annual savings planned", "Share of savings"};
    for (int i = 0; i < names.length; i++) text(head, i, names[i], st.header);
    head.setHeightInPoints(30);
    String recs = "'" + RECOMMENDATIONS + "'!";
    int n = view.actions().size();
    String compRange = recs + col(REC_COMPONENT) + "$2:" + col(REC_COMPONENT) + "$" + (n + 1);
    int r = top + 1;
    var components = view.components();
    int totalRowNumber = top + components.size() + 2; // 1-based row of the Total
    for (var c : components) {
      Row row = sh.createRow(r);
      text(row, 0, c.component(), st.text);
      String key = "$A" + (r + 1);
      formula(row, 1, "COUNTIF(" + compRange + "," + key + ")", st.integer);
      formula(row, 2, sumif(compRange, key, recs, REC_COST_BEFORE, n), st.money);
      formula(row, 3, sumif(compRange, key, recs, REC_COST_AFTER, n), st.money);
      formula(row, 4, sumif(compRange, key, recs, REC_SAVINGS, n), st.money);
      formula(row, 5, "E" + (r + 1) + "*12", st.money);
      formula(row, 6, "IF($E$" + totalRowNumber + "=0,0,E" + (r + 1) + "/$E$" + totalRowNumber + ")", st.percent);
      r++;
    }
    Row totalRow = sh.createRow(r);
    text(totalRow, 0, "Total", st.bold);
    for (int c = 1; c <= 5; c++) {
      String letter = col(c);
      formula(totalRow, c, components.isEmpty() ? "0" : "SUM(" + letter + (top + 2) + ":" + letter + r + ")", c == 1 ? st.boldInteger : st.boldMoney);
    }
    r += 2;
    var plan = view.plan();
    r = info(sh, st, r, "Run", view.data().runId());
    r = info(sh, st, r, "Plan", plan.id());
    r = info(sh, st, r, "Blueprint", plan.blueprint());
    r = info(sh, st, r, "Account", plan.account());
    r = info(sh, st, r, "Source", plan.source());
    r = infoDate(sh, st, r, "Lookback start (UTC)", plan.lookbackStart());
    r = infoDate(sh, st, r, "Lookback end (UTC)", plan.lookbackEnd());
    r = info(sh, st, r, "Price list date", plan.priceListDate());
    r = info(sh, st, r, "Costs", "monthly cost of the resources the plan changes, at the dated list prices; savings are before minus after");
    r++;
    Row spendHead = sh.createRow(r++);
    text(spendHead, 0, "Actual spend (Cost Explorer)", st.header);
    if (view.data().actualSpend() instanceof SpendReport.Available a) {
      text(spendHead, 1, "Period start", st.header);
      text(spendHead, 2, "Service", st.header);
      text(spendHead, 3, "Amount", st.header);
      for (var row : a.rows()) {
        Row x = sh.createRow(r++);
        text(x, 1, row.periodStart().toString(), st.text);
        text(x, 2, row.service() + (row.estimated() ? " (estimated)" : ""), st.text);
        number(x, 3, row.amount(), st.money);
      }
    } else if (view.data().actualSpend() instanceof SpendReport.Unavailable u) {
      text(sh.createRow(r++), 0, u.message(), st.text);
    }
    widths(sh, 30, 20, 20, 20, 20, 20, 16);
    sh.createFreezePane(0, 1);
    if (!components.isEmpty()) costChart(sh, top, components.size());
  }

  /** Monthly cost now and after and the savings per component, from the table's own cells. */
  private static void costChart(XSSFSheet sh, int top, int count) {
    int first = top + 1;
    int last = top + count;
    XSSFDrawing drawing = sh.createDrawingPatriarch();
    XSSFChart chart = drawing.createChart(drawing.createAnchor(0, 0, 0, 0, 8, 0, 16, 18));
    chart.setTitleText("Monthly cost by component");
    chart.setTitleOverlay(false);
    chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
    XDDFCategoryAxis cat = chart.createCategoryAxis(AxisPosition.BOTTOM);
    XDDFValueAxis val = chart.createValueAxis(AxisPosition.LEFT);
    val.setCrosses(AxisCrosses.AUTO_ZERO);
    val.setNumberFormat("$#,##0");
    val.setTitle("USD per month");
    XDDFDataSource<String> names = XDDFDataSourcesFactory.fromStringCellRange(sh, new CellRangeAddress(first, last, 0, 0));
    XDDFBarChartData bars = (XDDFBarChartData) chart.createData(ChartTypes.BAR, cat, val);
    bars.setBarDirection(BarDirection.COL);
    bars.setBarGrouping(BarGrouping.CLUSTERED);
    PresetColor[] colours = {PresetColor.GRAY, PresetColor.STEEL_BLUE, PresetColor.SEA_GREEN};
    for (int s = 0; s < 3; s++) {
      int column = 2 + s;
      XDDFNumericalDataSource<Double> values = XDDFDataSourcesFactory.fromNumericCellRange(sh, new CellRangeAddress(first, last, column, column));
      XDDFBarChartData.Series series = (XDDFBarChartData.Series) bars.addSeries(names, values);
      series.setTitle(sh.getRow(top).getCell(column).getStringCellValue(), new CellReference(sh.getSheetName(), top, column, true, true));
      XDDFShapeProperties props = new XDDFShapeProperties();
      props.setFillProperties(new XDDFSolidFillProperties(XDDFColor.from(colours[s])));
      series.setShapeProperties(props);
    }
    chart.plot(bars);
    ownNumberFormats(chart);
  }

  private static String sumif(String compRange, String key, String recs, int column, int n) {
    String c = col(column);
    return "SUMIF(" + compRange + "," + key + "," + recs + c + "$2:" + c + "$" + (n + 1) + ")";
  }

  private static int info(XSSFSheet sh, Styles st, int r, String key, String value) {
    Row row = sh.createRow(r);
    text(row, 0, key, st.bold);
    text(row, 1, value == null ? "" : value, st.text);
    return r + 1;
  }

  private static int infoMoney(XSSFSheet sh, Styles st, int r, String key, double usd, String note) {
    Row row = sh.createRow(r);
    text(row, 0, key, st.bold);
    number(row, 1, usd, st.headlineMoney);
    if (!note.isBlank()) text(row, 2, note, st.text);
    return r + 1;
  }

  private static int infoDate(XSSFSheet sh, Styles st, int r, String key, Instant value) {
    Row row = sh.createRow(r);
    text(row, 0, key, st.bold);
    if (value != null) number(row, 1, excelDate(value), st.dateLeft);
    return r + 1;
  }

  private static void recommendations(RunView view, XSSFSheet sh, Styles st) {
    header(sh, st, "Action", "Phase", "Phase name", "Component", "Kind", "Resource", "Region", "Change", "Monthly cost now", "Monthly cost after",
        "Monthly savings", "Annual savings", "Risk", "Confidence", "Evidence", "Backtest", "Status", "Rationale");
    int r = 1;
    for (ActionRow a : view.actions()) {
      Row row = sh.createRow(r);
      text(row, 0, a.action().id(), st.text);
      number(row, 1, a.phase().number(), st.integer);
      text(row, 2, a.phase().name(), st.wrap);
      text(row, REC_COMPONENT, a.family(), st.text);
      text(row, 4, a.action().kind().name(), st.text);
      text(row, 5, a.action().resourceId(), st.text);
      text(row, 6, a.action().region(), st.text);
      text(row, 7, a.change(), st.wrap);
      number(row, REC_COST_BEFORE, a.action().monthlyCostBefore(), st.money);
      number(row, REC_COST_AFTER, a.action().monthlyCostAfter(), st.money);
      formula(row, REC_SAVINGS, col(REC_COST_BEFORE) + (r + 1) + "-" + col(REC_COST_AFTER) + (r + 1), st.money);
      formula(row, 11, col(REC_SAVINGS) + (r + 1) + "*12", st.money);
      text(row, 12, a.action().risk().name(), st.text);
      if (a.confidence() != null) number(row, 13, a.confidence(), st.percent);
      text(row, 14, a.action().evidence().stream().map(e -> e.describe()).collect(Collectors.joining("\n")), st.wrap);
      text(row, 15, a.backtest(), st.wrap);
      text(row, 16, a.status(), st.wrap);
      text(row, 17, a.action().rationale(), st.wrap);
      r++;
    }
    widths(sh, 12, 7, 20, 11, 26, 30, 11, 36, 17, 17, 17, 18, 9, 11, 48, 44, 24, 36);
    sh.createFreezePane(1, 1);
    if (r > 1) sh.setAutoFilter(new CellRangeAddress(0, r - 1, 0, 17));
  }

  /** Every recommendation and resource the plan left out, with the deciding reason and the saving it would have brought. */
  private static void leftOut(RunView view, XSSFSheet sh, Styles st) {
    header(sh, st, "Resource", "Component", "Left out", "Why (deciding reason first)", "Monthly savings it would have brought");
    int r = 1;
    for (var l : view.leftOut()) {
      Row row = sh.createRow(r++);
      text(row, 0, l.resourceId(), st.text);
      text(row, 1, l.family(), st.text);
      text(row, 2, l.what(), st.wrap);
      text(row, 3, l.reason(), st.wrap);
      optional(row, 4, l.monthlySavings(), st.money, "not evaluated");
    }
    if (r == 1) text(sh.createRow(r), 0, "Nothing was left out: every recommendation is in the plan.", st.text);
    widths(sh, 30, 11, 36, 90, 18);
    sh.createFreezePane(1, 1);
  }

  private static void sla(RunView view, XSSFSheet sh, Styles st) {
    header(sh, st, "Action", "Resource", "SLO", "Unit", "Before (lookback)", "Predicted (backtest)", "Observed (worst in the window; per rule: sheet '" + GUARD + "')", "Observed from");
    int r = 1;
    for (var s : view.sla()) {
      Row row = sh.createRow(r++);
      text(row, 0, s.actionId(), st.text);
      text(row, 1, s.resourceId(), st.text);
      text(row, 2, s.slo().label, st.text);
      text(row, 3, s.slo().unit, st.text);
      optional(row, 4, s.baseline(), st.decimal, "not measured");
      optional(row, 5, s.predicted(), st.decimal, "no backtest");
      optional(row, 6, s.observed(), st.decimal, s.observedNote());
      text(row, 7, s.observedFrom(), st.wrap);
    }
    widths(sh, 12, 30, 18, 6, 18, 20, 34, 40);
    sh.createFreezePane(1, 1);
  }

  /** Per action, every guard rule of its phase that bears on it: baseline, limit and worst reading. */
  private static void guard(RunView view, XSSFSheet sh, Styles st) {
    header(sh, st, "Action", "Resource", "Scope", "Rule", "Metric", "Baseline", "Limit", "Worst reading", "Worst at (UTC)", "Checks", "Breaches");
    int r = 1;
    for (var row : view.guardEvidence()) {
      var e = row.evidence();
      Row x = sh.createRow(r++);
      text(x, 0, row.actionId(), st.text);
      text(x, 1, row.resourceId(), st.text);
      text(x, 2, row.scope(), st.text);
      text(x, 3, e.rule(), st.wrap);
      text(x, 4, e.metric() + " " + e.stat() + (e.lowerIsWorse() ? " (lower is worse)" : ""), st.wrap);
      optional(x, 5, e.baseline(), st.decimal, "not read");
      number(x, 6, e.limit(), st.decimal);
      optional(x, 7, e.worst(), st.decimal, "no data");
      if (e.worstAt() != null) number(x, 8, excelDate(e.worstAt()), st.date);
      number(x, 9, e.checks(), st.integer);
      number(x, 10, e.breaches(), st.integer);
    }
    if (r == 1) text(sh.createRow(r), 0, view.data().executed() ? "The journal holds no guard reading of a change made." : ReportText.NOT_OBSERVED, st.text);
    widths(sh, 12, 28, 12, 34, 30, 12, 12, 14, 17, 8, 9);
    sh.createFreezePane(1, 1);
  }

  private static void configuration(RunView view, XSSFSheet sh, Styles st) {
    boolean executed = view.data().executed();
    header(sh, st, "Resource", "Component", "Setting", "Before", "After the plan", "After the run" + (executed ? "" : " (not executed yet)"), "Changed by");
    int r = 1;
    for (var c : view.configuration()) {
      Row row = sh.createRow(r++);
      text(row, 0, c.resourceId(), st.text);
      text(row, 1, c.family(), st.text);
      text(row, 2, c.key(), c.changed() ? st.boldWrap : st.wrap);
      text(row, 3, c.before(), st.wrap);
      text(row, 4, c.after(), c.changed() ? st.boldWrap : st.wrap);
      text(row, 5, c.afterRun(), c.afterRun().equals(c.before()) ? st.wrap : st.boldWrap);
      text(row, 6, String.join(", ", c.changedBy()), st.text);
    }
    widths(sh, 30, 11, 36, 36, 36, 36, 20);
    sh.createFreezePane(1, 1);
  }

  /** One chart per resource and metric, fed from a block of columns in the data sheet. */
  private static int metrics(RunView view, List<MetricChart> charts, XSSFSheet sh, XSSFSheet data, Styles st, ReportProgress progress, int done, int total) {
    Row head = sh.createRow(0);
    List<String> without = view.changedWithoutMetrics();
    text(head, 0, (charts.isEmpty()
        ? "No lookback metrics of the resources the plan changes were given to this report."
        : "Hourly lookback series of every resource the plan changes; the plotted values are in the sheet '" + METRIC_DATA + "'.")
        + (without.isEmpty() || charts.isEmpty() ? "" : " Without lookback metrics in this report: " + String.join(", ", without) + "."), st.bold);
    sh.createFreezePane(0, 1);
    Row dataHead = data.createRow(0);
    Row dataSub = data.createRow(1);
    XSSFDrawing drawing = sh.createDrawingPatriarch();
    int column = 0;
    for (int i = 0; i < charts.size(); i++) {
      MetricChart chart = charts.get(i);
      TreeSet<Long> times = new TreeSet<>();
      chart.series().forEach(s -> { for (long t : s.times()) times.add(t); });
      List<Long> timeList = new ArrayList<>(times);
      Map<Long, Integer> rowOf = new TreeMap<>();
      for (int k = 0; k < timeList.size(); k++) rowOf.put(timeList.get(k), k + 2);
      text(dataHead, column, chart.resourceId() + " " + chart.metric(), st.header);
      text(dataSub, column, "time (UTC)", st.header);
      for (int k = 0; k < timeList.size(); k++) number(row(data, k + 2), column, excelDate(Instant.ofEpochSecond(timeList.get(k))), st.date);
      for (int s = 0; s < chart.series().size(); s++) {
        MetricSeries series = chart.series().get(s);
        text(dataHead, column + 1 + s, "", st.header);
        text(dataSub, column + 1 + s, series.query().stat(), st.header);
        for (int k = 0; k < series.size(); k++) {
          if (!Double.isNaN(series.values()[k])) number(row(data, rowOf.get(series.times()[k])), column + 1 + s, series.values()[k], st.decimal);
        }
      }
      data.setColumnWidth(column, 17 * 256);
      int lastRow = timeList.size() + 1;
      int top = 1 + (i / 2) * (CHART_ROWS + 1);
      int left = (i % 2) * CHART_COLS;
      XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, left, top, left + CHART_COLS, top + CHART_ROWS);
      if (i % 2 == 0) sh.setRowBreak(top + CHART_ROWS); // one row of charts per printed page, none split
      lineChart(drawing.createChart(anchor), chart, data, column, lastRow);
      column += chart.series().size() + 2;
      progress.step(ReportFormat.XLSX, "chart " + chart.resourceId() + " " + chart.metric(), ++done, total);
    }
    data.createFreezePane(0, 2);
    return done;
  }

  private static final PresetColor[] LINE_COLOURS = {PresetColor.STEEL_BLUE, PresetColor.DARK_ORANGE, PresetColor.SEA_GREEN, PresetColor.CRIMSON, PresetColor.DARK_SLATE_GRAY};

  private static void lineChart(XSSFChart chart, MetricChart mc, XSSFSheet data, int column, int lastRow) {
    chart.setTitleText(mc.resourceId() + " — " + mc.metric() + " (" + mc.family().label() + ")");
    chart.setTitleOverlay(false);
    chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
    // A category axis over the hourly times: a date axis would group each day's 24 points into one.
    XDDFCategoryAxis x = chart.createCategoryAxis(AxisPosition.BOTTOM);
    x.setNumberFormat("d mmm");
    x.setTickLabelPosition(AxisTickLabelPosition.LOW);
    int points = lastRow - 1;
    var catAx = chart.getCTChart().getPlotArea().getCatAxArray(0);
    int skip = Math.max(1, (int) Math.ceil(points / 8.0 / 24.0) * 24); // a label every whole number of days, about 8 labels
    skipLabels(catAx, skip);
    x.setTitle("hour (UTC)");
    XDDFValueAxis y = chart.createValueAxis(AxisPosition.LEFT);
    y.setCrosses(AxisCrosses.AUTO_ZERO);
    y.setNumberFormat("#,##0.##");
    y.setTitle(mc.metric() + " (" + mc.series().stream().map(ms -> ms.query().stat()).collect(Collectors.joining(", ")) + ")");
    XDDFDataSource<Double> xs = XDDFDataSourcesFactory.fromNumericCellRange(data, new CellRangeAddress(2, lastRow, column, column));
    XDDFLineChartData lines = (XDDFLineChartData) chart.createData(ChartTypes.LINE, x, y);
    for (int s = 0; s < mc.series().size(); s++) {
      XDDFNumericalDataSource<Double> ys = XDDFDataSourcesFactory.fromNumericCellRange(data, new CellRangeAddress(2, lastRow, column + 1 + s, column + 1 + s));
      XDDFLineChartData.Series series = (XDDFLineChartData.Series) lines.addSeries(xs, ys);
      series.setTitle(mc.series().get(s).query().stat(), new CellReference(data.getSheetName(), 1, column + 1 + s, true, true));
      series.setSmooth(false);
      series.setMarkerStyle(MarkerStyle.NONE);
      XDDFLineProperties line = new XDDFLineProperties(new XDDFSolidFillProperties(XDDFColor.from(LINE_COLOURS[s % LINE_COLOURS.length])));
      line.setWidth(1.0);
      series.setLineProperties(line);
    }
    chart.plot(lines);
    ownNumberFormats(chart);
  }

  /**
   * POI marks an axis number format as linked to the source cells, so Excel would label the time
   * axis with the cells' long "yyyy-mm-dd hh:mm"; unlinked, the axis's own short format applies.
   */
  private static void ownNumberFormats(XSSFChart chart) {
    var plot = chart.getCTChart().getPlotArea();
    for (var ax : plot.getCatAxArray()) if (ax.isSetNumFmt()) ax.getNumFmt().setSourceLinked(false);
    for (var ax : plot.getValAxArray()) if (ax.isSetNumFmt()) ax.getNumFmt().setSourceLinked(false);
  }

  private static final String CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart";

  /**
   * Labels and ticks every {@code skip} categories. Written with a cursor, as poi-ooxml-lite lacks
   * the compiled skip type; schema order puts them before noMultiLvlLbl and extLst.
   */
  private static void skipLabels(org.apache.xmlbeans.XmlObject catAx, int skip) {
    try (XmlCursor c = catAx.newCursor()) {
      if (!c.toChild(new QName(CHART_NS, "noMultiLvlLbl")) && !c.toChild(new QName(CHART_NS, "extLst"))) c.toEndToken();
      for (String name : List.of("tickLblSkip", "tickMarkSkip")) {
        c.beginElement(new QName(CHART_NS, name, "c"));
        c.insertAttributeWithValue("val", Integer.toString(skip));
        c.toNextToken();
      }
    }
  }

  /** The roadmap table, and beside it a stacked bar chart drawn as a Gantt chart. */
  private static void roadmap(RunView view, XSSFSheet sh, Styles st) {
    header(sh, st, "Phase", "Name", "State", "Start (UTC)", "Changes in place (UTC)", "Observed until (UTC)", "Observation (h)", "Actions",
        "Monthly savings", "Dates from", "Apply (h)", "Chart label", "Chart start", "Apply (days)", "Observation (days)",
        "Observation until rollback (days)");
    boolean simulated = view.data().execution() != null && view.data().execution().simulatedClock();
    List<PhaseSpan> spans = view.schedule();
    int r = 1;
    for (PhaseSpan p : spans) {
      Row row = sh.createRow(r);
      number(row, 0, p.number(), st.integer);
      text(row, 1, p.name(), st.wrap);
      text(row, 2, p.state(), st.wrap);
      number(row, 3, excelDate(p.start()), st.date);
      number(row, 4, excelDate(p.applied()), st.date);
      number(row, 5, excelDate(p.observeUntil()), st.date);
      number(row, 6, p.observation().toMinutes() / 60.0, st.decimal);
      number(row, 7, p.actions(), st.integer);
      number(row, 8, p.monthlySavings(), st.money);
      // On the simulator's virtual clock a change takes effect the instant it is made: say so rather than show a bare 0.
      text(row, 9, !p.fromJournal() ? "schedule (not applied yet)"
          : simulated && p.applied().equals(p.start()) ? "journal (simulated clock: changes apply instantly)" : "journal", st.wrap);
      formula(row, 10, "(E" + (r + 1) + "-D" + (r + 1) + ")*24", st.decimal);
      text(row, 11, "Phase " + p.number() + ": " + p.name(), st.text);
      formula(row, 12, "D" + (r + 1), st.date);
      formula(row, 13, "E" + (r + 1) + "-D" + (r + 1), st.decimal);
      // A phase stopped by a rollback gets its observation bar in its own (red) series.
      boolean rolledBack = p.rolledBack() > 0;
      if (rolledBack) number(row, 14, 0, st.decimal); else formula(row, 14, "F" + (r + 1) + "-E" + (r + 1), st.decimal);
      if (rolledBack) formula(row, 15, "F" + (r + 1) + "-E" + (r + 1), st.decimal); else number(row, 15, 0, st.decimal);
      r++;
    }
    widths(sh, 7, 30, 36, 17, 20, 19, 14, 8, 15, 26, 10, 34, 17, 12, 16, 18);
    sh.createFreezePane(1, 1);
    if (spans.isEmpty()) return;
    int last = spans.size();
    XSSFDrawing drawing = sh.createDrawingPatriarch();
    XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 0, last + 2, 10, last + 4 + Math.max(14, spans.size() * 3));
    XSSFChart chart = drawing.createChart(anchor);
    chart.setTitleText("Roadmap: phases and observation windows (" + (spans.get(0).fromJournal() ? "from the journal" : "scheduled from " + ReportText.minute(spans.get(0).start())) + ")");
    chart.setTitleOverlay(false);
    chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
    XDDFCategoryAxis cat = chart.createCategoryAxis(AxisPosition.LEFT);
    cat.setOrientation(AxisOrientation.MAX_MIN); // phase 1 on top, as a Gantt chart reads
    XDDFValueAxis val = chart.createValueAxis(AxisPosition.BOTTOM);
    val.setNumberFormat("d mmm yyyy");
    val.setTitle("date (UTC)");
    val.setCrosses(AxisCrosses.MAX); // with the reversed categories this puts the dates under the bars
    double min = Math.floor(excelDate(spans.get(0).start()));
    double max = Math.ceil(spans.stream().mapToDouble(p -> excelDate(p.observeUntil())).max().orElse(min + 1));
    val.setMinimum(min);
    val.setMaximum(Math.max(max, min + 1));
    val.setMajorUnit(Math.max(1, Math.ceil((max - min) / 8)));
    XDDFDataSource<String> labels = XDDFDataSourcesFactory.fromStringCellRange(sh, new CellRangeAddress(1, last, 11, 11));
    XDDFBarChartData bars = (XDDFBarChartData) chart.createData(ChartTypes.BAR, cat, val);
    bars.setBarDirection(BarDirection.BAR);
    bars.setBarGrouping(BarGrouping.STACKED);
    bars.setGapWidth(60);
    PresetColor[] colours = {null, PresetColor.DARK_ORANGE, PresetColor.STEEL_BLUE, PresetColor.FIREBRICK};
    for (int s = 0; s < colours.length; s++) {
      XDDFNumericalDataSource<Double> values = XDDFDataSourcesFactory.fromNumericCellRange(sh, new CellRangeAddress(1, last, 12 + s, 12 + s));
      XDDFBarChartData.Series series = (XDDFBarChartData.Series) bars.addSeries(labels, values);
      // The offset series gets a blank title rather than a deleted legend entry: LibreOffice
      // deletes the wrong entry when the category axis is reversed.
      if (colours[s] == null) series.setTitle(" ", null);
      else series.setTitle(sh.getRow(0).getCell(12 + s).getStringCellValue(), new CellReference(sh.getSheetName(), 0, 12 + s, true, true));
      XDDFShapeProperties props = new XDDFShapeProperties();
      if (colours[s] == null) {
        // The invisible first series offsets each bar to its start date: the usual Gantt construction.
        props.setFillProperties(new XDDFNoFillProperties());
        props.setLineProperties(new XDDFLineProperties(new XDDFNoFillProperties()));
      } else {
        props.setFillProperties(new XDDFSolidFillProperties(XDDFColor.from(colours[s])));
      }
      series.setShapeProperties(props);
    }
    chart.plot(bars);
    overlapFully(chart);
    ownNumberFormats(chart);
  }

  /**
   * Stacked bars need {@code <c:overlap val="100"/>} to sit on one line; poi-ooxml-lite lacks the
   * compiled type behind {@code setOverlap}, so the element is written with a cursor (schema order:
   * after gapWidth, before the axis ids).
   */
  private static void overlapFully(XSSFChart chart) {
    var bar = chart.getCTChart().getPlotArea().getBarChartArray(0);
    try (XmlCursor c = bar.getGapWidth().newCursor()) {
      c.toEndToken();
      c.toNextToken();
      c.beginElement(new QName(CHART_NS, "overlap", "c"));
      c.insertAttributeWithValue("val", "100");
    }
  }

  private static void rollback(RunView view, XSSFSheet sh, Styles st) {
    header(sh, st, "Action", "Resource", "Region", "Change to undo", "Recorded before-values", "AWS CLI (run in order)", "TAP", "Notes");
    int r = 1;
    var rows = view.actions();
    var procedures = view.rollbacks();
    for (int i = 0; i < procedures.size(); i++) {
      RollbackProcedure p = procedures.get(i);
      Row row = sh.createRow(r++);
      text(row, 0, p.actionId(), st.text);
      text(row, 1, p.resourceId(), st.text);
      text(row, 2, p.region(), st.text);
      text(row, 3, rows.get(i).change(), st.wrap);
      text(row, 4, p.before().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n")), st.wrap);
      text(row, 5, String.join("\n", p.awsCli()), st.code);
      text(row, 6, p.tapCommand(), st.code);
      text(row, 7, p.note(), st.wrap);
    }
    widths(sh, 12, 28, 11, 34, 34, 90, 44, 50);
    sh.createFreezePane(1, 1);
  }

  private static void recovery(RunView view, XSSFSheet sh, Styles st) {
    header(sh, st, "Action", "Resource", "Failure", "RTO before", "RTO after", "RPO before", "RPO after", "Reasoning");
    int r = 1;
    for (RecoveryImpact x : view.recovery()) {
      Row row = sh.createRow(r++);
      text(row, 0, x.actionId(), st.text);
      text(row, 1, x.resourceId(), st.text);
      text(row, 2, x.scenario(), st.wrap);
      text(row, 3, x.rtoBefore().text(), st.wrap);
      text(row, 4, x.rtoAfter().text(), st.wrap);
      text(row, 5, x.rpoBefore().text(), st.wrap);
      text(row, 6, x.rpoAfter().text(), st.wrap);
      text(row, 7, x.reasoning(), st.wrap);
    }
    widths(sh, 12, 28, 22, 24, 24, 24, 24, 90);
    sh.createFreezePane(1, 1);
  }

  /**
   * Sets each row tall enough for its wrapped text. Excel grows such rows itself on opening, but
   * LibreOffice and PDF converters keep the stored height, and the lines would overlap.
   */
  private static void fitRowHeights(XSSFSheet sh) {
    for (Row row : sh) {
      if (row.getRowNum() == 0) continue;
      int lines = 1;
      boolean small = false;
      for (Cell cell : row) {
        if (cell.getCellType() != org.apache.poi.ss.usermodel.CellType.STRING || !cell.getCellStyle().getWrapText()) continue;
        boolean mono = sh.getWorkbook().getFontAt(cell.getCellStyle().getFontIndex()).getFontHeightInPoints() < 10;
        double perLine = sh.getColumnWidth(cell.getColumnIndex()) / 256.0 * (mono ? 1.15 : 1.0);
        int n = 0;
        for (String part : cell.getStringCellValue().split("\n", -1)) n += Math.max(1, (int) Math.ceil(part.length() / Math.max(1, perLine - 1)));
        if (n > lines) {
          lines = n;
          small = mono;
        }
      }
      if (lines > 1) row.setHeightInPoints(lines * (small ? 11.5f : 14.5f) + 3);
    }
  }

  /** The cells and charts in use, so printing leaves out nothing and adds no empty pages. */
  private static void printArea(XSSFWorkbook wb, XSSFSheet sh) {
    int lastRow = Math.max(0, sh.getLastRowNum());
    int lastCol = 0;
    for (Row row : sh) lastCol = Math.max(lastCol, row.getLastCellNum() - 1);
    if (sh.getDrawingPatriarch() != null) {
      for (XSSFChart chart : sh.getDrawingPatriarch().getCharts()) {
        XSSFClientAnchor a = (XSSFClientAnchor) chart.getGraphicFrame().getAnchor();
        lastRow = Math.max(lastRow, a.getRow2());
        lastCol = Math.max(lastCol, a.getCol2());
      }
    }
    wb.setPrintArea(wb.getSheetIndex(sh), 0, Math.max(0, lastCol), 0, lastRow);
  }

  /** Landscape, one page wide: the sheet prints (and converts to PDF) readably. The organisation workbook uses it too. */
  public static void printOnPageWidth(Sheet sh) {
    sh.setFitToPage(true);
    sh.setAutobreaks(true);
    sh.getPrintSetup().setLandscape(true);
    sh.getPrintSetup().setFitWidth((short) 1);
    sh.getPrintSetup().setFitHeight((short) 0);
    sh.getPrintSetup().setPaperSize(org.apache.poi.ss.usermodel.PrintSetup.A4_PAPERSIZE);
  }

  // ---- cells ---------------------------------------------------------------------------------

  static double excelDate(Instant t) {
    return DateUtil.getExcelDate(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
  }

  private static String col(int c) {
    return CellReference.convertNumToColString(c);
  }

  private static Row row(XSSFSheet sh, int r) {
    Row row = sh.getRow(r);
    return row != null ? row : sh.createRow(r);
  }

  private static void header(XSSFSheet sh, Styles st, String... names) {
    Row row = sh.createRow(0);
    for (int i = 0; i < names.length; i++) text(row, i, names[i], st.header);
    row.setHeightInPoints(30);
  }

  private static void text(Row row, int c, String v, CellStyle style) {
    Cell cell = row.createCell(c);
    cell.setCellValue(v);
    cell.setCellStyle(style);
  }

  private static void number(Row row, int c, double v, CellStyle style) {
    Cell cell = row.createCell(c);
    cell.setCellValue(v);
    cell.setCellStyle(style);
  }

  private static void formula(Row row, int c, String f, CellStyle style) {
    Cell cell = row.createCell(c);
    cell.setCellFormula(f);
    cell.setCellStyle(style);
  }

  private static void optional(Row row, int c, Double v, CellStyle style, String absent) {
    if (v == null) text(row, c, absent, style);
    else number(row, c, v, style);
  }

  private static void widths(XSSFSheet sh, int... chars) {
    for (int i = 0; i < chars.length; i++) sh.setColumnWidth(i, chars[i] * 256);
  }

  /** The workbook's few cell styles, made once (Excel limits their number). */
  private static final class Styles {
    final CellStyle header;
    final CellStyle title;
    final CellStyle text;
    final CellStyle wrap;
    final CellStyle code;
    final CellStyle bold;
    final CellStyle boldWrap;
    final CellStyle money;
    final CellStyle boldMoney;
    final CellStyle headlineMoney;
    final CellStyle percent;
    final CellStyle integer;
    final CellStyle boldInteger;
    final CellStyle decimal;
    final CellStyle date;
    final CellStyle dateLeft;

    Styles(XSSFWorkbook wb) {
      var fmt = wb.createDataFormat();
      Font boldFont = wb.createFont();
      boldFont.setBold(true);
      header = wb.createCellStyle();
      header.setFont(boldFont);
      header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
      header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
      header.setBorderBottom(BorderStyle.THIN);
      header.setWrapText(true);
      header.setVerticalAlignment(VerticalAlignment.CENTER);
      Font titleFont = wb.createFont();
      titleFont.setBold(true);
      titleFont.setFontHeightInPoints((short) 14);
      title = top(wb.createCellStyle());
      title.setFont(titleFont);
      text = top(wb.createCellStyle());
      wrap = top(wb.createCellStyle());
      wrap.setWrapText(true);
      Font mono = wb.createFont();
      mono.setFontName("Courier New");
      mono.setFontHeightInPoints((short) 9);
      code = top(wb.createCellStyle());
      code.setFont(mono);
      code.setWrapText(true);
      bold = top(wb.createCellStyle());
      bold.setFont(boldFont);
      boldWrap = top(wb.createCellStyle());
      boldWrap.setFont(boldFont);
      boldWrap.setWrapText(true);
      java.util.function.Function<String, CellStyle> formatted = format -> {
        CellStyle s = top(wb.createCellStyle());
        s.setDataFormat(fmt.getFormat(format));
        return s;
      };
      money = formatted.apply("$#,##0.00");
      boldMoney = total(formatted.apply("$#,##0.00"), boldFont);
      headlineMoney = formatted.apply("$#,##0.00");
      headlineMoney.setFont(boldFont);
      headlineMoney.setAlignment(org.apache.poi.ss.usermodel.HorizontalAlignment.LEFT);
      percent = formatted.apply("0.0%");
      integer = formatted.apply("0");
      boldInteger = total(formatted.apply("0"), boldFont);
      decimal = formatted.apply("#,##0.00");
      date = formatted.apply("yyyy-mm-dd hh:mm");
      dateLeft = formatted.apply("yyyy-mm-dd hh:mm");
      dateLeft.setAlignment(org.apache.poi.ss.usermodel.HorizontalAlignment.LEFT);
    }

    /** A total row's cell: bold, with a rule above. */
    private static CellStyle total(CellStyle s, Font bold) {
      s.setFont(bold);
      s.setBorderTop(BorderStyle.THIN);
      return s;
    }

    private static CellStyle top(CellStyle s) {
      s.setVerticalAlignment(VerticalAlignment.TOP);
      return s;
    }
  }
}
