package dev.tap.optimizer.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Recommendation;
import dev.tap.optimizer.model.Recommendation.Status;
import dev.tap.optimizer.pricing.PriceBook;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files of an analysis (SPEC R3): {@code recommendations.csv} (one row per recommendation,
 * planned or not), {@code recommendations.json} (the same with evidence, backtest, findings,
 * skipped resources, policy and price list) and {@code plan.json} ({@link PlanJson}). All three are
 * written together, whole or not at all.
 */
public final class RecommendationFiles {
  public static final String CSV = "recommendations.csv";
  public static final String JSON = "recommendations.json";
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule()).addModule(dev.tap.optimizer.registry.Families.jsonModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT).build();

  private RecommendationFiles() {}

  /** Writes the three files into {@code dir}; returns their paths. */
  public static List<Path> write(Analysis a, Path dir) {
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(dir.resolve(CSV), csv(a));
    files.put(dir.resolve(JSON), json(a));
    files.put(dir.resolve(PlanJson.FILE_NAME), PlanJson.toJson(a.plan()));
    AtomicFiles.writeAll(files);
    return List.copyOf(files.keySet());
  }

  /**
   * The one schema of {@code recommendations.csv}, wherever it is written: by the analysis (every
   * recommendation, planned or left out; the run columns from {@code applied_at} on empty, as nothing
   * has run yet) and by {@code tap report} (the plan's actions with what the run did to them; the
   * analysis-only columns empty, as {@code plan.json} does not record them). docs/reports.md lists them.
   */
  public static final List<String> CSV_COLUMNS = List.of("action_id", "phase", "phase_name", "status", "status_reason", "resource_id", "family",
      "region", "kind", "change", "before", "after", "monthly_cost_before_usd", "monthly_cost_after_usd", "monthly_savings_usd", "annual_savings_usd",
      "risk", "confidence", "low_confidence", "coverage", "variability", "backtest_passed", "backtest_breach_hours", "predicted_peak_utilisation_pct",
      "baseline_p95_ms", "predicted_p95_ms", "baseline_p99_ms", "predicted_p99_ms", "baseline_error_rate_pct", "predicted_error_rate_pct",
      "evidence", "backtest", "rationale", "purchase_options_monthly_usd",
      "applied_at", "rolled_back_at", "observed_p95_ms", "observed_p99_ms", "observed_error_rate_pct",
      "rollback_aws_cli", "rollback_tap", "rollback_note", "recovery_scenario", "rto_before", "rto_after", "rpo_before", "rpo_after", "recovery_reasoning");

  /** The run columns: empty in the analysis's file. */
  private static final int RUN_COLUMNS = CSV_COLUMNS.size() - CSV_COLUMNS.indexOf("applied_at");

  public static String csv(Analysis a) {
    StringBuilder sb = new StringBuilder(String.join(",", CSV_COLUMNS)).append("\r\n");
    for (Recommendation r : a.recommendations()) {
      Action x = r.action();
      Backtest b = x.backtest();
      List<String> row = new java.util.ArrayList<>(List.of(x.id(), String.valueOf(r.phase()), r.phaseName(), r.status().name(), r.statusReason(),
          x.resourceId(), r.family(), x.region(), x.kind().name(), change(x.before(), x.after()), kv(x.before()), kv(x.after()),
          usd(x.monthlyCostBefore()), usd(x.monthlyCostAfter()), usd(x.monthlySavings()), usd(r.annualSavings()), x.risk().name(), num(x.confidence()),
          String.valueOf(r.lowConfidence()), num(r.coverage()), num(r.variability()),
          b == null ? "" : String.valueOf(b.passed()), b == null ? "" : String.valueOf(b.breachHours()), b == null || b.predictedPeakUtilisationPct() <= 0 ? "" : num(b.predictedPeakUtilisationPct()),
          num(b, Backtest::baselineP95Ms), num(b, Backtest::predictedP95Ms), num(b, Backtest::baselineP99Ms), num(b, Backtest::predictedP99Ms),
          num(b, Backtest::baselineErrorRatePct), num(b, Backtest::predictedErrorRatePct),
          x.evidence().stream().map(Evidence::describe).collect(Collectors.joining("; ")), backtest(b), x.rationale(),
          r.purchaseOptionsMonthly().entrySet().stream().map(e -> e.getKey() + "=" + usd(e.getValue())).collect(Collectors.joining(";"))));
      for (int i = 0; i < RUN_COLUMNS; i++) row.add("");
      sb.append(row.stream().map(RecommendationFiles::cell).collect(Collectors.joining(","))).append("\r\n");
    }
    return sb.toString();
  }

  /** One backtest in a line: verdict, replay, the SLO figures before and predicted, breach hours. */
  public static String backtest(Backtest b) {
    if (b == null) return "no backtest";
    // The peak starts at 0 and rises with every replayed load: 0 means no load was replayed.
    String peak = b.predictedPeakUtilisationPct() > 0 ? String.format(Locale.ROOT, "peak %.0f %%", b.predictedPeakUtilisationPct()) : "no load replayed";
    // A p99 the resource's metrics do not give is NaN: say so rather than print a number.
    String p99 = Double.isNaN(b.baselineP99Ms()) ? "p99 not measured"
        : String.format(Locale.ROOT, "p99 %.1f -> %.1f ms", b.baselineP99Ms(), b.predictedP99Ms());
    return String.format(Locale.ROOT, "%s over %d d (%s): p95 %.1f -> %.1f ms, %s, errors %.2f -> %.2f %%, %s, %d breach hours",
        b.passed() ? "passed" : "FAILED", b.days(), b.model(), b.baselineP95Ms(), b.predictedP95Ms(), p99,
        b.baselineErrorRatePct(), b.predictedErrorRatePct(), peak, b.breachHours());
  }

  /** {@code key: before -> after; ...} over the keys either side names; every report says a change this way. */
  public static String change(Map<String, String> before, Map<String, String> after) {
    java.util.TreeSet<String> keys = new java.util.TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    return keys.stream().map(k -> k + ": " + show(before.get(k)) + " -> " + show(after.get(k))).collect(Collectors.joining("; "));
  }

  private static String show(String v) {
    return v == null ? "(unset)" : v.isEmpty() ? "(none)" : v;
  }

  /** A backtest figure, or an empty cell for an action with no backtest (the ML platform's training settings). */
  private static String num(Backtest b, java.util.function.ToDoubleFunction<Backtest> f) {
    return b == null ? "" : num(f.applyAsDouble(b));
  }

  public static String json(Analysis a) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("planId", a.plan().id());
    root.put("blueprint", a.plan().blueprint());
    root.put("account", a.plan().account());
    root.put("source", a.plan().source());
    root.put("createdAt", a.plan().createdAt().toString());
    root.put("lookbackStart", a.plan().lookbackStart().toString());
    root.put("lookbackEnd", a.plan().lookbackEnd().toString());
    root.put("policy", a.policy().origin());
    root.put("priceList", a.priceCitation());
    ObjectNode totals = root.putObject("totals");
    double monthly = a.plannedMonthlySavings();
    totals.put("plannedActions", a.plan().actions().size());
    totals.put("plannedMonthlySavingsUsd", round2(monthly));
    totals.put("plannedAnnualSavingsUsd", round2(PriceBook.annual(monthly)));
    for (Status s : Status.values()) totals.put(s.name().toLowerCase(Locale.ROOT), a.recommendations().stream().filter(r -> r.status() == s).count());
    ObjectNode slo = root.putObject("slo");
    slo.put("source", a.slo().source());
    slo.set("checks", MAPPER.valueToTree(a.slo().checked()));
    ArrayNode recs = root.putArray("recommendations");
    for (Recommendation r : a.recommendations()) {
      ObjectNode n = MAPPER.valueToTree(r);
      n.put("annualSavings", round2(r.annualSavings()));
      ((ObjectNode) n.get("action")).put("monthlySavings", round2(r.action().monthlySavings()));
      recs.add(n);
    }
    root.set("findings", MAPPER.valueToTree(a.findings()));
    root.set("skipped", MAPPER.valueToTree(a.plan().skipped()));
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Findings as JSON, for {@code tap analyze --format json}. */
  static List<Finding> findings(Analysis a) {
    return a.findings();
  }

  private static String kv(Map<String, String> m) {
    return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
  }

  private static String usd(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "";
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** RFC 4180: quote cells holding a comma, quote or line break; double the quotes. */
  static String cell(String s) {
    if (s == null) return "";
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) return "\"" + s.replace("\"", "\"\"") + "\"";
    return s;
  }
}
