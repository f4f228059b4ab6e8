package dev.tap.optimizer.family;

import static dev.tap.optimizer.model.ConfigKeys.*;
import static dev.tap.optimizer.rules.MetricsFixture.constant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbMetrics;
import dev.tap.optimizer.family.dynamodb.DynamoDbRules;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.rules.MetricsFixture;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC O3 (on-demand when consumed < 20 % for 30+ days) and O4 phase 1 (GSIs, streams, consolidation). */
class DynamoDbRulesTest {
  static final Policy TRADING = PolicyLoader.profile("trading");
  static final Policy SAAS = PolicyLoader.profile("saas");

  static Resource table(Map<String, String> extra) {
    Map<String, String> c = new HashMap<>(Map.of(BILLING_MODE, "PAY_PER_REQUEST", GSIS, "", STREAM_ENABLED, "false"));
    c.putAll(extra);
    return MetricsFixture.resource("tap-dev-trades", DynamoDbFamily.DYNAMODB, c);
  }

  static List<Proposal> of(RuleResult r, ActionKind k) {
    return r.proposals().stream().filter(p -> p.kind() == k).toList();
  }

  // issue 15: provisioned tables far below their capacity that do not qualify for on-demand get a right-sizing finding
  @ParameterizedTest(name = "provisioned, peak hour {0} % of capacity on busy days -> right-size finding {1}")
  @CsvSource({"49.9, true", "50.0, false", "30, true"})
  void provisionedTablesBelowHalfTheirCapacityAreRightSized(double peakPct, boolean finding) {
    Resource r = table(Map.of(BILLING_MODE, "PROVISIONED", READ_CAPACITY, "1000", WRITE_CAPACITY, "500"));
    var m = MetricsFixture.of(r, 90)
        .hourly(DynamoDbRules.CONSUMED_READ, "Sum", h -> peakPct / 100 * 1000 * 3600 * (h % 24 == 14 ? 1 : 0.5))
        .hourly(DynamoDbRules.CONSUMED_WRITE, "Sum", h -> peakPct / 100 * 500 * 3600 * 0.3)
        .build();
    RuleResult res = new DynamoDbRules().evaluate(r, m, TRADING);
    assertThat(of(res, DynamoDbFamily.DYNAMODB_BILLING_MODE)).isEmpty();
    assertThat(res.findings().stream().filter(f -> f.title().equals("provisioned capacity over-sized")).count()).isEqualTo(finding ? 1 : 0);
    if (peakPct == 30) {
      // 300 RCU peak / 0.7 = 429; 45 WCU peak / 0.7 = 65 (above the 20 % on-demand threshold, so it stays provisioned)
      assertThat(res.findings()).anySatisfy(f -> assertThat(f.detail()).contains("429 RCU / 65 WCU"));
    }
  }

  // issue 15: tables at 11-16 % of their capacity on average, whose peak hour rules out a fixed cut, are told to use auto scaling
  @ParameterizedTest(name = "provisioned, mean hour {0} % of capacity, peak hour 60 % -> auto scaling finding {1}")
  @CsvSource({"19.9, true", "20.1, false", "12, true", "16, true", "30, false"})
  void provisionedTablesWellBelowTheirCapacityOnAverageAreToldToAutoScale(double meanPct, boolean finding) {
    Resource r = table(Map.of(BILLING_MODE, "PROVISIONED", READ_CAPACITY, "1000", WRITE_CAPACITY, "500"));
    double basePct = (24 * meanPct - 60) / 23;
    var m = MetricsFixture.of(r, 90)
        .hourly(DynamoDbRules.CONSUMED_READ, "Sum", h -> (h % 24 == 14 ? 60 : basePct) / 100 * 1000 * 3600)
        .hourly(DynamoDbRules.CONSUMED_WRITE, "Sum", constant(0.01 * 500 * 3600))
        .build();
    RuleResult res = new DynamoDbRules().evaluate(r, m, TRADING);
    assertThat(of(res, DynamoDbFamily.DYNAMODB_BILLING_MODE)).isEmpty();
    assertThat(res.findings()).noneMatch(f -> f.title().equals("provisioned capacity over-sized"));
    assertThat(res.findings().stream().filter(f -> f.title().equals("provisioned capacity held at its peak")).count()).isEqualTo(finding ? 1 : 0);
    if (meanPct == 12) {
      // 23 hours at 99.13 RCU/s / 0.7 -> 142, one at 600 / 0.7 -> 858: (23 x 142 + 858) / 24 = 171.8; writes 5/s / 0.7 -> 8
      assertThat(res.findings()).anySatisfy(f -> assertThat(f.detail()).contains("mean hour at 12.0 %").contains("about 172 RCU / 8 WCU on average")
          .contains("(83 % / 98 % less capacity billed"));
    }
  }

