package dev.tap.optimizer.cli;

import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Recommendation;
import dev.tap.optimizer.plan.Analysis;
import dev.tap.optimizer.pricing.PriceBook;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The readable tables of {@code tap analyze} and {@code tap plan}. */
final class AnalysisText {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

  private AnalysisText() {}

  /** The text report of a run: header, the recommendations and/or the plan, findings and what was left out, totals. */
  static void report(PrintWriter out, AnalysisRun.Result r, boolean withRecommendations, boolean withPlan) {
    header(out, r);
    if (withRecommendations) recommendations(out, r.analysis());
    if (withPlan) plan(out, r.analysis());
    findingsAndSkipped(out, r.analysis());
    totals(out, r);
  }

  static void header(PrintWriter out, AnalysisRun.Result r) {
    Analysis a = r.analysis();
    Plan p = a.plan();
    out.println("TAP analysis of " + r.source());
    out.println("  policy:     " + a.policy().origin() + ", lookback " + a.policy().lookbackDays() + " days ("
        + DAY.format(p.lookbackStart()) + " .. " + DAY.format(p.lookbackEnd()) + ")");
    out.println("  prices:     " + a.priceCitation() + ", on-demand list prices, 730 h a month");
    if (a.slo().checked().isEmpty()) {
      out.println("  SLO:        no SLO metrics found: backtests count utilisation only");
    } else {
      out.println("  SLO:        from " + a.slo().source() + (a.slo().breached() ? " - BREACHED, scale back up first (O3)" : " - within thresholds"));
      for (Evidence e : a.slo().checked()) {
        out.println(String.format(Locale.ROOT, "              %s %s over %d d = %.4g%s (breach above %.4g%s)%s", e.metric(), e.stat(), e.windowDays(),
            e.value(), e.unit(), e.threshold(), e.unit(), e.holds() ? "  <- BREACHED" : ""));
      }
    }
    out.println();
  }

