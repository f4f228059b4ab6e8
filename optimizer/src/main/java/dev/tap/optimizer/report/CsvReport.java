package dev.tap.optimizer.report;

import dev.tap.optimizer.plan.RecommendationFiles;
import dev.tap.optimizer.report.RunView.ActionRow;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code recommendations.csv}: one row per action with every column the workbook shows for it
 * (RFC 4180: comma-separated, double quotes around fields that need them, CRLF line ends).
 * Money in USD with cents; observed values say "not observed yet" until the journal has them.
 */
public final class CsvReport implements ReportWriter {
  /** The one schema of {@code recommendations.csv}, the analysis's and the report's alike. */
  public static final List<String> COLUMNS = RecommendationFiles.CSV_COLUMNS;

  @Override
  public ReportFormat format() {
    return ReportFormat.CSV;
  }

  @Override
  public void write(RunView view, OutputStream out, ReportProgress progress) throws IOException {
    StringBuilder sb = new StringBuilder();
    line(sb, COLUMNS);
    var sla = view.sla();
    var rollbacks = view.rollbacks();
    var recovery = view.recovery();
    for (int i = 0; i < view.actions().size(); i++) {
      ActionRow r = view.actions().get(i);
      var a = r.action();
      Map<String, String> row = new LinkedHashMap<>();
      row.put("action_id", a.id());
      row.put("phase", Integer.toString(r.phase().number()));
      row.put("phase_name", r.phase().name());
      row.put("family", r.family());
      row.put("kind", a.kind().name());
      row.put("resource_id", a.resourceId());
      row.put("region", a.region());
      row.put("change", r.change());
      row.put("before", pairs(a.before()));
      row.put("after", pairs(a.after()));
      row.put("monthly_cost_before_usd", cents(a.monthlyCostBefore()));
      row.put("monthly_cost_after_usd", cents(a.monthlyCostAfter()));
      row.put("monthly_savings_usd", cents(a.monthlySavings()));
      row.put("annual_savings_usd", cents(r.annualSavings()));
      row.put("risk", a.risk().name());
      row.put("confidence", r.confidence() == null ? "" : String.format(Locale.ROOT, "%.3f", r.confidence()));
      row.put("evidence", r.evidence());
      row.put("backtest_passed", a.backtest() == null ? "" : Boolean.toString(a.backtest().passed()));
      row.put("backtest_breach_hours", a.backtest() == null ? "" : Integer.toString(a.backtest().breachHours()));
      row.put("backtest", r.backtest());
      row.put("rationale", a.rationale());
      row.put("status", r.outcome().status().name());
      row.put("status_reason", r.status());
      row.put("applied_at", ReportText.minute(r.outcome().appliedAt()));
      row.put("rolled_back_at", ReportText.minute(r.outcome().rolledBackAt()));
      for (var s : sla) {
        if (!s.actionId().equals(a.id())) continue;
        String prefix = switch (s.slo()) {
          case LATENCY_P95_MS -> "p95_ms";
          case LATENCY_P99_MS -> "p99_ms";
          case ERROR_RATE_PCT -> "error_rate_pct";
          case PEAK_UTILISATION_PCT -> null;
        };
        if (prefix == null) {
          row.put("predicted_peak_utilisation_pct", decimal(s.predicted()));
          continue;
        }
        row.put("baseline_" + prefix, decimal(s.baseline()));
        row.put("predicted_" + prefix, decimal(s.predicted()));
        row.put("observed_" + prefix, s.observed() == null ? s.observedNote() : decimal(s.observed()));
      }
      var rb = rollbacks.get(i);
      row.put("rollback_aws_cli", String.join("\n", rb.awsCli()));
      row.put("rollback_tap", rb.tapCommand());
      row.put("rollback_note", rb.note());
      var rec = recovery.get(i);
      row.put("recovery_scenario", rec.scenario());
      row.put("rto_before", rec.rtoBefore().text());
      row.put("rto_after", rec.rtoAfter().text());
      row.put("rpo_before", rec.rpoBefore().text());
      row.put("rpo_after", rec.rpoAfter().text());
      row.put("recovery_reasoning", rec.reasoning());
      line(sb, COLUMNS.stream().map(c -> row.getOrDefault(c, "")).toList());
      progress.step(format(), a.id(), i + 1, view.actions().size());
    }
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String cents(double usd) {
    return String.format(Locale.ROOT, "%.2f", usd);
  }

  private static String decimal(Double v) {
    return v == null ? "" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String pairs(Map<String, String> m) {
    return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
  }

  private static void line(StringBuilder sb, List<String> fields) {
    sb.append(fields.stream().map(CsvReport::quote).collect(Collectors.joining(","))).append("\r\n");
  }

  private static String quote(String f) {
    if (f.indexOf(',') < 0 && f.indexOf('"') < 0 && f.indexOf('\n') < 0 && f.indexOf('\r') < 0) return f;
    return '"' + f.replace("\"", "\"\"") + '"';
  }

  /** Parses a {@code recommendations.csv} back into rows keyed by column name. */
  public static List<Map<String, String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        fields.add(field.toString());
        field.setLength(0);
        records.add(fields);
        fields = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (field.length() > 0 || !fields.isEmpty()) {
      fields.add(field.toString());
      records.add(fields);
    }
    if (records.isEmpty()) return List.of();
    List<String> header = records.get(0);
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> rec : records.subList(1, records.size())) {
      if (rec.size() != header.size()) {
        throw new IllegalArgumentException("CSV row " + (rows.size() + 1) + " has " + rec.size() + " fields, the header " + header.size());
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) row.put(header.get(i), rec.get(i));
      rows.add(row);
    }
    return rows;
  }
}
