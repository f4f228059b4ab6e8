package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.family.Stage;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.sagemaker.SageMakerFamily;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.plan.PlanJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The analysis commands through {@link TapCli#newCommandLine()}, on the simulated accounts. */
class AnalysisCommandsTest {

  record Run(int code, String out, String err) {}

  static Run tap(String... args) {
    CommandLine cl = TapCli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void demoWritesTheThreeFilesAndSaysWhere(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("tap-demo");
    Run r = tap("demo", "--out", out.toString(), "--inject-breach", "none");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(out.resolve("recommendations.csv")).exists();
    assertThat(out.resolve("recommendations.json")).exists();
    assertThat(out.resolve("plan.json")).exists();
    for (String f : List.of("tap-state.db", "report/report.xlsx", "report/dashboard.html", "report/recommendations.csv", "report/run.json", "ml/ml-report.ipynb", "ml/ml-run.json")) {
      assertThat(out.resolve(f)).as(f).isNotEmptyFile();
    }
    assertThat(r.out()).contains("The demo's files are in " + out.toAbsolutePath().normalize())
        .contains("simulated trading account").contains("Recommendations (").contains("Plan plan-trading-");
    Plan plan = PlanJson.read(out.resolve("plan.json"));
    assertThat(plan.blueprint()).isEqualTo("trading");
    assertThat(plan.actions()).isNotEmpty();
    assertThat(plan.skipped()).anySatisfy(s -> assertThat(s.reason()).contains("SPEC O6"));
    // phase order: the names of the plan's phases appear in the fixed order
    List<String> order = List.of(Stage.RESTORE.name(), SageMakerFamily.STAGE.name(), DynamoDbFamily.STAGE.name(), Stage.COMPUTE.name(), Stage.DATABASES.name());
    List<Integer> idx = plan.phases().stream().map(p -> order.indexOf(p.name())).toList();
    assertThat(idx).isSorted().doesNotContain(-1);
    List<String> csv = Files.readAllLines(out.resolve("recommendations.csv"));
    assertThat(csv.get(0)).startsWith("action_id,phase,phase_name,status");
    JsonNode json = new ObjectMapper().readTree(out.resolve("recommendations.json").toFile());
    assertThat(json.get("recommendations").size()).isEqualTo(csv.size() - 1);
    assertThat(json.get("priceList").asText()).contains("2025-06-01");
    assertThat(dir.toFile().list()).containsExactly("tap-demo"); // no temporary files left behind
  }

  @Test
  void analyzeSaasAndStagingSimulations() {
    Run saas = tap("analyze", "--sim", "--profile", "saas");
    assertThat(saas.code()).as(saas.err()).isZero();
    assertThat(saas.out()).contains("simulated saas account").contains("lookback 60 days").contains("DYNAMODB_DELETE_GSI".isEmpty() ? "" : "gsis");
    Run staging = tap("analyze", "--sim", "staging");
    assertThat(staging.code()).as(staging.err()).isZero();
    assertThat(staging.out()).contains("simulated staging account").contains("profile staging").contains("lookback 45 days").contains("memoryMb");
  }

  @Test
  void planJsonOnStdoutIsAValidPlanFile() {
    Run r = tap("plan", "--sim", "saas", "--format", "json", "--min-confidence", "0.8");
    assertThat(r.code()).as(r.err()).isZero();
    Plan plan = PlanJson.parse(r.out(), "stdout");
    assertThat(plan.actions()).allSatisfy(a -> assertThat(a.confidence()).isGreaterThanOrEqualTo(0.8));
    assertThat(plan.blueprint()).isEqualTo("saas");
  }

  @Test
  void snapshotIsAnalysedOfflineToTheSamePlan(@TempDir Path dir) {
    Path snap = dir.resolve("snap");
    assertThat(tap("snapshot", "--sim", "staging", "--out", snap.toString()).code()).isZero();
    Run offline = tap("plan", "--snapshot", snap.toString(), "--format", "json");
    Run live = tap("plan", "--sim", "staging", "--format", "json");
    assertThat(offline.code()).as(offline.err()).isZero();
    Plan a = PlanJson.parse(offline.out(), "offline");
    Plan b = PlanJson.parse(live.out(), "live");
    assertThat(a.actions()).extracting(x -> x.resourceId() + " " + x.kind() + " " + x.after())
        .isEqualTo(b.actions().stream().map(x -> x.resourceId() + " " + x.kind() + " " + x.after()).toList());
    Run wrongDays = tap("plan", "--snapshot", snap.toString(), "--lookback-days", "30");
    assertThat(wrongDays.code()).isEqualTo(2);
    assertThat(wrongDays.err()).contains("covers 45 days");
    assertThat(tap("plan", "--snapshot", dir.resolve("none").toString()).code()).isEqualTo(2);
  }

  @Test
  void badInputExitsWithTwoAndSaysWhatToDo(@TempDir Path dir) throws Exception {
    Run profile = tap("analyze", "--profile", "prod");
    assertThat(profile.code()).isEqualTo(2);
    assertThat(profile.err()).contains("unknown blueprint 'prod'");

    Run unknownProfile = tap("analyze", "--sim", "trading", "--profile", "prod");
    assertThat(unknownProfile.code()).isEqualTo(2);
    assertThat(unknownProfile.err()).contains("unknown policy profile 'prod'").contains("trading, saas, staging");

    Run outputs = tap("analyze", "--outputs", dir.resolve("missing.json").toString());
    assertThat(outputs.code()).isEqualTo(2);
    assertThat(outputs.err()).contains("does not exist");

    Path malformed = dir.resolve("outputs.json");
    Files.writeString(malformed, "{\"TapStack\": ");
    Run bad = tap("plan", "--outputs", malformed.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("not valid JSON");

    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "redis:\n  memoryMaxPct: 150\n");
    Run pol = tap("analyze", "--policy", policy.toString());
    assertThat(pol.code()).isEqualTo(2);
    assertThat(pol.err()).contains(policy.toString()).contains("redis.memoryMaxPct").contains("0 to 100");

    assertThat(tap("analyze", "--lookback-days", "500").code()).isEqualTo(2);
    assertThat(tap("analyze", "--lookback-days", "120").err()).contains("holds 90 days");
    assertThat(tap("analyze", "--min-confidence", "1.5").code()).isEqualTo(2);
    assertThat(tap("analyze", "--sim", "saas", "--outputs", "x.json").err()).contains("choose one source");
    assertThat(tap("analyze", "--format", "xml").code()).isEqualTo(2);
  }

  @Test
  void outputDirectoryThatCannotBeWrittenLeavesNothing(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("not-a-dir");
    Files.writeString(file, "x");
    Run r = tap("plan", "--sim", "staging", "--out", file.resolve("sub").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no output file was changed");
    assertThat(dir.toFile().list()).containsExactly("not-a-dir");
  }

  @Test
  void topLevelHelpListsEveryCommandWithItsOneLineSummary() {
    Run r = tap("--help");
    assertThat(r.code()).isZero();
    java.util.Set<String> commands = new java.util.TreeSet<>(TapCli.newCommandLine().getSubcommands().keySet());
    commands.remove("help");
    assertThat(TapCli.SUMMARIES.keySet()).containsExactlyInAnyOrderElementsOf(commands);
    TapCli.SUMMARIES.forEach((name, summary) -> assertThat(r.out()).contains(summary));
  }
}