  static void recommendations(PrintWriter out, Analysis a) {
    out.println("Recommendations (" + a.recommendations().size() + ")");
    if (a.recommendations().isEmpty()) {
      out.println("  none: every resource is sized within the policy's thresholds, or was skipped (see below).");
    } else {
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("Id", "Phase", "Resource", "Change", "USD/mo now", "USD/mo after", "Saves/mo", "Conf", "Backtest", "Status"));
      for (Recommendation r : a.recommendations()) {
        Action x = r.action();
        rows.add(List.of(r.status() == Recommendation.Status.PLANNED ? x.id() : "-", r.phase() == 0 ? "-" : String.valueOf(r.phase()),
            clip(x.resourceId(), 34), clip(change(x), 58), usd(x.monthlyCostBefore()), usd(x.monthlyCostAfter()), usd(x.monthlySavings()),
            String.format(Locale.ROOT, "%.2f%s", x.confidence(), r.lowConfidence() ? "!" : ""), backtest(x.backtest()), status(r)));
      }
      table(out, rows, "  ");
      if (a.recommendations().stream().anyMatch(Recommendation::lowConfidence)) {
        out.println("  ! confidence below " + a.policy().confidenceFlagBelow() + " (confidenceFlagBelow): review the evidence before applying");
      }
    }
    out.println();
  }

  static void plan(PrintWriter out, Analysis a) {
    Plan p = a.plan();
    out.println("Plan " + p.id() + ": " + p.phases().size() + " phase(s), " + p.actions().size() + " action(s)");
    for (Phase ph : p.phases()) {
      double saves = ph.actions().stream().mapToDouble(Action::monthlySavings).sum();
      out.println(String.format(Locale.ROOT, "  Phase %d - %s (%d action(s), saves %s USD/month), then observe %d h",
          ph.number(), ph.name(), ph.actions().size(), usd(saves), ph.observation().toHours()));
      for (Action x : ph.actions()) {
        out.println(String.format(Locale.ROOT, "    %s  %-18s %s: %s", x.id(), x.kind(), x.resourceId(), change(x)));
        out.println(String.format(Locale.ROOT, "           %s -> %s USD/month, risk %s, confidence %.2f, backtest %s",
            usd(x.monthlyCostBefore()), usd(x.monthlyCostAfter()), x.risk(), x.confidence(), backtest(x.backtest())));
        for (Evidence e : x.evidence()) out.println("           evidence: " + e.describe());
        out.println("           why: " + x.rationale());
        a.recommendations().stream().filter(r -> r.action().id().equals(x.id())).findFirst()
            .filter(r -> r.purchaseOptionsMonthly().size() > 1)
            .ifPresent(r -> out.println("           after, USD/month by purchase option: " + r.purchaseOptionsMonthly().entrySet().stream()
                .map(en -> en.getKey() + " " + usd(en.getValue())).collect(Collectors.joining(", "))));
      }
    }
    if (p.phases().isEmpty()) out.println("  nothing to apply.");
    out.println();
  }

  static void findingsAndSkipped(PrintWriter out, Analysis a) {
    if (!a.findings().isEmpty()) {
      out.println("Findings (" + a.findings().size() + ")");
      for (Finding f : a.findings()) {
        out.println("  " + f.severity() + " " + f.resourceId() + ": " + f.title() + " - " + f.detail());
        for (Evidence e : f.evidence()) out.println("      " + e.describe());
      }
      out.println();
    }
    if (!a.plan().skipped().isEmpty()) {
      out.println("Left out of the plan (" + a.plan().skipped().size() + ")");
      for (Plan.Skipped s : a.plan().skipped()) out.println("  " + s.resourceId() + " (" + s.family() + "): " + s.reason());
      out.println();
    }
  }

  static void totals(PrintWriter out, AnalysisRun.Result r) {
    Analysis a = r.analysis();
    double monthly = a.plannedMonthlySavings();
    out.println(String.format(Locale.ROOT, "Planned savings: %s USD a month, %s USD a year (%d action(s) in %d phase(s)).",
        usd(monthly), usd(PriceBook.annual(monthly)), a.plan().actions().size(), a.plan().phases().size()));
    if (!r.files().isEmpty()) {
      out.println("Wrote " + r.files().stream().map(Path::toString).collect(Collectors.joining(", ")));
    }
  }

  /**
   * The settings an action changes, the main one first (type or class, spot, billing mode, node
   * counts, then the rest alphabetically); settings with the same value before and after are left out.
   */
  static String change(Action x) {
    TreeSet<String> keys = new TreeSet<>(java.util.Comparator.comparingInt(AnalysisText::rank).thenComparing(k -> k));
    keys.addAll(x.before().keySet());
    keys.addAll(x.after().keySet());
    keys.removeIf(k -> java.util.Objects.equals(x.before().get(k), x.after().get(k)));
    return keys.stream().map(k -> k + " " + show(x.before().get(k)) + " -> " + show(x.after().get(k))).collect(Collectors.joining(", "));
  }

  private static final List<String> MAIN_FIRST = List.of("instanceType", "instanceClass", "nodeType", "EnableManagedSpotTraining", "billingMode",
      "instanceCount", "nodes", "shards", "replicasPerShard", "readers", "desired", "memoryMb", "provisionedConcurrency", "reservedConcurrency");

  private static int rank(String key) {
    int i = MAIN_FIRST.indexOf(key);
    return i < 0 ? MAIN_FIRST.size() : i;
  }

  private static String show(String v) {
    return v == null ? "(n/a)" : v.isEmpty() ? "(none)" : v;
  }

  private static String backtest(Backtest b) {
    if (b == null) return "none";
    if (!b.passed()) return String.format(Locale.ROOT, "FAIL %dh", b.breachHours());
    if (b.model().startsWith("no capacity change")) return "n/a";
    // A peak at or above capacity that still passes stayed within the replay's budget of hours above it: say the hours, not a percentage.
    return b.predictedPeakUtilisationPct() >= 100 ? String.format(Locale.ROOT, "ok, %dh above", b.breachHours())
        : String.format(Locale.ROOT, "ok %.0f%%", b.predictedPeakUtilisationPct());
  }

  private static String status(Recommendation r) {
    return switch (r.status()) {
      case PLANNED -> "planned";
      case BLOCKED_BY_BACKTEST -> "blocked: backtest";
      case BELOW_MIN_CONFIDENCE -> "filtered: confidence";
      case NO_SAVINGS -> "dropped: costs more";
    };
  }

  private static String usd(double v) {
    return String.format(Locale.ROOT, "%,.2f", v);
  }

  private static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }

  static void table(PrintWriter out, List<List<String>> rows, String indent) {
    int cols = rows.get(0).size();
    int[] w = new int[cols];
    for (List<String> row : rows) for (int i = 0; i < cols; i++) w[i] = Math.max(w[i], row.get(i).length());
    for (int r = 0; r < rows.size(); r++) {
      StringBuilder sb = new StringBuilder(indent);
      for (int i = 0; i < cols; i++) {
        String c = rows.get(r).get(i);
        boolean numeric = r > 0 && c.matches("-?[0-9,.]+");
        sb.append(numeric ? " ".repeat(w[i] - c.length()) + c : c + " ".repeat(w[i] - c.length()));
        if (i < cols - 1) sb.append("  ");
      }
      out.println(sb.toString().stripTrailing());
      if (r == 0) {
        StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < cols; i++) line.append("-".repeat(w[i])).append(i < cols - 1 ? "  " : "");
        out.println(line);
      }
    }
  }

}
