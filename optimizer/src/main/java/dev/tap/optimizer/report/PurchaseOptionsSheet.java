package dev.tap.optimizer.report;

import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** The workbook's "Purchase options" sheet (SPEC O5, R1): {@link PurchaseOptions} as a table. */
final class PurchaseOptionsSheet {
  static final String NAME = "Purchase options";
  /** Columns before the options: action, resource, family, change. */
  static final int FIRST_OPTION_COLUMN = 4;

  private PurchaseOptionsSheet() {}

  static XSSFSheet add(RunView view, XSSFWorkbook wb) {
    PurchaseOptions p = PurchaseOptions.of(view);
    XSSFSheet sh = wb.createSheet(NAME);
    Font bold = wb.createFont();
    bold.setBold(true);
    CellStyle header = wb.createCellStyle();
    header.setFont(bold);
    header.setWrapText(true);
    header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
    header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
    CellStyle money = wb.createCellStyle();
    money.setDataFormat(wb.createDataFormat().getFormat("\"$\"#,##0.00"));
    CellStyle wrap = wb.createCellStyle();
    wrap.setWrapText(true);

    Row head = sh.createRow(0);
    String[] fixed = {"Action", "Resource", "Family", "Change"};
    for (int i = 0; i < fixed.length; i++) text(head, i, fixed[i], header);
    int c = FIRST_OPTION_COLUMN;
    for (String option : p.options()) text(head, c++, option + " (USD/month)", header);
    text(head, c, "Cheapest", header);
    text(head, c + 1, "Saves vs on-demand (USD/month)", header);
    head.setHeightInPoints(45);
    sh.createFreezePane(1, 1);

    int r = 1;
    for (PurchaseOptions.Row row : p.rows()) {
      Row x = sh.createRow(r++);
      var a = row.action().action();
      text(x, 0, a.id(), null);
      text(x, 1, a.resourceId(), null);
      text(x, 2, row.action().family(), null);
      text(x, 3, row.action().change(), wrap);
      c = FIRST_OPTION_COLUMN;
      for (String option : p.options()) {
        Double usd = row.monthly().get(option);
        if (usd == null) text(x, c++, "not sold / not listed", null);
        else number(x, c++, usd, money);
      }
      Map.Entry<String, Double> best = row.cheapest();
      text(x, c, best.getKey(), null);
      if (row.onDemand() != null) number(x, c + 1, row.onDemand() - best.getValue(), money);
    }
    // the note spans the table, wrapped, so it prints whole instead of running off the page
    Row note = sh.createRow(r + 1);
    text(note, 0, p.rows().isEmpty() ? PurchaseOptions.NONE : PurchaseOptions.NOTE, wrap);
    int lastCol = FIRST_OPTION_COLUMN + Math.max(0, p.options().size() - 1);
    sh.addMergedRegion(new org.apache.poi.ss.util.CellRangeAddress(r + 1, r + 1, 0, lastCol));
    note.setHeightInPoints(4 * sh.getDefaultRowHeightInPoints());
    sh.setColumnWidth(0, 12 * 256);
    sh.setColumnWidth(1, 30 * 256);
    sh.setColumnWidth(2, 12 * 256);
    sh.setColumnWidth(3, 40 * 256);
    for (int i = 0; i < p.options().size() + 2; i++) sh.setColumnWidth(FIRST_OPTION_COLUMN + i, 18 * 256);
    return sh;
  }

  private static void text(Row row, int c, String v, CellStyle style) {
    Cell cell = row.createCell(c);
    cell.setCellValue(v);
    if (style != null) cell.setCellStyle(style);
  }

  private static void number(Row row, int c, double v, CellStyle style) {
    Cell cell = row.createCell(c);
    cell.setCellValue(v);
    cell.setCellStyle(style);
  }
}
