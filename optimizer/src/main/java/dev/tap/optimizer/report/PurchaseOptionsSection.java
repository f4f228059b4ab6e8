package dev.tap.optimizer.report;

import static dev.tap.optimizer.report.HtmlDashboard.esc;

import java.util.Map;

/** The dashboard's "Purchase options" section (SPEC O5, R2): {@link PurchaseOptions} as a table. */
final class PurchaseOptionsSection {
  static final String ID = "purchase-options";

  private PurchaseOptionsSection() {}

  static void append(RunView view, StringBuilder page) {
    PurchaseOptions p = PurchaseOptions.of(view);
    page.append("<section id=\"").append(ID).append("\"><h2>Purchase options</h2>\n");
    if (p.rows().isEmpty()) {
      page.append("<p class=\"empty\">").append(esc(PurchaseOptions.NONE)).append("</p></section>\n");
      return;
    }
    page.append("<p>").append(esc(PurchaseOptions.NOTE)).append("</p>\n<table><thead><tr><th>Action</th><th>Resource</th><th>Change</th>");
    for (String option : p.options()) page.append("<th class=\"r\">").append(esc(option)).append("</th>");
    page.append("<th>Cheapest</th><th class=\"r\">Saves vs on-demand</th></tr></thead><tbody>\n");
    for (PurchaseOptions.Row row : p.rows()) {
      var a = row.action().action();
      page.append("<tr><td>").append(esc(a.id())).append("</td><td>").append(esc(a.resourceId())).append(" <small>").append(esc(row.action().family()))
          .append("</small></td><td>").append(esc(row.action().change())).append("</td>");
      for (String option : p.options()) {
        Double usd = row.monthly().get(option);
        page.append("<td class=\"r\">").append(usd == null ? "—" : esc(ReportText.money(usd))).append("</td>");
      }
      Map.Entry<String, Double> best = row.cheapest();
      page.append("<td>").append(esc(best.getKey())).append("</td><td class=\"r\">")
          .append(row.onDemand() == null ? "" : esc(ReportText.money(row.onDemand() - best.getValue()))).append("</td></tr>\n");
    }
    page.append("</tbody></table></section>\n");
  }
}
