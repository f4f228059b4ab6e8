package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tap.optimizer.aws.MotoServer;
import dev.tap.optimizer.aws.TestCredentials;
import dev.tap.optimizer.plan.PlanJson;
import dev.tap.optimizer.report.JsonReport;
import dev.tap.optimizer.report.ReportText;
import dev.tap.optimizer.report.RunFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tap report} of a real account's plan shows Cost Explorer's actual spend (SPEC O8), here served by moto. */
@ExtendWith(MotoServer.Extension.class)
@ExtendWith(TestCredentials.class)
class ReportSpendMotoTest {
  @TempDir Path dir;

  @Test
  void theReportOfARealAccountsPlanShowsCostExplorersSpend(MotoServer moto) throws Exception {
    moto.post("/moto-api/static/ce/cost-and-usage-results", """
        {"results": [{"GroupDefinitions": [{"Type": "DIMENSION", "Key": "SERVICE"}], "ResultsByTime": [
          {"TimePeriod": {"Start": "2026-10-01", "End": "2026-11-01"}, "Total": {}, "Estimated": false, "Groups": [
            {"Keys": ["Amazon ElastiCache"], "Metrics": {"UnblendedCost": {"Amount": "63544.80", "Unit": "USD"}}},
            {"Keys": ["Amazon DynamoDB"], "Metrics": {"UnblendedCost": {"Amount": "812.25", "Unit": "USD"}}}]}]}]}
        """);
    Path plan = dir.resolve("plan.json");
    PlanJson.write(RunFixtures.plan(), plan);  // made from cfn-outputs/flat-outputs.json: a real account
    Path reports = dir.resolve("reports");

    CommandLine cl = TapCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("report", "--plan", plan.toString(), "--out", reports.toString(), "--format", "json,html",
        "--endpoint-url", moto.endpoint().toString());

    assertThat(code).as(err.toString()).isZero();
    JsonNode doc = JsonReport.read(Files.readString(reports.resolve("run.json")));
    assertThat(doc.at("/actualSpend/available").asBoolean()).as(doc.at("/actualSpend/reason").asText()).isTrue();
    assertThat(doc.at("/actualSpend/rows").findValuesAsText("service")).containsExactly("Amazon ElastiCache", "Amazon DynamoDB");
    assertThat(doc.at("/actualSpend/rows/0/amount").asDouble()).isEqualTo(63544.80);
    assertThat(Files.readString(reports.resolve("dashboard.html"))).contains("Actual spend").contains(ReportText.money(63544.80 + 812.25))
        .doesNotContain("actual spend unavailable");
  }
}
