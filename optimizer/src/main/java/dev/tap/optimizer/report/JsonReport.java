package dev.tap.optimizer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tap.optimizer.family.Objective;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.pricing.SpendReport;
import dev.tap.optimizer.report.RunView.ActionRow;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code run.json}: everything the workbook shows, as a versioned document (docs/reports.md
 * describes schema version {@value #SCHEMA_VERSION}). The dashboard embeds the same document
 * without the hourly series, so both say the same numbers.
 */
public final class JsonReport implements ReportWriter {
  public static final int SCHEMA_VERSION = 1;
  static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  @Override
  public ReportFormat format() {
    return ReportFormat.JSON;
  }

  @Override
  public void write(RunView view, OutputStream out, ReportProgress progress) throws IOException {
    progress.step(format(), "run.json", 0, 1);
    JSON.writeValue(new NonClosing(out), document(view, true));
    progress.step(format(), "run.json", 1, 1);
  }

  /** Reads a {@code run.json}; for tools and tests. */
  public static JsonNode read(String text) throws IOException {
    return JSON.readTree(text);
  }

  static ObjectNode document(RunView view, boolean withSeries) {
    var data = view.data();
    var plan = view.plan();
    ObjectNode doc = F.objectNode();
    doc.put("schemaVersion", SCHEMA_VERSION);
    doc.put("generatedAt", text(data.reportTime()));
    var outcome = view.outcome();
    doc.put("state", outcome.state());
    ObjectNode out = doc.putObject("outcome");
    out.put("state", outcome.state());
    out.put("why", outcome.why());
    out.put("monthlySavingsKept", outcome.keptMonthly());
    out.put("annualSavingsKept", outcome.keptMonthly() * 12);
    out.put("monthlySavingsPlanned", outcome.plannedMonthly());
    out.put("annualSavingsPlanned", outcome.plannedAnnual());
    out.put("monthlySavingsRolledBack", outcome.rolledBackMonthly());
    out.put("monthlySavingsNotApplied", outcome.notAppliedMonthly());
    out.put("headlineMonthlySavings", outcome.headlineMonthly());
    out.put("headlineAnnualSavings", outcome.headlineAnnual());
    out.put("runStart", text(outcome.spanStart()));
    out.put("runEnd", text(outcome.spanEnd()));
    out.put("runClock", outcome.spanStart() == null ? null : outcome.simulatedClock() ? "simulated" : "wall");
    out.put("generatedAt", text(outcome.generatedAt()));
    ObjectNode run = doc.putObject("run");
    run.put("id", data.runId());
    run.put("planId", plan.id());
    run.put("blueprint", plan.blueprint());
    run.put("account", plan.account());
    run.put("source", plan.source());
    run.put("planCreatedAt", text(plan.createdAt()));
    run.put("lookbackStart", text(plan.lookbackStart()));
    run.put("lookbackEnd", text(plan.lookbackEnd()));
    run.put("priceListDate", plan.priceListDate());
    run.put("executed", data.executed());

    ObjectNode totals = doc.putObject("totals");
    totals.put("monthlyBefore", view.monthlyBefore());
    totals.put("monthlyAfter", view.monthlyAfter());
    totals.put("monthlySavings", view.monthlySavings());
    totals.put("annualSavings", view.monthlySavings() * 12);

    ArrayNode components = doc.putArray("components");
    for (var c : view.components()) {
      ObjectNode n = components.addObject();
      n.put("component", c.component());
      n.put("actions", c.actions());
      n.put("monthlyBefore", c.monthlyBefore());
      n.put("monthlyAfter", c.monthlyAfter());
      n.put("monthlySavings", c.monthlySavings());
      n.put("annualSavings", c.annualSavings());
    }

    doc.set("actualSpend", spend(data.actualSpend()));

    ArrayNode actions = doc.putArray("actions");
    var sla = view.sla();
    var rollbacks = view.rollbacks();
    var recovery = view.recovery();
    var guard = view.guardEvidence();
    for (int i = 0; i < view.actions().size(); i++) {
      ObjectNode a = action(view.actions().get(i), sla, rollbacks.get(i), recovery.get(i));
      ArrayNode g = a.putArray("guard");
      for (var row : guard) {
        if (!row.actionId().equals(a.get("id").asText())) continue;
        var e = row.evidence();
        ObjectNode n = g.addObject().put("scope", row.scope()).put("rule", e.rule()).put("metric", e.metric()).put("stat", e.stat());
        putNullable(n, "baseline", e.baseline());
        n.put("limit", e.limit());
        putNullable(n, "worst", e.worst());
        n.put("worstAt", text(e.worstAt()));
        n.put("lowerIsWorse", e.lowerIsWorse()).put("checks", e.checks()).put("breaches", e.breaches());
      }
      actions.add(a);
    }

    ArrayNode configuration = doc.putArray("configuration");
    for (var c : view.configuration()) {
      ObjectNode n = configuration.addObject().put("resourceId", c.resourceId()).put("family", c.family()).put("key", c.key())
          .put("before", c.before()).put("after", c.after()).put("afterRun", c.afterRun());
      ArrayNode by = n.putArray("changedBy");
      c.changedBy().forEach(by::add);
    }

    ArrayNode phases = doc.putArray("phases");
    for (var p : view.schedule()) {
      ObjectNode n = phases.addObject();
      n.put("number", p.number());
      n.put("name", p.name());
      n.put("start", text(p.start()));
      n.put("applied", text(p.applied()));
      n.put("observeUntil", text(p.observeUntil()));
      n.put("observationHours", p.observation().toMinutes() / 60.0);
      n.put("fromJournal", p.fromJournal());
      n.put("state", p.state());
      n.put("actions", p.actions());
      n.put("inEffect", p.inEffect());
      n.put("rolledBack", p.rolledBack());
      n.put("skipped", p.skipped());
      n.put("monthlySavings", p.monthlySavings());
    }

    ArrayNode projection = doc.putArray("projection");
    for (var m : view.projection()) {
      ObjectNode n = projection.addObject();
      n.put("month", m.month());
      n.put("start", m.start().toString());
      n.put("savings", m.savings());
      n.put("cumulative", m.cumulative());
    }

    ArrayNode heat = doc.putArray("heatMap");
    for (var h : view.heatMap()) {
      ObjectNode n = heat.addObject();
      n.put("resourceId", h.resourceId());
      n.put("family", h.family());
      n.put("source", h.source());
      ArrayNode hours = n.putArray("byHour");
      for (double v : h.byHour()) {
        if (Double.isNaN(v)) hours.addNull();
        else hours.add(v);
      }
    }
    ArrayNode noUtil = doc.putArray("withoutUtilisation");
    view.withoutUtilisation().forEach(noUtil::add);

    if (withSeries) {
      ArrayNode metrics = doc.putArray("metrics");
      for (var chart : view.metricCharts()) {
        ObjectNode n = metrics.addObject();
        n.put("resourceId", chart.resourceId());
        n.put("family", chart.family().label());
        n.put("metric", chart.metric());
        ArrayNode series = n.putArray("series");
        for (MetricSeries s : chart.series()) {
          ObjectNode sn = series.addObject();
          sn.put("stat", s.query().stat());
          sn.put("periodSeconds", s.query().periodSeconds());
          ArrayNode times = sn.putArray("times");
          for (long t : s.times()) times.add(t);
          ArrayNode values = sn.putArray("values");
          for (double v : s.values()) {
            if (Double.isNaN(v)) values.addNull();
            else values.add(v);
          }
        }
      }
    }

    ObjectNode tenants = doc.putObject("tenants");
    ArrayNode excluded = tenants.putArray("excluded");
    for (var e : view.tenantExclusions()) {
      excluded.addObject().put("resourceId", e.resourceId()).put("family", e.family()).put("reason", e.reason());
    }
    ArrayNode shared = tenants.putArray("sharedActions");
    for (var s : view.sharedActions()) {
      shared.addObject().put("actionId", s.actionId()).put("resourceId", s.resourceId()).put("family", s.family()).put("change", s.change()).put("why", s.why());
    }
    ArrayNode leftOut = doc.putArray("leftOut");
    for (var l : view.leftOut()) {
      ObjectNode n = leftOut.addObject().put("resourceId", l.resourceId()).put("family", l.family()).put("what", l.what()).put("reason", l.reason());
      putNullable(n, "monthlySavings", l.monthlySavings());
    }
    ArrayNode skipped = doc.putArray("skipped");
    for (var s : view.skipped()) skipped.addObject().put("resourceId", s.resourceId()).put("family", s.family()).put("reason", s.reason());
    return doc;
  }

  private static ObjectNode action(ActionRow r, List<RunView.SlaRow> sla, RollbackProcedure rollback, RecoveryImpact recovery) {
    var a = r.action();
    ObjectNode n = F.objectNode();
    n.put("id", a.id());
    n.put("phase", r.phase().number());
    n.put("phaseName", r.phase().name());
    n.put("kind", a.kind().name());
    n.put("family", r.family());
    n.put("resourceId", a.resourceId());
    n.put("region", a.region());
    n.set("before", map(a.before()));
    n.set("after", map(a.after()));
    n.put("change", r.change());
    n.put("monthlyCostBefore", a.monthlyCostBefore());
    n.put("monthlyCostAfter", a.monthlyCostAfter());
    n.put("monthlySavings", a.monthlySavings());
    n.put("annualSavings", r.annualSavings());
    n.put("risk", a.risk().name());
    putNullable(n, "confidence", r.confidence());
    n.put("rationale", a.rationale());
    ArrayNode ev = n.putArray("evidence");
    for (Evidence e : a.evidence()) {
      ev.addObject().put("metric", e.metric()).put("stat", e.stat()).put("windowDays", e.windowDays()).put("value", e.value())
          .put("comparator", e.comparator()).put("threshold", e.threshold()).put("unit", e.unit()).put("holds", e.holds())
          .put("text", e.describe());
    }
    if (a.backtest() != null) {
      var b = a.backtest();
      n.putObject("backtest").put("days", b.days()).put("model", b.model()).put("passed", b.passed()).put("breachHours", b.breachHours())
          .put("baselineP95Ms", b.baselineP95Ms()).put("predictedP95Ms", b.predictedP95Ms())
          .put("baselineP99Ms", finiteOrNull(b.baselineP99Ms())).put("predictedP99Ms", finiteOrNull(b.predictedP99Ms()))
          .put("baselineErrorRatePct", b.baselineErrorRatePct()).put("predictedErrorRatePct", b.predictedErrorRatePct())
          .put("predictedPeakUtilisationPct", b.predictedPeakUtilisationPct() > 0 ? b.predictedPeakUtilisationPct() : null);
    } else {
      n.putNull("backtest");
    }
    n.put("status", r.outcome().status().name());
    n.put("statusText", r.status());
    n.put("appliedAt", text(r.outcome().appliedAt()));
    n.put("rolledBackAt", text(r.outcome().rolledBackAt()));
    ArrayNode slaNode = n.putArray("sla");
    for (var s : sla) {
      if (!s.actionId().equals(a.id())) continue;
      ObjectNode sn = slaNode.addObject().put("slo", s.slo().name()).put("label", s.slo().label).put("unit", s.slo().unit);
      putNullable(sn, "baseline", s.baseline());
      putNullable(sn, "predicted", s.predicted());
      putNullable(sn, "observed", s.observed());
      if (s.observed() == null) sn.put("observedNote", s.observedNote());
      else sn.put("observedFrom", s.observedFrom());
    }
    ObjectNode rb = n.putObject("rollback");
    rb.set("before", map(rollback.before()));
    ArrayNode cli = rb.putArray("awsCli");
    rollback.awsCli().forEach(cli::add);
    rb.put("tapCommand", rollback.tapCommand());
    rb.put("note", rollback.note());
    ObjectNode rec = n.putObject("recovery");
    rec.put("scenario", recovery.scenario());
    objective(rec, "rtoBefore", recovery.rtoBefore());
    objective(rec, "rtoAfter", recovery.rtoAfter());
    objective(rec, "rpoBefore", recovery.rpoBefore());
    objective(rec, "rpoAfter", recovery.rpoAfter());
    rec.put("reasoning", recovery.reasoning());
    return n;
  }

  private static void objective(ObjectNode parent, String name, Objective o) {
    ObjectNode n = parent.putObject(name);
    if (o.seconds() == null) n.putNull("seconds");
    else n.put("seconds", o.seconds());
    n.put("text", o.text());
  }

  private static void putNullable(ObjectNode n, String name, Double v) {
    if (v == null) n.putNull(name);
    else n.put(name, v);
  }

  private static ObjectNode spend(SpendReport report) {
    ObjectNode n = F.objectNode();
    if (report instanceof SpendReport.Available a) {
      n.put("available", true);
      n.put("start", a.start().toString());
      n.put("end", a.end().toString());
      ArrayNode rows = n.putArray("rows");
      for (var r : a.rows()) {
        rows.addObject().put("periodStart", r.periodStart().toString()).put("periodEnd", r.periodEnd().toString()).put("service", r.service())
            .put("amount", r.amount()).put("currency", r.currency()).put("estimated", r.estimated());
      }
    } else if (report instanceof SpendReport.Unavailable u) {
      n.put("available", false);
      n.put("reason", u.message());
    }
    return n;
  }

  private static ObjectNode map(Map<String, String> m) {
    ObjectNode n = F.objectNode();
    m.forEach(n::put);
    return n;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  /** Jackson closes the stream it writes to; the caller owns this one. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /** A value the metrics do not give (NaN) is null in JSON: NaN is not JSON. */
  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
