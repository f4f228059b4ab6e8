package dev.tap.optimizer.cli;

import dev.tap.optimizer.org.OrgSummary;
import dev.tap.optimizer.org.Outcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The text {@code tap org} prints: a row per account and the totals, then what could not be read and why, then the report's files. */
final class OrgText {
  private OrgText() {}

  static void print(PrintWriter out, OrgSummary s, boolean snapshot, List<Path> files) {
    out.printf("%-14s %-20s %7s %6s %9s %6s %7s %16s%n", "Account", "Name", "Regions", "Failed", "Resources", "Recs", "Planned", "Savings USD/mo");
    for (OrgSummary.AccountTotal a : s.accounts()) {
      OrgSummary.Total t = a.total();
      out.printf("%-14s %-20s %7d %6d %9d %6d %7d %16s%n", a.id(), clip(a.name(), 20), t.accountRegions(), a.failedRegions(), t.resources(),
          t.recommendations(), t.planned(), snapshot ? "-" : money(t.plannedMonthly()));
    }
    OrgSummary.Total t = s.total();
    out.printf("%-14s %-20s %7d %6d %9d %6d %7d %16s%n", "Total", s.accounts().size() + (s.accounts().size() == 1 ? " account" : " accounts"), t.accountRegions(), s.failed().size(), t.resources(),
        t.recommendations(), t.planned(), snapshot ? "-" : money(t.plannedMonthly()));
    if (!snapshot) out.printf("Planned savings: %s USD/month, %s USD/year, in %d account-regions.%n", money(t.plannedMonthly()), money(t.plannedAnnual()),
        t.accountRegions());
    if (!s.regions().isEmpty() && !snapshot) {
      out.println("By region:");
      s.regions().forEach((r, rt) -> out.printf("  %-16s %16s USD/mo%n", r, money(rt.plannedMonthly())));
    }
    if (s.failed().isEmpty()) {
      out.println("Every account-region was read.");
    } else {
      out.printf("Could not be read (%d):%n", s.failed().size());
      for (Outcome.Failed f : s.failed()) {
        out.printf("  %s (%s) %s: %s%s - %s. What to do: %s.%n", f.where().account().id(), f.where().account().name(), f.where().region(), f.reason(),
            f.code().isEmpty() ? "" : " (" + f.code() + ")", f.reason().meaning, f.reason().remedy);
        out.printf("      %s%n", f.message());
      }
    }
    out.println("Report:");
    files.forEach(f -> out.println("  " + f.toAbsolutePath()));
  }

  private static String money(double usd) {
    return String.format(java.util.Locale.ROOT, "%,.2f", usd);
  }

  private static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }
}
