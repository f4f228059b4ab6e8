package dev.tap.optimizer.report.org;

import dev.tap.optimizer.org.FamilyFigures;
import dev.tap.optimizer.org.OrgSummary;
import dev.tap.optimizer.org.Outcome;
import java.util.Locale;
import java.util.Map;

/**
 * {@code org-dashboard.html}: the organisation section, offline (no script, no external file):
 * totals, savings by account, region and family with bars drawn in CSS, the account-regions that
 * could not be read and why, and links to each account-region's own files.
 */
final class OrgDashboard {
  private OrgDashboard() {}

  static String of(OrgSummary s, OrgRunInfo info) {
    StringBuilder p = new StringBuilder(8192);
    p.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>TAP organisation report</title>\n<style>").append(CSS)
        .append("</style>\n</head>\n<body>\n<section id=\"organisation\">\n");
    p.append("<h1>Organisation <span>").append(esc(info.command())).append("</span></h1>\n<p class=\"meta\">").append(esc(info.source())).append(" &middot; ")
        .append(esc(info.at().toString())).append(" &middot; regions ").append(esc(String.join(", ", info.regions()))).append(" &middot; role ")
        .append(esc(info.roleName())).append("</p>\n");
    OrgSummary.Total t = s.total();
    p.append("<div class=\"cards\">");
    card(p, "Planned savings", usd(t.plannedMonthly()) + " /mo", usd(t.plannedAnnual()) + " /yr");
    card(p, "Account-regions analysed", Integer.toString(t.accountRegions()), t.resources() + " resources");
    card(p, "Recommendations", Integer.toString(t.recommendations()), t.planned() + " in the plans");
    card(p, "Could not be read", Integer.toString(s.failed().size()), s.failed().isEmpty() ? "none" : "see below");
    p.append("</div>\n");

    double max = Math.max(1e-9, s.accounts().stream().mapToDouble(a -> a.total().plannedMonthly()).max().orElse(0));
    p.append("<h2>Savings by account</h2>\n<table><thead><tr><th>Account</th><th>Name</th><th>Regions analysed</th><th>Failed regions</th>"
        + "<th>Resources</th><th>Planned</th><th class=\"num\">USD/mo</th><th></th></tr></thead><tbody>\n");
    for (OrgSummary.AccountTotal a : s.accounts()) {
      p.append("<tr><td>").append(a.id()).append("</td><td>").append(esc(a.name())).append("</td><td>").append(a.total().accountRegions())
          .append("</td><td>").append(a.failedRegions()).append("</td><td>").append(a.total().resources()).append("</td><td>").append(a.total().planned())
          .append("</td><td class=\"num\">").append(usd(a.total().plannedMonthly())).append("</td><td>").append(bar(a.total().plannedMonthly(), max))
          .append("</td></tr>\n");
    }
    p.append("</tbody></table>\n");
    totals(p, "Savings by region", "Region", s.regions());
    double fmax = Math.max(1e-9, s.families().values().stream().mapToDouble(FamilyFigures::plannedMonthly).max().orElse(0));
    p.append("<h2>Savings by family</h2>\n<table><thead><tr><th>Family</th><th>Resources</th><th>Recommendations</th><th>Planned</th>"
        + "<th class=\"num\">USD/mo</th><th></th></tr></thead><tbody>\n");
    s.families().forEach((f, ff) -> p.append("<tr><td>").append(esc(f)).append("</td><td>").append(ff.resources()).append("</td><td>")
        .append(ff.recommendations()).append("</td><td>").append(ff.planned()).append("</td><td class=\"num\">").append(usd(ff.plannedMonthly()))
        .append("</td><td>").append(bar(ff.plannedMonthly(), fmax)).append("</td></tr>\n"));
    p.append("</tbody></table>\n");

    p.append("<h2 id=\"failed\">Could not be read</h2>\n");
    if (s.failed().isEmpty()) {
      p.append("<p>Every account-region was read.</p>\n");
    } else {
      p.append("<table><thead><tr><th>Account</th><th>Region</th><th>Reason</th><th>AWS error code</th><th>What to do</th><th>Message</th></tr></thead><tbody>\n");
      for (Outcome.Failed f : s.failed()) {
        p.append("<tr class=\"failed\"><td>").append(f.where().account().id()).append(" (").append(esc(f.where().account().name())).append(")</td><td>")
            .append(esc(f.where().region())).append("</td><td>").append(f.reason().name()).append(": ").append(esc(f.reason().meaning)).append("</td><td>")
            .append(esc(f.code())).append("</td><td>").append(esc(f.reason().remedy)).append("</td><td>").append(esc(f.message())).append("</td></tr>\n");
      }
      p.append("</tbody></table>\n");
    }
    p.append("<h2>Each account-region</h2>\n<table><thead><tr><th>Account</th><th>Region</th><th>Resources</th><th class=\"num\">USD/mo</th>"
        + "<th>Inventory problems</th><th>Detail</th></tr></thead><tbody>\n");
    for (Outcome.Analysed a : s.analysed()) {
      p.append("<tr><td>").append(a.where().account().id()).append("</td><td>").append(esc(a.where().region())).append("</td><td>").append(a.resources())
          .append("</td><td class=\"num\">").append(usd(a.plannedMonthly())).append("</td><td>").append(esc(String.join("; ", a.problems())))
          .append("</td><td><a href=\"").append(esc(a.detail())).append("/\">").append(esc(a.detail())).append("</a></td></tr>\n");
    }
    p.append("</tbody></table>\n</section>\n</body>\n</html>\n");
    return p.toString();
  }

