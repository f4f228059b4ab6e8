package dev.tap.optimizer.report;

import dev.tap.optimizer.pricing.SpendReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * {@code dashboard.html}: one self-contained file that works offline. ECharts ({@code echarts.min.js},
 * about 1 MB) is inlined from its webjar and the run's data is embedded as the same JSON document as
 * {@code run.json} (without the hourly series), so the page loads nothing and shows only the run's
 * own numbers. ECharts rather than plotly.js: the plotly bundle alone made each dashboard about 11 MB.
 */
public final class HtmlDashboard implements ReportWriter {
  static final String DATA_ELEMENT_ID = "run-data";
  private static final String WEBJAR = "META-INF/resources/webjars/echarts/";
  private static final String WEBJAR_POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

  @Override
  public ReportFormat format() {
    return ReportFormat.HTML;
  }

  @Override
  public void write(RunView view, OutputStream out, ReportProgress progress) throws IOException {
    progress.step(format(), "data", 0, 3);
    String json = JsonReport.JSON.writeValueAsString(JsonReport.document(view, false));
    StringBuilder page = new StringBuilder(256 * 1024);
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>TAP run ").append(esc(view.data().runId())).append(" — ").append(esc(view.plan().blueprint())).append("</title>\n")
        .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n");
    header(view, page);
    page.append(SECTIONS.replace("%PROJECTION_NOTE%", esc(projectionNote(view))));
    phaseTable(view, page);
    actionTable(view, page);
    PurchaseOptionsSection.append(view, page);
    leftOutTable(view, page);
    guardTable(view, page);
    tenantTables(view, page);
    page.append("<footer>Every figure comes from plan ").append(esc(view.plan().id())).append(", its lookback metrics")
        .append(view.data().executed() ? " and the execution journal" : "").append("; prices from the list dated ")
        .append(esc(view.plan().priceListDate())).append(".</footer>\n");
    // '<' is escaped so no string in the data can close the script element.
    page.append("<script type=\"application/json\" id=\"").append(DATA_ELEMENT_ID).append("\">")
        .append(json.replace("<", "\\u003c")).append("</script>\n");
    out.write(page.toString().getBytes(StandardCharsets.UTF_8));
    progress.step(format(), "echarts", 1, 3);
    out.write("<script>\n".getBytes(StandardCharsets.UTF_8));
    try (InputStream library = echartsJs()) {
      library.transferTo(out);
    }
    out.write(("\n</script>\n<script>\n" + SCRIPT + "\n</script>\n</body>\n</html>\n").getBytes(StandardCharsets.UTF_8));
    progress.step(format(), "done", 3, 3);
  }

