package dev.tap.optimizer.report.org;

import dev.tap.optimizer.org.FamilyFigures;
import dev.tap.optimizer.org.OrgSummary;
import dev.tap.optimizer.org.Outcome;
import dev.tap.optimizer.report.PoiLogging;
import dev.tap.optimizer.report.XlsxReport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * {@code org-summary.xlsx}: the organisation sheet (totals and savings by account), then by region,
 * by family, each account-region, and the account-regions that could not be read and why. Money
 * cells are numbers formatted as USD, so the sheet sums and pivots.
 */
final class OrgSheet {
  private OrgSheet() {}

  static {
    PoiLogging.quiet();
  }

  static void write(OrgSummary s, OrgRunInfo info, OutputStream out) throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      CellStyle bold = wb.createCellStyle();
      Font f = wb.createFont();
      f.setBold(true);
      bold.setFont(f);
      CellStyle money = wb.createCellStyle();
      money.setDataFormat(wb.createDataFormat().getFormat("#,##0.00"));

      Sheet org = wb.createSheet("Organisation");
      int r = 0;
      text(org.createRow(r++), bold, "TAP organisation report: " + info.command());
      text(org.createRow(r++), null, info.source() + ", " + info.at() + ", regions " + String.join(", ", info.regions()) + ", role " + info.roleName());
      r++;
      OrgSummary.Total t = s.total();
      r = pair(org, r, bold, money, "Planned savings (USD/mo)", t.plannedMonthly());
      r = pair(org, r, bold, money, "Planned savings (USD/yr)", t.plannedAnnual());
      r = pair(org, r, bold, null, "Account-regions analysed", t.accountRegions());
      r = pair(org, r, bold, null, "Account-regions not read", s.failed().size());
      r = pair(org, r, bold, null, "Resources", t.resources());
      r = pair(org, r, bold, null, "Recommendations", t.recommendations());
      r = pair(org, r, bold, null, "Planned actions", t.planned());
      r++;
      text(org.createRow(r++), bold, "Account", "Name", "Regions analysed", "Failed regions", "Resources", "Recommendations", "Planned", "USD/mo");
      for (OrgSummary.AccountTotal a : s.accounts()) {
        Row row = org.createRow(r++);
        text(row, null, a.id(), a.name());
        nums(row, 2, null, a.total().accountRegions(), a.failedRegions(), a.total().resources(), a.total().recommendations(), a.total().planned());
        nums(row, 7, money, a.total().plannedMonthly());
      }
      widths(org, 24, 18, 16, 14, 10, 18, 10, 14);

      Sheet regions = wb.createSheet("By region");
      text(regions.createRow(0), bold, "Region", "Accounts analysed", "Resources", "Recommendations", "Planned", "USD/mo");
      int rr = 1;
      for (var e : s.regions().entrySet()) {
        Row row = regions.createRow(rr++);
        text(row, null, e.getKey());
        OrgSummary.Total rt = e.getValue();
        nums(row, 1, null, rt.accountRegions(), rt.resources(), rt.recommendations(), rt.planned());
        nums(row, 5, money, rt.plannedMonthly());
      }
      widths(regions, 16, 18, 10, 16, 10, 14);

      Sheet families = wb.createSheet("By family");
      text(families.createRow(0), bold, "Family", "Resources", "Recommendations", "Planned", "USD/mo");
      int fr = 1;
      for (FamilyFigures ff : s.families().values()) {
        Row row = families.createRow(fr++);
        text(row, null, ff.family());
        nums(row, 1, null, ff.resources(), ff.recommendations(), ff.planned());
        nums(row, 4, money, ff.plannedMonthly());
      }
      widths(families, 16, 10, 16, 10, 14);

      Sheet each = wb.createSheet("Account-regions");
      text(each.createRow(0), bold, "Account", "Name", "Region", "Family", "Resources", "Recommendations", "Planned", "USD/mo", "Detail", "Inventory problems");
      int er = 1;
      for (Outcome.Analysed a : s.analysed()) {
        for (FamilyFigures ff : a.families()) {
          Row row = each.createRow(er++);
          text(row, null, a.where().account().id(), a.where().account().name(), a.where().region(), ff.family());
          nums(row, 4, null, ff.resources(), ff.recommendations(), ff.planned());
          nums(row, 7, money, ff.plannedMonthly());
          row.createCell(8).setCellValue(a.detail());
          row.createCell(9).setCellValue(String.join("; ", a.problems()));
        }
      }
      widths(each, 16, 14, 12, 14, 10, 16, 10, 14, 36, 60);

      Sheet failed = wb.createSheet("Not read");
      text(failed.createRow(0), bold, "Account", "Name", "Region", "Reason", "AWS error code", "What to do", "Message");
      int nr = 1;
      for (Outcome.Failed x : s.failed()) {
        text(failed.createRow(nr++), null, x.where().account().id(), x.where().account().name(), x.where().region(), x.reason().name(), x.code(),
            x.reason().remedy, x.message());
      }
      widths(failed, 16, 14, 12, 22, 18, 50, 80);
      for (Sheet sheet : wb) XlsxReport.printOnPageWidth(sheet);
      wb.write(out);
    }
  }

  private static int pair(Sheet sh, int r, CellStyle bold, CellStyle style, String label, double v) {
    Row row = sh.createRow(r);
    text(row, bold, label);
    nums(row, 1, style, v);
    return r + 1;
  }

  private static void text(Row row, CellStyle style, String... values) {
    for (int i = 0; i < values.length; i++) {
      var c = row.createCell(i);
      c.setCellValue(values[i] == null ? "" : values[i]);
      if (style != null) c.setCellStyle(style);
    }
  }

  private static void nums(Row row, int from, CellStyle style, double... values) {
    for (int i = 0; i < values.length; i++) {
      var c = row.createCell(from + i);
      c.setCellValue(values[i]);
      if (style != null) c.setCellStyle(style);
    }
  }

  private static void widths(Sheet sh, int... chars) {
    for (int i = 0; i < chars.length; i++) sh.setColumnWidth(i, Math.min(255, chars[i]) * 256);
  }

  static List<String> sheetNames() {
    return List.of("Organisation", "By region", "By family", "Account-regions", "Not read");
  }
}