  private static void totals(StringBuilder p, String title, String what, Map<String, OrgSummary.Total> rows) {
    double max = Math.max(1e-9, rows.values().stream().mapToDouble(OrgSummary.Total::plannedMonthly).max().orElse(0));
    p.append("<h2>").append(title).append("</h2>\n<table><thead><tr><th>").append(what)
        .append("</th><th>Accounts analysed</th><th>Resources</th><th>Planned</th><th class=\"num\">USD/mo</th><th></th></tr></thead><tbody>\n");
    rows.forEach((k, t) -> p.append("<tr><td>").append(esc(k)).append("</td><td>").append(t.accountRegions()).append("</td><td>").append(t.resources())
        .append("</td><td>").append(t.planned()).append("</td><td class=\"num\">").append(usd(t.plannedMonthly())).append("</td><td>")
        .append(bar(t.plannedMonthly(), max)).append("</td></tr>\n"));
    p.append("</tbody></table>\n");
  }

  private static void card(StringBuilder p, String title, String value, String sub) {
    p.append("<div class=\"card\"><div class=\"t\">").append(esc(title)).append("</div><div class=\"v\">").append(esc(value)).append("</div><div class=\"s\">")
        .append(esc(sub)).append("</div></div>");
  }

  private static String bar(double v, double max) {
    return "<div class=\"bar\" style=\"width:" + String.format(Locale.ROOT, "%.1f", Math.max(0, v) / max * 100) + "%\"></div>";
  }

  static String usd(double v) {
    return String.format(Locale.ROOT, "%,.2f USD", v);
  }

  static String esc(String s) {
    if (s == null) return "";
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;padding:0 28px 28px;color:#1f2933;background:#f5f7fa}
      h1{margin:20px 0 4px;font-size:24px} h1 span{font-weight:400;color:#52606d} .meta{margin:0;color:#52606d;font-size:13px}
      h2{font-size:17px;margin:24px 0 8px}
      .cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
      .card{background:#fff;border-radius:6px;padding:10px 14px;min-width:170px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
      .card .t{font-size:12px;color:#52606d}.card .v{font-size:20px;font-weight:600}.card .s{font-size:12px;color:#7b8794}
      table{border-collapse:collapse;background:#fff;font-size:13px;width:100%}
      th,td{padding:5px 8px;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top} th{background:#e4e7eb}
      .num{text-align:right;white-space:nowrap} .bar{height:10px;background:#3e7cb1;border-radius:2px;min-width:1px}
      tr.failed td{background:#fff5f5}
      """;
}
