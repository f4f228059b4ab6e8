package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.error.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tap org} on the simulated organisation: the summary, the report's files, the failure path, and its usage errors. */
class OrgCommandTest {
  @TempDir Path dir;

  static final String TRADING = "111111111111";
  static final String SAAS = "222222222222";
  static final String STAGING = "333333333333";

  @Test
  void analyzeSimPrintsTheOrganisationSummaryAndWritesTheReportWithTheRefusingAccount() throws Exception {
    Path out = dir.resolve("org");
    AnalysisCommandsTest.Run r = AnalysisCommandsTest.tap("org", "analyze", "--sim", "--sim-refuse-role", STAGING, "--lookback-days", "14", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.FAILURE.code);
    assertThat(r.err()).contains("tap org analyze: 3 accounts x 1 region = 3 account-regions, 3 at a time")
        .contains(STAGING + " us-east-1: FAILED ROLE_NOT_ASSUMABLE (AccessDenied)").containsPattern("\\[\\d/3] " + SAAS + " us-east-1: analysed, \\d+ resources");
    assertThat(r.out()).contains("Account").contains(TRADING + "   trading").contains(SAAS + "   saas").contains("Total          3 accounts")
        .contains("Planned savings: ").contains("Could not be read (1):").contains(STAGING + " (staging) us-east-1: ROLE_NOT_ASSUMABLE (AccessDenied)")
        .contains("What to do: deploy the member role");

    JsonNode s = new ObjectMapper().readTree(out.resolve("org-summary.json").toFile());
    assertThat(s.get("analysed")).hasSize(2);
    assertThat(s.get("failed")).hasSize(1);
    assertThat(s.get("failed").get(0).get("reason").asText()).isEqualTo("ROLE_NOT_ASSUMABLE");
    // the totals are the accounts' sums, and the families' sums
    double accounts = 0;
    for (JsonNode a : s.get("accounts")) accounts += a.get("plannedMonthlyUsd").asDouble();
    double families = 0;
    for (JsonNode f : s.get("families")) families += f.get("plannedMonthlyUsd").asDouble();
    double total = s.get("total").get("plannedMonthlyUsd").asDouble();
    assertThat(total).isPositive().isCloseTo(accounts, within(0.02)).isCloseTo(families, within(0.05));
    assertThat(r.out()).contains(String.format(java.util.Locale.ROOT, "%,.2f USD/month", total));

    // each account-region's own files, and its outcome, beside the summary
    for (String id : List.of(TRADING, SAAS)) {
      Path d = out.resolve("accounts").resolve(id).resolve("us-east-1");
      assertThat(d.resolve("recommendations.json")).exists();
      assertThat(d.resolve("plan.json")).exists();
      assertThat(Files.readString(d.resolve("outcome.json"))).contains("\"status\" : \"analysed\"");
    }
    assertThat(Files.readString(out.resolve("accounts").resolve(STAGING).resolve("us-east-1").resolve("outcome.json"))).contains("ROLE_NOT_ASSUMABLE");

    List<String> csv = Files.readAllLines(out.resolve("org-summary.csv"));
    assertThat(csv.get(0)).isEqualTo("account,account_name,region,status,family,resources,recommendations,planned,planned_monthly_usd,reason,code,message");
    assertThat(csv).anyMatch(l -> l.startsWith(STAGING + ",staging,us-east-1,failed,,0,0,0,,ROLE_NOT_ASSUMABLE,AccessDenied,"));
    assertThat(csv).anyMatch(l -> l.startsWith(SAAS + ",saas,us-east-1,analysed,"));

    String html = Files.readString(out.resolve("org-dashboard.html"));
    assertThat(html).contains("<section id=\"organisation\">").contains("Savings by account").contains("Savings by region").contains("Savings by family")
        .contains("Could not be read").contains(STAGING).contains("href=\"accounts/" + SAAS + "/us-east-1/\"").doesNotContain("<script").doesNotContain("http");

    try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(out.resolve("org-summary.xlsx")))) {
      List<String> names = new ArrayList<>();
      wb.forEach(sh -> names.add(sh.getSheetName()));
      assertThat(names).containsExactly("Organisation", "By region", "By family", "Account-regions", "Not read");
      Sheet org = wb.getSheet("Organisation");
      assertThat(org.getRow(3).getCell(0).getStringCellValue()).isEqualTo("Planned savings (USD/mo)");
      assertThat(org.getRow(3).getCell(1).getNumericCellValue()).isCloseTo(total, within(0.01));
      Sheet notRead = wb.getSheet("Not read");
      assertThat(notRead.getRow(1).getCell(0).getStringCellValue()).isEqualTo(STAGING);
      assertThat(notRead.getRow(1).getCell(3).getStringCellValue()).isEqualTo("ROLE_NOT_ASSUMABLE");
    }
  }

  @Test
  void anAccountsAnalysisInTheOrganisationIsTheSameAsTapAnalyzeDiscoverOfThatAccount() throws Exception {
    Path accounts = Files.writeString(dir.resolve("accounts.txt"), "# the saas account only\n" + SAAS + "\n");
    Path out = dir.resolve("org");
    AnalysisCommandsTest.Run r = AnalysisCommandsTest.tap("org", "plan", "--sim", "--accounts", accounts.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Every account-region was read.");
    Path alone = dir.resolve("alone");
    AnalysisCommandsTest.Run a = AnalysisCommandsTest.tap("analyze", "--discover", "--sim", "saas", "--out", alone.toString());
    assertThat(a.code()).as(a.err()).isZero();
    // the same pipeline: the same recommendations, figure for figure
    assertThat(Files.readString(out.resolve("accounts").resolve(SAAS).resolve("us-east-1").resolve("recommendations.csv")))
        .isEqualTo(Files.readString(alone.resolve("recommendations.csv")));
  }

  @Test
  void anOptInRegionIsReportedAsNotEnabledInEveryAccountAndTheHomeRegionIsStillRead() throws Exception {
    Path out = dir.resolve("org");
    Path accounts = Files.writeString(dir.resolve("accounts.txt"), TRADING + "\n");
    AnalysisCommandsTest.Run r = AnalysisCommandsTest.tap("org", "snapshot", "--sim", "--accounts", accounts.toString(), "--regions", "us-east-1,me-south-1",
        "--lookback-days", "7", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.FAILURE.code);
    assertThat(r.out()).contains(TRADING + " (" + TRADING + ") me-south-1: REGION_NOT_ENABLED (not-opted-in)");
    // the snapshot of the region that was read analyses offline
    Path snap = out.resolve("accounts").resolve(TRADING).resolve("us-east-1");
    AnalysisCommandsTest.Run a = AnalysisCommandsTest.tap("analyze", "--snapshot", snap.toString());
    assertThat(a.code()).as(a.err()).isZero();
  }

  /** The EC2 family's findings become recommendations in the organisation report only when the plan may restart instances. */
  @Test
  void allowRestartGivesTheOrganisationsInstancesRecommendations() throws Exception {
    Path accounts = Files.writeString(dir.resolve("accounts.txt"), TRADING + "\n");
    JsonNode without = ec2Family(dir.resolve("without"), accounts);
    JsonNode with = ec2Family(dir.resolve("with"), accounts, "--allow-restart");
    assertThat(without.get("resources").asInt()).isPositive().isEqualTo(with.get("resources").asInt());
    assertThat(without.get("recommendations").asInt()).isZero();
    assertThat(with.get("recommendations").asInt()).isPositive();
    assertThat(with.get("planned").asInt()).isPositive();
  }

  /** The "EC2 instance" entry of org-summary.json's families after {@code tap org analyze --sim} of {@code accounts}. */
  static JsonNode ec2Family(Path out, Path accounts, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("org", "analyze", "--sim", "--accounts", accounts.toString(), "--lookback-days", "14", "--out", out.toString()));
    args.addAll(List.of(more));
    AnalysisCommandsTest.Run r = AnalysisCommandsTest.tap(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode ec2 = new ObjectMapper().readTree(out.resolve("org-summary.json").toFile()).get("families").get("EC2 instance");
    assertThat(ec2).as("EC2 instance in the families of " + out).isNotNull();
    return ec2;
  }

  /** The policy options are tap analyze's own: the same names and the same help text. */
  @Test
  void helpListsThePolicyOptionsAsTapAnalyzeDoes() {
    String analyze = AnalysisCommandsTest.tap("analyze", "--help").out();
    for (String verb : List.of("analyze", "plan", "snapshot")) {
      String org = AnalysisCommandsTest.tap("org", verb, "--help").out();
      for (String option : List.of("--allow-restart", "--allow-arch-change", "--profile=NAME", "--policy=FILE", "--lookback-days=DAYS", "--min-confidence=0..1")) {
        assertThat(helpOf(org, option)).as("tap org " + verb + " " + option).isNotEmpty().isEqualTo(helpOf(analyze, option));
      }
    }
  }

  /** An option's lines in a --help text: its own line and the indented continuation lines below it. */
  static String helpOf(String help, String option) {
    StringBuilder b = new StringBuilder();
    boolean in = false;
    for (String line : help.split("\n")) {
      String t = line.trim();
      if (t.startsWith("-")) in = t.startsWith(option + " ") || t.equals(option);
      else if (t.isEmpty()) in = false;
      if (in) b.append(t).append(' ');
    }
    return b.toString().trim();
  }

  @Test
  void usageErrorsNameTheOptionAndWhatToDo() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.txt"), "111111111111\n22222222222x\n");
    AnalysisCommandsTest.Run r = AnalysisCommandsTest.tap("org", "analyze", "--sim", "--accounts", bad.toString(), "--out", dir.resolve("o").toString());
    assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT.code);
    assertThat(r.err()).contains(bad + ":2: '22222222222x' is not an AWS account id");
    r = AnalysisCommandsTest.tap("org", "analyze", "--sim", "--accounts", bad.toString(), "--ou", "ou-1");
    assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT.code);
    assertThat(r.err()).contains("give one of them");
    r = AnalysisCommandsTest.tap("org", "analyze", "--sim-refuse-role", STAGING);
    assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT.code);
    assertThat(r.err()).contains("add --sim");
    r = AnalysisCommandsTest.tap("org", "analyze", "--sim", "--sim-refuse-role", TRADING);
    assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT.code);
    assertThat(r.err()).contains("management account");
    r = AnalysisCommandsTest.tap("org", "analyze", "--sim", "--parallel", "0");
    assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT.code);
    assertThat(r.err()).contains("--parallel 0 is out of range");
    r = AnalysisCommandsTest.tap("org", "analyze", "--sim", "--regions", "useast1");
    assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT.code);
    assertThat(r.err()).contains("--regions useast1 is not a region code");
  }

  @Test
  void theIamPolicyForOrgListsTheOrganisationAndAssumesTheNamedRole() throws Exception {
    AnalysisCommandsTest.Run r = AnalysisCommandsTest.tap("iam-policy", "--for", "org", "--role-name", "AuditRole");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.toString()).contains("organizations:ListAccounts").contains("organizations:ListAccountsForParent")
        .contains("organizations:ListOrganizationalUnitsForParent").contains("\"sts:AssumeRole\"").contains("arn:*:iam::*:role/AuditRole")
        .contains("cloudwatch:GetMetricData");
  }
}
