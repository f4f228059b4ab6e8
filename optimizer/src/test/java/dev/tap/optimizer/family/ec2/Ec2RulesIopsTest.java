package dev.tap.optimizer.family.ec2;

import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.pricing.Ec2Catalogue.InstanceSpec;
import dev.tap.optimizer.pricing.Rate;
import dev.tap.optimizer.rules.MetricsFixture;
import dev.tap.optimizer.rules.RuleResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 13: the EBS operations peak (EBSReadOps + EBSWriteOps) against the target type's baseline
 * IOPS, at the policy's bandwidth headroom, where the catalogue knows the baseline (a refreshed one);
 * without it the check is skipped and the finding says so.
 */
class Ec2RulesIopsTest {
  static final Policy TRADING = Ec2RulesTest.TRADING;

  /** m6i in three sizes, baseline IOPS as DescribeInstanceTypes gives them, or 0 (unknown, as in the bundled catalogue). */
  static Ec2Catalogue catalogue(boolean withIops) {
    Map<String, InstanceSpec> specs = new LinkedHashMap<>();
    Map<String, Rate> prices = new LinkedHashMap<>();
    Object[][] rows = {{"m6i.large", 2, 8.0, 3600, 0.096}, {"m6i.xlarge", 4, 16.0, 6000, 0.192}, {"m6i.2xlarge", 8, 32.0, 12000, 0.384}};
    for (Object[] t : rows) {
      String type = (String) t[0];
      specs.put(type, new InstanceSpec(type, (int) t[1], (double) t[2], 12.5, 10, "x86_64", 6, true, "api", withIops ? (int) t[3] : 0));
      prices.put("us-east-1|" + type, new Rate((double) t[4], "ec2-catalogue-a"));
    }
    return new Ec2Catalogue(specs, prices, "2026-12-07", Map.of("a", "served"), "test catalogue");
  }

  /** m6i.2xlarge at 10 % CPU and 20 % memory: 1.3 vCPU and 8 GiB needed, so m6i.large unless the EBS operations need more. */
  static RuleResult run(boolean withIops, double opsPerSecond) {
    Resource r = Ec2RulesTest.instance("m6i.2xlarge", Map.of());
    MetricsFixture m = MetricsFixture.of(r, TRADING.lookbackDays()).window(Ec2Metrics.CPU, "p99.9", 10)
        .hourly(Ec2Metrics.CPU, "Maximum", MetricsFixture.diurnal(3, 10)).window(Ec2Metrics.MEMORY, "Maximum", 20);
    if (opsPerSecond >= 0) {
      // per minute, split between reads and writes
      m.window(Ec2Metrics.EBS_READ_OPS, "Maximum", opsPerSecond * 60 * 0.75).window(Ec2Metrics.EBS_WRITE_OPS, "Maximum", opsPerSecond * 60 * 0.25);
    }
    return new Ec2Rules(catalogue(withIops)).evaluate(r, m.build(), TRADING);
  }

  @ParameterizedTest(name = "IOPS known {0}, peak {1} x m6i.large''s baseline at the headroom -> {2}")
  @CsvSource({
      "true, -1, m6i.large, false",     // no EBS metrics: nothing to check
      "true, 0.5, m6i.large, false",
      "true, 1.0, m6i.large, false",    // exactly the baseline at the headroom: fits
      "true, 1.01, m6i.xlarge, false",  // just above: the next size up
      "true, 1.9, m6i.2xlarge, false",  // above the xlarge's 6000 too: kept, no change proposed
      "false, 1.9, m6i.large, true"})   // the catalogue has no IOPS: not checked, and the finding says so
  void ebsOpsPeakMustFitTheBaselineIops(boolean withIops, double timesLargeBaseline, String expected, boolean saysNotChecked) {
    double headroom = TRADING.number("ec2.networkMaxPct") / 100;
    double ops = timesLargeBaseline < 0 ? -1 : 3600 * headroom * timesLargeBaseline;
    RuleResult r = run(withIops, ops);
    String target = r.proposals().stream().findFirst().map(p -> p.after().get(INSTANCE_TYPE)).orElse("m6i.2xlarge");
    assertThat(target).isEqualTo(expected);
    String text = String.join("\n", r.findings().stream().map(f -> f.detail()).toList())
        + r.proposals().stream().map(p -> p.rationale()).toList();
    assertThat(text.contains("EBS IOPS not checked: test catalogue dated 2026-12-07 has no baseline IOPS")).as(text).isEqualTo(saysNotChecked);
    boolean evidence = r.findings().stream().flatMap(f -> f.evidence().stream()).anyMatch(e -> e.metric().startsWith("EBS ops peak"));
    assertThat(evidence).as("the check is evidence wherever it ran").isEqualTo(withIops && ops > 0);
  }

  /** The plumbing: the planner asks the family for its rules with the run's book, and gets ones on the book's catalogue. */
  @org.junit.jupiter.api.Test
  void theRunsCatalogueReachesTheRules() {
    Ec2Family family = new Ec2Family();
    assertThat(family.rules(dev.tap.optimizer.pricing.PriceBook.bundled())).isEqualTo(family.rules());
    dev.tap.optimizer.pricing.PriceBook book =
        new dev.tap.optimizer.pricing.PriceBook(dev.tap.optimizer.pricing.PriceListFile.bundled(), "test list", catalogue(true));
    Resource r = Ec2RulesTest.instance("m6i.2xlarge", Map.of());
    MetricsFixture m = MetricsFixture.of(r, TRADING.lookbackDays()).window(Ec2Metrics.CPU, "p99.9", 10)
        .hourly(Ec2Metrics.CPU, "Maximum", MetricsFixture.diurnal(3, 10)).window(Ec2Metrics.MEMORY, "Maximum", 20)
        .window(Ec2Metrics.EBS_READ_OPS, "Maximum", 3600 * TRADING.number("ec2.networkMaxPct") / 100 * 1.01 * 60).window(Ec2Metrics.EBS_WRITE_OPS, "Maximum", 0);
    RuleResult res = family.rules(book).orElseThrow().evaluate(r, m.build(), TRADING);
    // only the test catalogue knows m6i.large's 3,600 IOPS: with it the peak moves the choice one size up
    assertThat(res.proposals()).singleElement().satisfies(p -> assertThat(p.after().get(INSTANCE_TYPE)).isEqualTo("m6i.xlarge"));
    dev.tap.optimizer.family.asg.AsgFamily asg = new dev.tap.optimizer.family.asg.AsgFamily();
    assertThat(asg.rules(dev.tap.optimizer.pricing.PriceBook.bundled())).isEqualTo(asg.rules());
    assertThat(asg.rules(book).orElseThrow()).isNotSameAs(asg.rules().orElseThrow());
  }

  @ParameterizedTest
  @CsvSource({"0, 0, true", "3600, 3600, true", "3600, 3600.5, false", "0, 99999, true", "6000, 3601, true"})
  void iopsFit(int baseline, double need, boolean fits) {
    InstanceSpec s = new InstanceSpec("m6i.large", 2, 8, 12.5, 10, "x86_64", 6, true, "api", baseline);
    assertThat(Ec2Rules.iopsFit(s, need)).isEqualTo(fits);
  }

}
