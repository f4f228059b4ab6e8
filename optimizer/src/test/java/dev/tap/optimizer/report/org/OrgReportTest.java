package dev.tap.optimizer.report.org;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.org.AccountRegion;
import dev.tap.optimizer.org.FailureReason;
import dev.tap.optimizer.org.FamilyFigures;
import dev.tap.optimizer.org.MemberAccount;
import dev.tap.optimizer.org.OrgSummary;
import dev.tap.optimizer.org.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The organisation report's files from outcomes; what users paste into spreadsheets and browsers is escaped. */
class OrgReportTest {
  @TempDir Path dir;

  static final MemberAccount A = new MemberAccount("111111111111", "pay<ments>");
  static final MemberAccount B = new MemberAccount("222222222222", "=HYPERLINK(\"x\")");

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "plain|plain",
      "a,b|\"a,b\"",
      "say \"hi\"|\"say \"\"hi\"\"\"",
      "=1+2|'=1+2",
      "+1|'+1",
      "-1|'-1",
      "@x|'@x",
      "x=1|x=1"})
  void csvCellsAreQuotedAndFormulasDefused(String value, String cell) {
    assertThat(OrgCsv.cell(value)).isEqualTo(cell);
  }

  @Test
  void writesTheFourFilesAndEachOutcomeBesideItsDetail() throws Exception {
    Outcome.Analysed a = new Outcome.Analysed(new AccountRegion(A, "us-east-1"), List.of(new FamilyFigures("Redis", 2, 1, 1, 1234.5)),
        List.of("DAX in us-east-1 skipped: AWS denied dax:DescribeClusters"), "accounts/111111111111/us-east-1");
    Outcome.Failed f = new Outcome.Failed(new AccountRegion(B, "eu-west-1"), FailureReason.REGION_NOT_ENABLED, "not-opted-in", "<opt-in>");
    Path outcome = OrgReport.writeOutcome(dir, f);
    assertThat(outcome).isEqualTo(dir.resolve("accounts/222222222222/eu-west-1/outcome.json"));
    assertThat(Files.readString(outcome)).contains("\"reason\" : \"REGION_NOT_ENABLED\"").contains("\"remedy\" : \"enable the region");

    List<Path> files = OrgReport.write(dir, OrgSummary.of(List.of(a, f)),
        new OrgRunInfo("tap org analyze", "test", Instant.parse("2026-12-07T12:00:00Z"), List.of("us-east-1", "eu-west-1"), "TapMemberRole"));
    assertThat(files).extracting(p -> p.getFileName().toString())
        .containsExactly("org-summary.xlsx", "org-dashboard.html", "org-summary.json", "org-summary.csv");
    String html = Files.readString(dir.resolve("org-dashboard.html"));
    assertThat(html).contains("pay&lt;ments&gt;").doesNotContain("pay<ments>").contains("&lt;opt-in&gt;").contains("1,234.50 USD")
        .contains("REGION_NOT_ENABLED").contains("DAX in us-east-1 skipped");
    assertThat(Files.readAllLines(dir.resolve("org-summary.csv"))).containsExactly(OrgCsv.HEADER,
        "111111111111,pay<ments>,us-east-1,analysed,Redis,2,1,1,1234.50,,,",
        "222222222222,\"'=HYPERLINK(\"\"x\"\")\",eu-west-1,failed,,0,0,0,,REGION_NOT_ENABLED,not-opted-in,<opt-in>");
    assertThat(Files.readString(dir.resolve("org-summary.json"))).contains("\"plannedMonthlyUsd\" : 1234.5").contains("\"plannedAnnualUsd\" : 14814.0")
        .contains("\"failedAccountRegions\" : 1");
  }
}
