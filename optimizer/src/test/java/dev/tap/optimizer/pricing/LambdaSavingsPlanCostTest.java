package dev.tap.optimizer.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * O5 for Lambda: Compute Savings Plans discount the three GB-second charges, not requests; an option
 * lacking any of the three rates is absent. The discounted rates here are test inputs (a fixed share
 * of the bundled on-demand rate), not prices.
 */
class LambdaSavingsPlanCostTest {
  static final String REGION = "us-east-1";
  static final PriceList BUNDLED = PriceListFile.bundled();

  static CostModel withSavingsPlanRates(PurchaseOption option, double share, UnitRate... rates) {
    Map<UnitPriceKey, Rate> units = new LinkedHashMap<>(BUNDLED.units());
    for (UnitRate u : rates) {
      units.put(new UnitPriceKey(u, REGION, option), new Rate(BUNDLED.units().get(new UnitPriceKey(u, REGION)).usd() * share, "test"));
    }
    Map<String, String> sources = new LinkedHashMap<>(BUNDLED.sources());
    sources.put("test", "test fixture");
    return new CostModel(new PriceBook(new PriceList(BUNDLED.priceListDate(), "", PriceList.CURRENCY, sources, BUNDLED.instances(), units,
        BUNDLED.spotTrainingSavings()), "test list"));
  }

  // 10 M invocations of 200 ms at 1024 MB, provisioned concurrency 2: requests, provisioned GB-s and duration GB-s
  @ParameterizedTest(name = "{0} rates at {1} of on-demand -> option present {2}")
  @CsvSource({"3, 0.83, true", "3, 1.0, true", "2, 0.83, false", "0, 0.83, false"})
  void discountsGbSecondsNotRequests(int ratesListed, double share, boolean present) {
    UnitRate[] all = CostModel.LAMBDA_SAVINGS_PLAN_RATES.toArray(UnitRate[]::new);
    UnitRate[] listed = java.util.Arrays.copyOf(all, ratesListed);
    PurchaseOption option = PurchaseOption.SAVINGS_PLAN_COMPUTE_3Y_ALL_UPFRONT;
    CostModel model = withSavingsPlanRates(option, share, listed);
    Map<PurchaseOption, Double> costs = model.lambdaMonthlyByPurchaseOption(REGION, 10e6, 200, 1024, 2);
    assertThat(costs.containsKey(option)).isEqualTo(present);
    double onDemand = costs.get(PurchaseOption.ON_DEMAND);
    assertThat(onDemand).isCloseTo(model.lambdaMonthly(REGION, 10e6, 200, 1024, 2), within(1e-9));
    if (present) {
      double requests = 10e6 / 1e6 * BUNDLED.units().get(new UnitPriceKey(UnitRate.LAMBDA_REQUEST_MILLION, REGION)).usd();
      assertThat(costs.get(option)).isCloseTo(requests + (onDemand - requests) * share, within(1e-9));
    }
  }

  @org.junit.jupiter.api.Test
  void aSavingsPlanUnitRateSurvivesTheFileFormat() {
    PriceList list = withSavingsPlanRates(PurchaseOption.SAVINGS_PLAN_COMPUTE_1Y_NO_UPFRONT, 0.9, UnitRate.LAMBDA_GB_SECOND).book().list();
    PriceList back = PriceListFile.parse(PriceListFile.format(list), "round trip");
    UnitPriceKey key = new UnitPriceKey(UnitRate.LAMBDA_GB_SECOND, REGION, PurchaseOption.SAVINGS_PLAN_COMPUTE_1Y_NO_UPFRONT);
    assertThat(back.units().get(key)).isEqualTo(list.units().get(key));
    assertThat(back.units().get(new UnitPriceKey(UnitRate.LAMBDA_GB_SECOND, REGION))).isEqualTo(list.units().get(new UnitPriceKey(UnitRate.LAMBDA_GB_SECOND, REGION)));
  }
}
