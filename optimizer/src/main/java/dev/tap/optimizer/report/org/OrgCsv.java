package dev.tap.optimizer.report.org;

import dev.tap.optimizer.org.FamilyFigures;
import dev.tap.optimizer.org.OrgSummary;
import dev.tap.optimizer.org.Outcome;
import java.util.Locale;

/**
 * {@code org-summary.csv}: one row per account, region and family analysed, and one per
 * account-region that could not be read (family empty, with the reason), so a spreadsheet can pivot
 * savings by any of the three and filter the failures.
 */
final class OrgCsv {
  private OrgCsv() {}

  static final String HEADER = "account,account_name,region,status,family,resources,recommendations,planned,planned_monthly_usd,reason,code,message";

  static String of(OrgSummary s) {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (Outcome.Analysed a : s.analysed()) {
      for (FamilyFigures f : a.families()) {
        row(b, a, "analysed", f.family(), f.resources(), f.recommendations(), f.planned(), String.format(Locale.ROOT, "%.2f", f.plannedMonthly()), "", "", "");
      }
      if (a.families().isEmpty()) row(b, a, "analysed", "", 0, 0, 0, "0.00", "", "", "");
    }
    for (Outcome.Failed f : s.failed()) row(b, f, "failed", "", 0, 0, 0, "", f.reason().name(), f.code(), f.message());
    return b.toString();
  }

  private static void row(StringBuilder b, Outcome o, String status, String family, int resources, int recs, int planned, String usd, String reason,
      String code, String message) {
    b.append(o.where().account().id()).append(',').append(cell(o.where().account().name())).append(',').append(o.where().region()).append(',')
        .append(status).append(',').append(cell(family)).append(',').append(resources).append(',').append(recs).append(',').append(planned).append(',')
        .append(usd).append(',').append(reason).append(',').append(cell(code)).append(',').append(cell(message)).append('\n');
  }

  /** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet does not run it as a formula. */
  static String cell(String s) {
    if (s == null) return "";
    String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    return v.matches(".*[,\"\\n\\r].*") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }
}