  @ParameterizedTest(name = "trading: {0} low days ({1} % peak) then busy -> on-demand {2}")
  @CsvSource({"30, 19.9, true", "29, 19.9, false", "90, 20.0, false", "90, 5, true"})
  void O3_onDemandAfter30DaysBelow20Percent(int lowDays, double lowPeakPct, boolean fires) {
    Resource r = table(Map.of(BILLING_MODE, "PROVISIONED", READ_CAPACITY, "1000", WRITE_CAPACITY, "500"));
    int lowFrom = (90 - lowDays) * 24;
    var m = MetricsFixture.of(r, 90)
        .hourly(DynamoDbRules.CONSUMED_READ, "Sum", h -> (h >= lowFrom ? lowPeakPct : 60) / 100 * 1000 * 3600 * (h % 24 == 14 ? 1 : 0.5))
        .hourly(DynamoDbRules.CONSUMED_WRITE, "Sum", h -> (h >= lowFrom ? lowPeakPct : 60) / 100 * 500 * 3600 * 0.3)
        .build();
    RuleResult res = new DynamoDbRules().evaluate(r, m, TRADING);
    assertThat(of(res, DynamoDbFamily.DYNAMODB_BILLING_MODE)).hasSize(fires ? 1 : 0);
    if (fires) {
      Proposal p = of(res, DynamoDbFamily.DYNAMODB_BILLING_MODE).get(0);
      assertThat(p.before()).isEqualTo(Map.of(BILLING_MODE, "PROVISIONED", READ_CAPACITY, "1000", WRITE_CAPACITY, "500"));
      assertThat(p.after()).isEqualTo(Map.of(BILLING_MODE, "PAY_PER_REQUEST"));
      assertThat(p.evidence().get(0).value()).isGreaterThanOrEqualTo(30);
    }
  }

  @ParameterizedTest(name = "saas: index queried {0} times in 60 days -> dropped {1}")
  @CsvSource({"0, true", "427, true", "428.6, false", "5000, false"})
  void O4_gsiWithFewerThan50QueriesAWeekIsDropped(double requestsInWindow, boolean fires) {
    Resource r = table(Map.of(GSIS, "byTenant,byEmail"));
    var m = MetricsFixture.of(r, 60)
        .window(DynamoDbMetrics.gsiKey("byTenant"), "SampleCount", 1e6)
        .window(DynamoDbMetrics.gsiKey("byEmail"), "SampleCount", requestsInWindow)
        .hourly(DynamoDbRules.CONSUMED_READ, "Sum", constant(3600)).hourly(DynamoDbRules.CONSUMED_WRITE, "Sum", constant(3600)).build();
    List<Proposal> drops = of(new DynamoDbRules().evaluate(r, m, SAAS), DynamoDbFamily.DYNAMODB_DELETE_GSI);
    assertThat(drops).hasSize(fires ? 1 : 0);
    if (fires) {
      assertThat(drops.get(0).before()).isEqualTo(Map.of(GSIS, "byTenant,byEmail"));
      assertThat(drops.get(0).after()).isEqualTo(Map.of(GSIS, "byTenant"));
    }
  }

  @ParameterizedTest(name = "saas: stream enabled {0} with {1} consumers -> disabled {2}")
  @CsvSource({"true, 0, true", "true, 1, false", "false, 0, false"})
  void O4_streamWithoutConsumerIsDisabled(boolean enabled, int consumers, boolean fires) {
    Resource r = table(Map.of(STREAM_ENABLED, String.valueOf(enabled), STREAM_CONSUMERS, String.valueOf(consumers), STREAM_VIEW_TYPE, "NEW_AND_OLD_IMAGES"));
    var m = MetricsFixture.of(r, 60).build();
    List<Proposal> p = of(new DynamoDbRules().evaluate(r, m, SAAS), DynamoDbFamily.DYNAMODB_DISABLE_STREAM);
    assertThat(p).hasSize(fires ? 1 : 0);
    if (fires) {
      assertThat(p.get(0).after()).isEqualTo(Map.of(STREAM_ENABLED, "false"));
      assertThat(p.get(0).before()).containsEntry(STREAM_VIEW_TYPE, "NEW_AND_OLD_IMAGES");
    }
    // trading's profile keeps streams (they feed downstream consumers not visible as mappings)
    assertThat(of(new DynamoDbRules().evaluate(r, m, TRADING), DynamoDbFamily.DYNAMODB_DISABLE_STREAM)).isEmpty();
  }

  @ParameterizedTest(name = "saas: {0} units/s -> consolidation flag {1}")
  @CsvSource({"4.9, true", "5.0, false"})
  void O4_quietTablesAreFlaggedForConsolidation(double unitsPerSecond, boolean flagged) {
    Resource r = table(Map.of());
    var m = MetricsFixture.of(r, 60).hourly(DynamoDbRules.CONSUMED_READ, "Sum", constant(unitsPerSecond * 3600 / 2))
        .hourly(DynamoDbRules.CONSUMED_WRITE, "Sum", constant(unitsPerSecond * 3600 / 2)).build();
    RuleResult res = new DynamoDbRules().evaluate(r, m, SAAS);
    assertThat(res.findings().stream().anyMatch(f -> f.title().equals("consolidation candidate"))).isEqualTo(flagged);
    assertThat(res.proposals()).isEmpty();
  }
}