  static String echartsVersion() {
    try (InputStream in = HtmlDashboard.class.getClassLoader().getResourceAsStream(WEBJAR_POM)) {
      if (in == null) throw new IllegalStateException("the echarts webjar is not on the class path (" + WEBJAR_POM + ")");
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream echartsJs() {
    String path = WEBJAR + echartsVersion() + "/dist/echarts.min.js";
    InputStream in = HtmlDashboard.class.getClassLoader().getResourceAsStream(path);
    if (in == null) throw new IllegalStateException("echarts.min.js not found in its webjar at " + path);
    return in;
  }

  /** What the projection counts and from when, so its twelve months are seen to add up to the annual tile. */
  static String projectionNote(RunView view) {
    var outcome = view.outcome();
    var months = view.projection();
    if (months.isEmpty()) return "";
    return String.format(java.util.Locale.ROOT, "%s a month from %s (when the last %s takes effect): %s over 12 months, the annual tile.",
        ReportText.money(outcome.headlineMonthly()), months.get(0).start(), outcome.executed() ? "change still in place" : "planned change",
        ReportText.money(months.get(months.size() - 1).cumulative()));
  }

  private static void header(RunView view, StringBuilder page) {
    var plan = view.plan();
    var outcome = view.outcome();
    page.append("<header><h1>TAP run ").append(esc(view.data().runId())).append(" <span>").append(esc(plan.blueprint())).append("</span> <b class=\"state state-")
        .append(esc(outcome.state().toLowerCase(java.util.Locale.ROOT))).append("\">").append(esc(outcome.state())).append("</b></h1>\n")
        .append("<p>Run ").append(esc(outcome.span())).append(" · report generated ").append(esc(ReportText.minute(outcome.generatedAt())))
        .append("</p>\n<p>Plan ").append(esc(plan.id())).append(" · account ").append(esc(plan.account())).append(" · lookback ")
        .append(esc(ReportText.minute(plan.lookbackStart()))).append(" to ").append(esc(ReportText.minute(plan.lookbackEnd())))
        .append(" · prices of ").append(esc(plan.priceListDate())).append("</p></header>\n");
    // The outcome first: the run's state and the saving it keeps, the plan's beside it.
    page.append("<section class=\"cards\" id=\"outcome\">\n");
    card(page, "Run state", outcome.state(), outcome.why().isBlank() ? (outcome.executed() ? "as the journal recorded it" : "not applied yet") : outcome.why());
    String kept = outcome.executed() ? "kept" : "planned";
    card(page, "Monthly savings " + kept, ReportText.money(outcome.headlineMonthly()),
        outcome.executed() ? "changes in place; planned " + ReportText.money(outcome.plannedMonthly()) : "if every action is applied");
    card(page, "Annual savings " + kept, ReportText.money(outcome.headlineAnnual()),
        "12 × monthly " + kept + (outcome.executed() ? "; planned " + ReportText.money(outcome.plannedAnnual()) : ""));
    if (outcome.executed()) {
      card(page, "Rolled back", ReportText.money(outcome.rolledBackMonthly()), "monthly savings undone"
          + (outcome.notAppliedMonthly() > 0.005 ? "; " + ReportText.money(outcome.notAppliedMonthly()) + " not applied" : ""));
    }
    page.append("</section>\n<section class=\"cards\">\n");
    card(page, "Monthly cost now", ReportText.money(view.monthlyBefore()), "resources the plan changes");
    card(page, "Monthly cost after the plan", ReportText.money(view.monthlyAfter()), view.actions().size() + " actions in " + plan.phases().size() + " phases");
    card(page, "Monthly savings planned", ReportText.money(view.monthlySavings()), pct(view.monthlySavings(), view.monthlyBefore()) + " of their cost");
    if (view.data().actualSpend() instanceof SpendReport.Available a) {
      double total = a.rows().stream().mapToDouble(SpendReport.ServiceMonthSpend::amount).sum();
      card(page, "Actual spend", ReportText.money(total), "Cost Explorer " + a.start() + " to " + a.end());
    } else if (view.data().actualSpend() instanceof SpendReport.Unavailable u) {
      card(page, "Actual spend", "n/a", u.message());
    }
    page.append("</section>\n");
  }

  private static String pct(double part, double whole) {
    return whole == 0 ? "0 %" : String.format(java.util.Locale.ROOT, "%.1f %%", part / whole * 100);
  }

  private static void card(StringBuilder page, String title, String value, String note) {
    page.append("<div class=\"card\"><div class=\"t\">").append(esc(title)).append("</div><div class=\"v\">").append(esc(value))
        .append("</div><div class=\"n\">").append(esc(note)).append("</div></div>\n");
  }

  private static void phaseTable(RunView view, StringBuilder page) {
    page.append("<section><h2>Phase progress</h2><table><thead><tr><th>Phase</th><th>Name</th><th>State</th><th>Start</th><th>Observed until</th>")
        .append("<th class=\"r\">Actions</th><th class=\"r\">In effect</th><th class=\"r\">Rolled back</th><th class=\"r\">Skipped/failed</th><th class=\"r\">Monthly savings</th></tr></thead><tbody>\n");
    for (var p : view.schedule()) {
      page.append("<tr><td>").append(p.number()).append("</td><td>").append(esc(p.name())).append("</td><td>").append(esc(p.state()))
          .append(p.fromJournal() ? "" : " <small>(scheduled)</small>").append("</td><td>").append(esc(ReportText.minute(p.start())))
          .append("</td><td>").append(esc(ReportText.minute(p.observeUntil()))).append("</td><td class=\"r\">").append(p.actions())
          .append("</td><td class=\"r\">").append(p.inEffect()).append("</td><td class=\"r\">").append(p.rolledBack())
          .append("</td><td class=\"r\">").append(p.skipped()).append("</td><td class=\"r\">").append(esc(ReportText.money(p.monthlySavings())))
          .append("</td></tr>\n");
    }
    page.append("</tbody></table></section>\n");
  }

  private static void actionTable(RunView view, StringBuilder page) {
    page.append("<section><h2>Recommendations</h2><table><thead><tr><th>Action</th><th>Phase</th><th>Resource</th><th>Change</th>")
        .append("<th class=\"r\">Monthly savings</th><th>Risk</th><th class=\"r\">Confidence</th><th>Backtest</th><th>Status</th></tr></thead><tbody>\n");
    for (var r : view.actions()) {
      var a = r.action();
      page.append("<tr><td>").append(esc(a.id())).append("</td><td>").append(r.phase().number()).append("</td><td>").append(esc(a.resourceId()))
          .append(" <small>").append(esc(r.family())).append("</small></td><td>").append(esc(r.change())).append("</td><td class=\"r\">")
          .append(esc(ReportText.money(a.monthlySavings()))).append("</td><td class=\"risk-").append(a.risk().name().toLowerCase(java.util.Locale.ROOT)).append("\">")
          .append(a.risk()).append("</td><td class=\"r\">").append(r.confidence() == null ? "" : String.format(java.util.Locale.ROOT, "%.0f %%", r.confidence() * 100))
          .append("</td><td>").append(a.backtest() == null ? "none" : a.backtest().passed() ? "passed" : "<b>failed</b>")
          .append("</td><td>").append(esc(r.status())).append("</td></tr>\n");
    }
    page.append("</tbody></table></section>\n");
  }

  private static void leftOutTable(RunView view, StringBuilder page) {
    var rows = view.leftOut();
    page.append("<section id=\"left-out\"><h2>Left out of the plan</h2>\n");
    if (rows.isEmpty()) {
      page.append("<p class=\"empty\">Nothing was left out: every recommendation is in the plan.</p></section>\n");
      return;
    }
    double total = rows.stream().filter(l -> l.monthlySavings() != null && l.monthlySavings() > 0).mapToDouble(RunView.LeftOut::monthlySavings).sum();
    page.append("<p>").append(rows.size()).append(" left out; the recommendations among them would have saved ").append(esc(ReportText.money(total)))
        .append(" a month.</p>\n<table><thead><tr><th>Resource</th><th>Left out</th><th>Why (deciding reason first)</th><th class=\"r\">Monthly savings it would have brought</th></tr></thead><tbody>\n");
    for (var l : rows) {
      page.append("<tr><td>").append(esc(l.resourceId())).append(" <small>").append(esc(l.family())).append("</small></td><td>").append(esc(l.what()))
          .append("</td><td>").append(esc(l.reason())).append("</td><td class=\"r\">")
          .append(l.monthlySavings() == null ? "<small>not evaluated</small>" : esc(ReportText.money(l.monthlySavings()))).append("</td></tr>\n");
    }
    page.append("</tbody></table></section>\n");
  }

  private static void guardTable(RunView view, StringBuilder page) {
    var rows = view.guardEvidence();
    if (rows.isEmpty()) return;
    page.append("<section id=\"guard\"><h2>SLA impact: what the guard read</h2>\n<table><thead><tr><th>Action</th><th>Scope</th><th>Rule</th>")
        .append("<th class=\"r\">Baseline</th><th class=\"r\">Limit</th><th class=\"r\">Worst reading</th><th>Worst at</th><th class=\"r\">Breaches / checks</th></tr></thead><tbody>\n");
    for (var r : rows) {
      var e = r.evidence();
      page.append("<tr><td>").append(esc(r.actionId())).append(" <small>").append(esc(r.resourceId())).append("</small></td><td>").append(esc(r.scope()))
          .append("</td><td>").append(esc(e.rule())).append(" <small>").append(esc(e.metric() + " " + e.stat())).append(e.lowerIsWorse() ? ", lower is worse" : "")
          .append("</small></td><td class=\"r\">").append(e.baseline() == null ? "" : num(e.baseline())).append("</td><td class=\"r\">").append(num(e.limit()))
          .append("</td><td class=\"r\">").append(e.worst() == null ? "<small>no data</small>" : (e.breaches() > 0 ? "<b>" + num(e.worst()) + "</b>" : num(e.worst())))
          .append("</td><td>").append(esc(ReportText.minute(e.worstAt()))).append("</td><td class=\"r\">").append(e.breaches()).append(" / ").append(e.checks())
          .append("</td></tr>\n");
    }
    page.append("</tbody></table></section>\n");
  }

  private static String num(double v) {
    return String.format(java.util.Locale.ROOT, "%.4g", v);
  }

  private static void tenantTables(RunView view, StringBuilder page) {
    page.append("<section><h2>Tenant impact</h2>\n<h3>Tenant-owned resources left alone</h3>\n");
    var excluded = view.tenantExclusions();
    if (excluded.isEmpty()) {
      page.append("<p class=\"empty\">No resource in this run is tagged TenantId.</p>\n");
    } else {
      page.append("<table><thead><tr><th>Resource</th><th>Family</th><th>Why</th></tr></thead><tbody>\n");
      for (var e : excluded) {
        page.append("<tr><td>").append(esc(e.resourceId())).append("</td><td>").append(esc(e.family())).append("</td><td>").append(esc(e.reason())).append("</td></tr>\n");
      }
      page.append("</tbody></table>\n");
    }
    page.append("<h3>Actions on shared resources serving tenants</h3>\n");
    var shared = view.sharedActions();
    if (shared.isEmpty()) {
      page.append("<p class=\"empty\">No action touches a resource shared by tenants (blueprint ").append(esc(view.plan().blueprint())).append(", no tenant-owned resources).</p>\n");
    } else {
      page.append("<table><thead><tr><th>Action</th><th>Resource</th><th>Family</th><th>Change</th><th>Why it matters</th></tr></thead><tbody>\n");
      for (var s : shared) {
        page.append("<tr><td>").append(esc(s.actionId())).append("</td><td>").append(esc(s.resourceId())).append("</td><td>").append(esc(s.family()))
            .append("</td><td>").append(esc(s.change())).append("</td><td>").append(esc(s.why())).append("</td></tr>\n");
      }
      page.append("</tbody></table>\n");
    }
    page.append("</section>\n");
  }

  static String esc(String s) {
    if (s == null) return "";
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;padding:0 28px 28px;color:#1f2933;background:#f5f7fa}
      header h1{margin:20px 0 4px;font-size:24px} header h1 span{font-weight:400;color:#52606d} header p{margin:0;color:#52606d;font-size:13px}
      .cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
      .state{font-size:15px;padding:2px 8px;border-radius:4px;vertical-align:middle;background:#e4e7eb}.state-rolled_back,.state-failed{background:#facdcd;color:#8a1c1c}.state-completed{background:#c1eac5;color:#1e5e25}
      #outcome .card{border-top:4px solid #1f2933}
      .card{background:#fff;border-radius:8px;padding:12px 16px;min-width:170px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
      .card .t{font-size:12px;color:#52606d;text-transform:uppercase;letter-spacing:.04em}.card .v{font-size:24px;font-weight:600;margin:4px 0}.card .n{font-size:12px;color:#7b8794;max-width:260px}
      section{background:#fff;border-radius:8px;padding:12px 16px;margin:16px 0;box-shadow:0 1px 3px rgba(0,0,0,.12)}
      h2{font-size:17px;margin:4px 0 8px} h3{font-size:14px;margin:12px 0 6px;color:#323f4b}
      .grid{display:grid;grid-template-columns:1fr 1fr;gap:16px;background:none;box-shadow:none;padding:0}
      .grid>div{background:#fff;border-radius:8px;padding:8px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
      .plot{height:360px} .plot.tall{height:420px}
      table{border-collapse:collapse;width:100%;font-size:13px} th{text-align:left;background:#e4e7eb;padding:6px 8px} td{padding:5px 8px;border-top:1px solid #e4e7eb;vertical-align:top}
      .r{text-align:right} small{color:#7b8794} .empty{color:#52606d;font-style:italic}
      .risk-low{color:#2f8132}.risk-medium{color:#b76e00}.risk-high{color:#c0392b;font-weight:600}
      footer{font-size:12px;color:#7b8794;margin-top:12px}
      @media (max-width:1000px){.grid{grid-template-columns:1fr}}
      """;

  private static final String SECTIONS = """
      <section class="grid">
      <div><h2>Cost breakdown by component</h2><div id="cost" class="plot"></div></div>
      <div><h2>Savings projection, 12 months</h2><p class="empty">%PROJECTION_NOTE%</p><div id="projection" class="plot"></div></div>
      </section>
      <section class="grid">
      <div><h2>Utilisation by hour of day (UTC)</h2><div id="heat" class="plot tall"></div><p id="heat-note" class="empty"></p></div>
      <div><h2>Risk matrix: risk × monthly savings</h2><div id="risk" class="plot tall"></div></div>
      </section>
      """;

  /** Draws the four charts from the embedded run data (SVG); marks the body when done (checked by tests). */
  private static final String SCRIPT = """
      (function () {
        var errors = [];
        window.addEventListener('error', function (e) { errors.push(String(e.message)); document.body.dataset.errors = errors.join(' | '); });
        var RUN = JSON.parse(document.getElementById('run-data').textContent);
        function usd(v) { return '$' + Math.round(v).toLocaleString('en-US'); }
        function chart(id, option) {
          var el = document.getElementById(id);
          var c = echarts.init(el, null, {renderer: 'svg'});
          c.setOption(Object.assign({animation: false, textStyle: {fontSize: 12}}, option));
          window.addEventListener('resize', function () { c.resize(); });
          return c;
        }
        var money = {type: 'value', axisLabel: {formatter: usd}, nameLocation: 'middle', nameGap: 62};

        var comps = RUN.components.map(function (c) { return c.component; });
        if (comps.length) {
          chart('cost', {tooltip: {trigger: 'axis', valueFormatter: usd}, legend: {bottom: 0}, grid: {left: 80, right: 20, top: 20, bottom: 70},
            xAxis: {type: 'category', data: comps, axisLabel: {interval: 0}},
            yAxis: Object.assign({name: 'USD per month'}, money),
            series: [
              {type: 'bar', name: 'Monthly cost now', data: RUN.components.map(function (c) { return c.monthlyBefore; }), itemStyle: {color: '#9aa5b1'}},
              {type: 'bar', name: 'Monthly cost after the plan', data: RUN.components.map(function (c) { return c.monthlyAfter; }), itemStyle: {color: '#2680c2'}},
              {type: 'bar', name: 'Monthly savings planned', data: RUN.components.map(function (c) { return c.monthlySavings; }), itemStyle: {color: '#3ebd93'}}]});
        } else {
          document.getElementById('cost').style.display = 'none';
        }

        var months = RUN.projection.map(function (m) { return m.start.substring(0, 7); });
        chart('projection', {tooltip: {trigger: 'axis', valueFormatter: usd}, legend: {bottom: 0}, grid: {left: 80, right: 90, top: 20, bottom: 70},
          xAxis: {type: 'category', data: months, name: 'month starting', nameLocation: 'middle', nameGap: 28},
          yAxis: [Object.assign({name: 'USD in month'}, money), Object.assign({name: 'USD cumulative', position: 'right', splitLine: {show: false}}, money)],
          series: [
            {type: 'bar', name: 'Savings in month', data: RUN.projection.map(function (m) { return m.savings; }), itemStyle: {color: '#3ebd93'}},
            {type: 'line', name: 'Cumulative', yAxisIndex: 1, data: RUN.projection.map(function (m) { return m.cumulative; }), itemStyle: {color: '#1f2933'}}]});

        var heat = RUN.heatMap;
        if (heat.length) {
          var cells = [];
          heat.forEach(function (h, y) { h.byHour.forEach(function (v, x) { if (v !== null) cells.push([x, y, v]); }); });
          document.getElementById('heat').style.height = Math.max(300, 90 + heat.length * 26) + 'px';
          chart('heat', {grid: {left: 200, right: 20, top: 10, bottom: 100},
            tooltip: {formatter: function (p) { var h = heat[p.value[1]]; return h.resourceId + '<br>' + p.value[0] + ':00 UTC: ' + p.value[2].toFixed(1) + ' %<br>' + h.source; }},
            xAxis: {type: 'category', data: Array.from({length: 24}, function (_, i) { return String(i); }), name: 'hour of day (UTC)', nameLocation: 'middle', nameGap: 28, splitArea: {show: true}},
            yAxis: {type: 'category', data: heat.map(function (h) { return h.resourceId; }), inverse: true, splitArea: {show: true}},
            // Above 100 % (more than the resource has: Lambda past its reserved concurrency) gets its own colour.
            visualMap: {type: 'piecewise', orient: 'horizontal', left: 'center', bottom: 0, dimension: 2,
              pieces: [{min: 0, max: 25, color: '#fff7bc', label: '0-25 %'}, {min: 25, max: 50, color: '#fec44f', label: '25-50 %'},
                {min: 50, max: 80, color: '#fe9929', label: '50-80 %'}, {min: 80, max: 100, color: '#d7301f', label: '80-100 %'},
                {min: 100, color: '#54278f', label: 'above 100 %'}]},
            series: [{type: 'heatmap', data: cells, label: {show: false}}]});
        } else {
          document.getElementById('heat').style.display = 'none';
        }
        var missing = RUN.withoutUtilisation;
        document.getElementById('heat-note').textContent = heat.length === 0 ? 'No utilisation series in this run\\'s metrics.'
            : (missing.length ? 'No utilisation series for: ' + missing.join(', ') + '.' : '');

        var riskIndex = {LOW: 1, MEDIUM: 2, HIGH: 3};
        var phases = Array.from(new Set(RUN.actions.map(function (a) { return a.phase; })));
        var palette = ['#2680c2', '#3ebd93', '#f0b429', '#ef4e4e', '#9446ed', '#1f2933'];
        function markerSize(a) { return 8 + 16 * (a.confidence === null ? 0 : a.confidence); }
        if (RUN.actions.length) {
          var xOf = {};
          RUN.actions.forEach(function (a) { xOf[a.id] = riskIndex[a.risk]; });
          var riskOption = function () {
            return {legend: {bottom: 0}, grid: {left: 80, right: 20, top: 20, bottom: 70},
              tooltip: {formatter: function (p) { var a = p.data.action; return a.id + ' ' + a.resourceId + '<br>' + a.change + '<br>' + usd(a.monthlySavings) + ' per month'
                  + (a.confidence === null ? '' : '<br>confidence ' + Math.round(a.confidence * 100) + ' %'); }},
              // Ticks on the whole numbers 0 to 4, labelled 1-3 only: the markers sit around their risk, spread apart.
              xAxis: {type: 'value', min: 0, max: 4, interval: 1, name: 'risk', nameLocation: 'middle', nameGap: 28,
                axisLabel: {formatter: function (v) { return ['', 'LOW', 'MEDIUM', 'HIGH'][v] || ''; }}},
              yAxis: Object.assign({name: 'monthly savings (USD)'}, money),
              series: phases.map(function (p, k) {
                var acts = RUN.actions.filter(function (a) { return a.phase === p; });
                return {type: 'scatter', name: 'Phase ' + p, itemStyle: {color: palette[k % palette.length], opacity: 0.85, borderColor: '#fff'},
                  data: acts.map(function (a) { return {value: [xOf[a.id], a.monthlySavings], symbolSize: markerSize(a), action: a}; })};
              })};
          };
          var rc = chart('risk', riskOption());
          // Spread the markers apart in pixels, deterministically: largest saving first, each moved
          // sideways within its risk's column (0, +4, -4, +8 ... px) to the first place that touches
          // no marker already placed.
          var unit = rc.convertToPixel({gridIndex: 0}, [1, 0])[0] - rc.convertToPixel({gridIndex: 0}, [0, 0])[0];
          var placed = [];
          RUN.actions.slice().sort(function (a, b) { return b.monthlySavings - a.monthlySavings || (a.id < b.id ? -1 : 1); }).forEach(function (a) {
            var c = rc.convertToPixel({gridIndex: 0}, [riskIndex[a.risk], a.monthlySavings]);
            var r = markerSize(a) / 2;
            var best = 0;
            for (var k = 0; k < 200; k++) {
              var dx = (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 4;
              if (Math.abs(dx) > 0.45 * unit) break;
              var free = placed.every(function (q) { return Math.hypot(c[0] + dx - q[0], c[1] - q[1]) >= r + q[2] + 1; });
              if (free) { best = dx; break; }
            }
            placed.push([c[0] + best, c[1], r]);
            xOf[a.id] = riskIndex[a.risk] + best / unit;
          });
          rc.setOption(riskOption());
          // The markers' centres and radii in pixels, for the rendering test.
          document.getElementById('risk').dataset.markers = JSON.stringify(placed.map(function (q) { return q.map(Math.round); }));
        } else {
          document.getElementById('risk').style.display = 'none';
        }
        document.body.dataset.rendered = errors.length ? 'with-errors' : 'ok';
      })();
      """;
}
