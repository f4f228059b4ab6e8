package dev.tap.optimizer.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.ConfigKeys;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanJsonTest {

  static Plan samplePlan() {
    Action gsi = new Action("p1-a1", DynamoDbFamily.DYNAMODB_DELETE_GSI, "tenants", "us-east-1",
        Map.of(ConfigKeys.GSIS, "byEmail,byPlan"), Map.of(ConfigKeys.GSIS, "byEmail"), 120.5, 80.25,
        Action.Risk.LOW, 0.91,
        List.of(new Evidence("ConsumedReadCapacityUnits[byPlan]", "Sum/week", 60, 12, "<", 50, " queries")),
        new Backtest(60, 4.2, 4.2, 7.9, 7.9, 0.1, 0.1, 31.5, 0, true, "no capacity change"), "index byPlan is queried 12 times a week");
    Action writer = new Action("p3-a1", AuroraFamily.DB_INSTANCE_CLASS, "saas-aurora", "us-east-1",
        Map.of(ConfigKeys.INSTANCE_CLASS, "db.r6g.4xlarge"), Map.of(ConfigKeys.INSTANCE_CLASS, "db.r6g.xlarge"), 5000, 1250,
        Action.Risk.HIGH, 0.73, List.of(), new Backtest(60, 5, 9.5, 11, 19.25, 0.2, 0.3, 88.1, 3, false, "M/M/1"), "writer CPU p95 21 %");
    return new Plan(Plan.SCHEMA_VERSION, "plan-saas-20261130", "saas", "123456789012", "sim:saas",
        Instant.parse("2026-11-30T23:00:00Z"), Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-30T00:00:00Z"),
        "2025-06-01",
        List.of(new Phase(1, "DynamoDB", Duration.ofHours(48), List.of(gsi)), new Phase(3, "Databases", Duration.ofHours(48), List.of(writer))),
        List.of(new Plan.Skipped("tenant-a-table", "DynamoDB", "tagged TenantId=a (tenant-owned)")));
  }

  @Test
  void roundTripKeepsEveryField(@TempDir Path dir) {
    Plan plan = samplePlan();
    Path file = dir.resolve(PlanJson.FILE_NAME);
    PlanJson.write(plan, file);
    assertThat(PlanJson.read(file)).isEqualTo(plan);
    assertThat(dir.toFile().list()).containsExactly(PlanJson.FILE_NAME);
  }

  // O5: the purchase-option comparison travels with the plan; a plan without one (as every plan before it) has no such key and reads as none
  @Test
  void purchaseOptionsRoundTripAndOldPlansStillRead() {
    Plan without = samplePlan();
    String old = PlanJson.toJson(without);
    assertThat(old).doesNotContain("purchaseOptions");
    assertThat(PlanJson.parse(old, "old.json").purchaseOptions()).isEmpty();
    String id = without.actions().get(0).id();
    Plan with = without.withPurchaseOptions(java.util.Map.of(id, java.util.Map.of("on-demand", 100.0, "reserved-1y-no-upfront", 64.5)));
    String json = PlanJson.toJson(with);
    assertThat(json).contains("\"purchaseOptions\"");
    Plan back = PlanJson.parse(json, "plan.json");
    assertThat(back).isEqualTo(with);
    assertThat(back.purchaseOptions().get(id)).containsEntry("reserved-1y-no-upfront", 64.5);
    assertThat(back.withEnvironment("dev").purchaseOptions()).isEqualTo(with.purchaseOptions());
  }

  @Test
  void aValueNotMeasuredIsNullInJsonAndReadsBackAsNaN(@TempDir Path dir) {
    Plan sample = samplePlan();
    Action a = sample.phases().get(0).actions().get(0);
    Backtest b = a.backtest();
    Backtest noP99 = new Backtest(b.days(), b.baselineP95Ms(), b.predictedP95Ms(), Double.NaN, Double.NaN, b.baselineErrorRatePct(),
        b.predictedErrorRatePct(), b.predictedPeakUtilisationPct(), b.breachHours(), b.passed(), b.model());
    Action changed = new Action(a.id(), a.kind(), a.resourceId(), a.region(), a.before(), a.after(), a.monthlyCostBefore(),
        a.monthlyCostAfter(), a.risk(), a.confidence(), a.evidence(), noP99, a.rationale());
    Phase p1 = sample.phases().get(0);
    Plan plan = new Plan(sample.schemaVersion(), sample.id(), sample.blueprint(), sample.account(), sample.source(), sample.createdAt(),
        sample.lookbackStart(), sample.lookbackEnd(), sample.priceListDate(),
        List.of(new Phase(p1.number(), p1.name(), p1.observation(), List.of(changed)), sample.phases().get(1)), sample.skipped());
    String json = PlanJson.toJson(plan);
    assertThat(json).contains("\"baselineP99Ms\" : null").doesNotContain("NaN");
    Path file = dir.resolve(PlanJson.FILE_NAME);
    PlanJson.write(plan, file);
    Backtest read = PlanJson.read(file).phases().get(0).actions().get(0).backtest();
    assertThat(read.baselineP99Ms()).isNaN();
    assertThat(read.baselineP95Ms()).isEqualTo(b.baselineP95Ms());
  }

  @Test
  void fileNamesSchemaVersionAndHash() {
    String json = PlanJson.toJson(samplePlan());
    assertThat(json).contains("\"schemaVersion\" : 1").contains("\"contentSha256\" : \"" + PlanJson.contentSha256(samplePlan()) + "\"")
        .contains("\"observation\" : \"PT48H\"").contains("\"createdAt\" : \"2026-11-30T23:00:00Z\"");
  }

  @Test
  void reformattingIsNotAnEdit() {
    String json = PlanJson.toJson(samplePlan());
    String compact = json.replace("\n", "").replaceAll(" : ", ":").replaceAll(",\\s+", ",");
    assertThat(PlanJson.parse(compact, "compact.json")).isEqualTo(samplePlan());
  }

  @Test
  void editedContentIsDetected() {
    String json = PlanJson.toJson(samplePlan());
    String tampered = json.replace("\"db.r6g.xlarge\"", "\"db.r6g.large\"");
    assertThat(tampered).isNotEqualTo(json);
    assertThatThrownBy(() -> PlanJson.parse(tampered, "plan.json"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("was changed after 'tap plan' wrote it")
        .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT));
  }

  @Test
  void unknownSchemaVersionIsRefused() {
    String json = PlanJson.toJson(samplePlan()).replaceFirst("\"schemaVersion\" : 1", "\"schemaVersion\" : 2");
    assertThatThrownBy(() -> PlanJson.parse(json, "future.json"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("future.json has schemaVersion 2")
        .hasMessageContaining("reads schemaVersion 1 only");
  }

  @Test
  void malformedAndMissingFilesAreUserErrors(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> PlanJson.parse("{not json", "bad.json")).isInstanceOf(UserError.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> PlanJson.parse("[]", "arr.json")).isInstanceOf(UserError.class).hasMessageContaining("not a TAP plan");
    assertThatThrownBy(() -> PlanJson.read(dir.resolve("none.json"))).isInstanceOf(UserError.class).hasMessageContaining("does not exist");
    Files.writeString(dir.resolve("noversion.json"), "{\"plan\":{}}");
    assertThatThrownBy(() -> PlanJson.read(dir.resolve("noversion.json"))).isInstanceOf(UserError.class).hasMessageContaining("schemaVersion");
  }
}
