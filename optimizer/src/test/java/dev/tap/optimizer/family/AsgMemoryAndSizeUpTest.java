package dev.tap.optimizer.family;

import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;
import static dev.tap.optimizer.rules.MetricsFixture.diurnal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.asg.AsgRules;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.rules.MetricsFixture;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 13: Auto Scaling groups get the standalone instances' memory awareness and size up when they run hot. */
class AsgMemoryAndSizeUpTest {
  static final Policy TRADING = PolicyLoader.profile("trading");

  /** CPU p95 %, memory max % (negative: not published), network 10 % of the one-down type's bandwidth. */
  static RuleResult run(String type, double cpu, double memory) {
    Resource r = AsgRulesTest.asg(type, 20, 15, 30);
    double gbps = 6.25;
    double bytesPerMinuteEach = 10.0 / 100 * gbps * 1e9 / 8 * 60 / 2;
    MetricsFixture m = MetricsFixture.of(r, 90).window(AsgRules.CPU, "p95", cpu).window(AsgRules.NETWORK_IN, "p95", bytesPerMinuteEach)
        .window(AsgRules.NETWORK_OUT, "p95", bytesPerMinuteEach).hourly(AsgRules.CPU, "Maximum", diurnal(3, cpu));
    if (memory >= 0) m.window(AsgRules.MEMORY, "Maximum", memory);
    return new AsgRules().evaluate(r, m.build(), TRADING);
  }

  static Optional<Proposal> type(RuleResult r) {
    return r.proposals().stream().filter(p -> p.kind() == AsgFamily.ASG_INSTANCE_TYPE).findFirst();
  }

  // c6i.8xlarge (32 vCPU, 64 GiB) -> one size down c6i.4xlarge (32 GiB): memory in use x 64 / 80 % must fit 32 GiB: <= 40 %
  @ParameterizedTest(name = "CPU {0} %, memory {1} % -> {2}")
  @CsvSource({
      "20, 39.9, c6i.4xlarge",   // fits the smaller type
      "20, 40.1, ",              // held back on memory
      "20, -1, c6i.4xlarge",     // not published: as before, and the rationale says so
      "89.9, 50, ",              // below the under-provisioned limit (90 %): no size-up, and CPU too high to size down
      "90.1, 50, c6a.16xlarge",  // size up: 32 x 90.1 / 60 = 48 vCPU, 64 GiB x 50 / 80 = 40 GiB
      "30, 90.1, r6a.4xlarge"})  // size up on memory: 64 GiB x 90.1 / 80 = 72 GiB, 32 x 30 / 60 = 16 vCPU: 16 vCPU, 128 GiB
  void memoryAwareBothWays(double cpu, double memory, String expected) {
    RuleResult r = run("c6i.8xlarge", cpu, memory);
    assertThat(type(r).map(p -> p.after().get(INSTANCE_TYPE)).orElse(null)).as(r.findings().toString()).isEqualTo(expected);
    if (expected != null && memory < 0) assertThat(type(r).get().rationale()).contains("memory not measured");
    if (cpu < 40 && memory > 40 && memory < 90) {
      assertThat(r.findings()).anySatisfy(f -> assertThat(f.detail()).contains("memory is not"));
    }
    if (cpu > 90 || memory > 90) {
      Ec2Catalogue c = Ec2Catalogue.bundled();
      assertThat(c.spec(expected).get().memoryGib()).isGreaterThanOrEqualTo(64 * Math.max(memory, 0) / 80);
      assertThat(r.findings()).anySatisfy(f -> assertThat(f.title()).isEqualTo("under-provisioned"));
    }
  }
}
