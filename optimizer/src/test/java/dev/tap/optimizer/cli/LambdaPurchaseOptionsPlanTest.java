package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.plan.PlanJson;
import dev.tap.optimizer.pricing.PriceList;
import dev.tap.optimizer.pricing.PriceListFile;
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.pricing.Rate;
import dev.tap.optimizer.pricing.UnitPriceKey;
import dev.tap.optimizer.pricing.UnitRate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * O5 end to end on the simulated staging account: with Lambda Compute Savings Plans rates in the
 * price list (test inputs: 0.83 of each on-demand GB-second rate for the 3-year all-upfront plan),
 * the plan's Lambda memory cuts carry the comparison in plan.json; with the bundled list (no Lambda
 * rates) they carry none.
 */
class LambdaPurchaseOptionsPlanTest {
  static final String OPTION = PurchaseOption.SAVINGS_PLAN_COMPUTE_3Y_ALL_UPFRONT.id;

  static Path listWithLambdaRates(Path dir) throws Exception {
    PriceList bundled = PriceListFile.bundled();
    Map<UnitPriceKey, Rate> units = new LinkedHashMap<>(bundled.units());
    for (UnitRate u : List.of(UnitRate.LAMBDA_GB_SECOND, UnitRate.LAMBDA_PROVISIONED_GB_SECOND, UnitRate.LAMBDA_PROVISIONED_DURATION_GB_SECOND)) {
      Rate od = bundled.units().get(new UnitPriceKey(u, "us-east-1"));
      units.put(new UnitPriceKey(u, "us-east-1", PurchaseOption.SAVINGS_PLAN_COMPUTE_3Y_ALL_UPFRONT), new Rate(od.usd() * 0.83, "test"));
    }
    Map<String, String> sources = new LinkedHashMap<>(bundled.sources());
    sources.put("test", "test fixture: 0.83 x on-demand, not a price");
    Path file = dir.resolve("prices.json");
    PriceListFile.writeAtomically(new PriceList(bundled.priceListDate(), bundled.dateMeaning(), bundled.currency(), sources, bundled.instances(), units,
        bundled.spotTrainingSavings()), file);
    return file;
  }

  static Plan plan(Path dir, String... prices) {
    Path out = dir.resolve("out-" + prices.length);
    List<String> args = new java.util.ArrayList<>(List.of("plan", "--sim", "staging", "--out", out.toString()));
    args.addAll(List.of(prices));
    AnalysisCommandsTest.Run r = AnalysisCommandsTest.tap(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    return PlanJson.read(out.resolve(PlanJson.FILE_NAME));
  }

  @Test
  void lambdaMemoryCutsCarryTheirSavingsPlanComparisonInThePlan(@TempDir Path dir) throws Exception {
    Plan with = plan(dir, "--prices", listWithLambdaRates(dir).toString());
    List<Action> cuts = with.actions().stream().filter(a -> a.kind().name().equals("LAMBDA_MEMORY")).toList();
    assertThat(cuts).isNotEmpty();
    for (Action a : cuts) {
      Map<String, Double> options = with.purchaseOptions().get(a.id());
      assertThat(options).as(a.id()).containsOnlyKeys("on-demand", OPTION);
      assertThat(options.get("on-demand")).isEqualTo(a.monthlyCostAfter(), org.assertj.core.data.Offset.offset(1e-6));
      // requests stay on-demand: the plan saves less than 17 % of the whole cost, and more than nothing
      assertThat(options.get(OPTION)).isLessThan(options.get("on-demand")).isGreaterThan(options.get("on-demand") * 0.83);
    }
    Plan without = plan(dir);
    cuts.forEach(a -> assertThat(without.purchaseOptions()).doesNotContainKey(a.id()));
    assertThat(Files.readString(dir.resolve("out-0").resolve(PlanJson.FILE_NAME))).contains("\"purchaseOptions\"")
        .as("the staging ASG's c5 rates are bundled");
  }
}
