package dev.tap.optimizer.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.model.Plan;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** O5 in the workbook and the dashboard: the plan's purchase-option comparison, or why there is none. */
class PurchaseOptionsReportTest {
  @TempDir Path dir;

  // saas-03 (ASG m5.2xlarge x15): figures of the fixture, not prices; the 3-year plan is cheapest, and saas-05 lists no Savings Plan
  static final Map<String, Map<String, Double>> OPTIONS = Map.of(
      "saas-03", Map.of("on-demand", 4204.80, "reserved-1y-no-upfront", 2650.00, "savings-plan-compute-3y-all-upfront", 1900.00),
      "saas-05", Map.of("on-demand", 3600.36, "reserved-1y-no-upfront", 2400.00));

  private RunData run(Map<String, Map<String, Double>> options) {
    Plan plan = RunFixtures.plan().withPurchaseOptions(options);
    return RunData.planned(plan, RunFixtures.resources(), RunFixtures.metrics(), RunFixtures.spend(), RunFixtures.REPORT_TIME);
  }

  @Test
  void theWorkbookHasASheetRowPerActionWithOptions() throws Exception {
    Reports.writeAll(run(OPTIONS), dir, EnumSet.of(ReportFormat.XLSX), ReportProgress.silent());
    try (InputStream in = Files.newInputStream(dir.resolve("report.xlsx")); XSSFWorkbook wb = new XSSFWorkbook(in)) {
      XSSFSheet sh = wb.getSheet(PurchaseOptionsSheet.NAME);
      int first = PurchaseOptionsSheet.FIRST_OPTION_COLUMN;
      assertThat(sh.getRow(0).getCell(first).getStringCellValue()).startsWith("on-demand");
      assertThat(sh.getRow(0).getCell(first + 1).getStringCellValue()).startsWith("reserved-1y-no-upfront");
      assertThat(sh.getRow(0).getCell(first + 2).getStringCellValue()).startsWith("savings-plan-compute-3y-all-upfront");
      assertThat(sh.getRow(1).getCell(0).getStringCellValue()).isEqualTo("saas-03");
      assertThat(sh.getRow(1).getCell(first + 2).getNumericCellValue()).isEqualTo(1900.00);
      assertThat(sh.getRow(1).getCell(first + 3).getStringCellValue()).isEqualTo("savings-plan-compute-3y-all-upfront");
      assertThat(sh.getRow(1).getCell(first + 4).getNumericCellValue()).isEqualTo(4204.80 - 1900.00, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(sh.getRow(2).getCell(0).getStringCellValue()).isEqualTo("saas-05");
      assertThat(sh.getRow(2).getCell(first + 2).getStringCellValue()).isEqualTo("not sold / not listed");
      assertThat(sh.getRow(2).getCell(first + 3).getStringCellValue()).isEqualTo("reserved-1y-no-upfront");
      assertThat(sh.getPaneInformation()).isNotNull();
    }
  }

  @Test
  void theDashboardHasASection() throws Exception {
    Reports.writeAll(run(OPTIONS), dir, EnumSet.of(ReportFormat.HTML), ReportProgress.silent());
    String html = Files.readString(dir.resolve("dashboard.html"));
    String section = html.substring(html.indexOf("<section id=\"" + PurchaseOptionsSection.ID + "\">"));
    section = section.substring(0, section.indexOf("</section>"));
    assertThat(section).contains("<th class=\"r\">savings-plan-compute-3y-all-upfront</th>").contains("saas-03").contains("saas-05")
        .contains(ReportText.money(1900.00)).contains(ReportText.money(4204.80 - 1900.00)).contains("—");
  }

  @Test
  void withoutAComparisonBothSayWhy() throws Exception {
    Reports.writeAll(run(Map.of()), dir, EnumSet.of(ReportFormat.HTML, ReportFormat.XLSX), ReportProgress.silent());
    assertThat(Files.readString(dir.resolve("dashboard.html"))).contains(HtmlDashboard.esc(PurchaseOptions.NONE));
    try (InputStream in = Files.newInputStream(dir.resolve("report.xlsx")); XSSFWorkbook wb = new XSSFWorkbook(in)) {
      assertThat(wb.getSheet(PurchaseOptionsSheet.NAME).getRow(2).getCell(0).getStringCellValue()).isEqualTo(PurchaseOptions.NONE);
    }
  }
}
