package dev.tap.optimizer.family.ec2;

import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.rules.MetricsFixture;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 13: standalone instances sized both ways, memory present and absent, restart and Graviton gated (trading: CPU target 60 %, memory 80 %). */
class Ec2RulesTest {
  static final Policy TRADING = PolicyLoader.profile("trading").with("ec2.allowRestart", true);

  static Resource instance(String type, Map<String, String> tags) {
    return new Resource("i-0abc", Ec2Family.EC2, "us-east-1", "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc",
        Map.of(INSTANCE_TYPE, type, "architecture", "x86_64", "platform", "linux"), tags);
  }

  /** CPU p99.9 and memory max in %, memory < 0 = not published; network as in+out bytes per minute. */
  static RuleResult run(String type, double cpu, double memory, double networkBytesPerMinute, Policy p, Map<String, String> tags) {
    Resource r = instance(type, tags);
    MetricsFixture m = MetricsFixture.of(r, p.lookbackDays()).window(Ec2Metrics.CPU, "p99.9", cpu)
        .hourly(Ec2Metrics.CPU, "Maximum", MetricsFixture.diurnal(cpu / 3, cpu));
    if (memory >= 0) m.window(Ec2Metrics.MEMORY, "Maximum", memory);
    if (networkBytesPerMinute >= 0) {
      m.window(Ec2Metrics.NETWORK_IN, "Maximum", networkBytesPerMinute / 2).window(Ec2Metrics.NETWORK_OUT, "Maximum", networkBytesPerMinute / 2);
    }
    return new Ec2Rules().evaluate(r, m.build(), p);
  }

  static RuleResult run(String type, double cpu, double memory) {
    return run(type, cpu, memory, -1, TRADING, Map.of());
  }

  static Optional<String> target(RuleResult r) {
    return r.proposals().stream().findFirst().map(p -> p.after().get(INSTANCE_TYPE));
  }

  static Finding finding(RuleResult r, String title) {
    return r.findings().stream().filter(f -> f.title().equals(title)).findFirst().orElseThrow(() -> new AssertionError(title + " in " + r.findings()));
  }

  @ParameterizedTest(name = "{0} CPU {1} % memory {2} % -> {3} ({4})")
  @CsvSource({
      // over-provisioned: 8 vCPU x 10/60 = 1.3 vCPU, 32 GiB x 20/80 = 8 GiB -> the cheapest 2 vCPU / 8 GiB type
      "m5.2xlarge, 10, 20, m6a.large, over-provisioned",
      // memory not measured: never less than today's 32 GiB -> a 4 vCPU / 32 GiB memory optimised type
      "m5.2xlarge, 10, -1, r6a.xlarge, over-provisioned",
      // current generation migration: m4.large at 50 % CPU / 50 % memory fits m6a.large (13.6 % cheaper)
      "m4.large, 50, 50, m6a.large, over-provisioned",
      // under-provisioned CPU: 2 x 95/60 = 3.2 vCPU, 4 GiB -> 4 vCPU compute optimised
      "m6i.large, 95, 40, c6a.xlarge, under-provisioned",
      // under-provisioned memory: 8 x 95/80 = 9.5 GiB -> 16 GiB memory optimised
      "m6i.large, 30, 95, r6a.large, under-provisioned",
      // both sides of the limits (90 %): just below, the bigger type is not proposed
      "m6i.large, 90.1, 40, c6a.xlarge, under-provisioned",
      "m6i.large, 89.9, 40, , optimised",
      "m6i.large, 30, 90.1, r6a.large, under-provisioned",
      "m6i.large, 30, 89.9, , optimised",
      // already the cheapest fit
      "m6a.large, 40, 60, , optimised"})
  void sizesBothWays(String type, double cpu, double memory, String expected, String title) {
    RuleResult r = run(type, cpu, memory);
    assertThat(target(r).orElse(null)).isEqualTo(expected);
    Finding f = finding(r, title);
    assertThat(f.detail().contains("memory not measured")).isEqualTo(memory < 0);
    if (expected != null) {
      Proposal p = r.proposals().get(0);
      assertThat(p.before()).isEqualTo(Map.of(INSTANCE_TYPE, type));
      assertThat(p.kind()).isEqualTo(Ec2Family.EC2_INSTANCE_TYPE);
      // the load each vCPU carries scales with the vCPU ratio: more vCPUs add capacity
      Ec2Catalogue c = Ec2Catalogue.bundled();
      assertThat(p.addsCapacity()).isEqualTo(c.spec(expected).get().vcpu() > c.spec(type).get().vcpu());
    }
  }

  @ParameterizedTest(name = "{0} CPU {1} % memory {2} % kept: says so {3}")
  @CsvSource({
      // 2 x 89.9/60 = 3.0 vCPU needed on a 2 vCPU type, below the 90 % line: kept, and the finding says why
      "m6i.large, 89.9, 40, true",
      "m6i.large, 30, 89.9, true",
      // within the target: nothing to explain
      "m6a.large, 40, 60, false"})
  void optimisedAboveTheTargetSaysItIsKeptBelowTheLine(String type, double cpu, double memory, boolean says) {
    Finding f = finding(run(type, cpu, memory), "optimised");
    assertThat(f.detail().contains("more than " + type + " has, but CPU and memory stay below the under-provisioned lines (90 % CPU, 90 % memory)"))
        .as(f.detail()).isEqualTo(says);
  }

  @Test
  void withoutMemoryNeverLessMemory() {
    Ec2Catalogue c = Ec2Catalogue.bundled();
    for (double cpu : new double[] {1, 10, 30, 50, 95}) {
      for (String type : new String[] {"m5.2xlarge", "r6i.xlarge", "c6i.4xlarge", "m4.large"}) {
        Optional<String> t = target(run(type, cpu, -1));
        t.ifPresent(x -> assertThat(c.spec(x).get().memoryGib()).as(type + " at " + cpu + " % -> " + x).isGreaterThanOrEqualTo(c.spec(type).get().memoryGib()));
      }
    }
  }

  @Test
  void networkPeakMustFitTheNewTypesBaseline() {
    // 0.67 vCPU and 1.6 GiB alone fit a medium; 1 Gbit/s of traffic at 70 % needs 1.43 Gbit/s of baseline bandwidth
    String small = target(run("m6i.xlarge", 10, 10, -1, TRADING, Map.of())).orElseThrow();
    String sized = target(run("m6i.xlarge", 10, 10, 1e9 / 8 * 60, TRADING, Map.of())).orElseThrow();
    assertThat(Ec2Catalogue.bundled().spec(small).get().networkGbps()).isLessThan(1.43);
    assertThat(Ec2Catalogue.bundled().spec(sized).get().networkGbps()).isGreaterThanOrEqualTo(1e9 * 100 / 70 / 1e9);
  }

  @ParameterizedTest(name = "allowRestart {0}, window tag {1} -> proposed {2}")
  @CsvSource({"false, false, false", "false, true, true", "true, false, true", "true, true, true"})
  void restartGated(boolean allowRestart, boolean tagged, boolean proposed) {
    Policy p = PolicyLoader.profile("trading").with("ec2.allowRestart", allowRestart);
    RuleResult r = run("m5.2xlarge", 10, 20, -1, p, tagged ? Map.of(Ec2Family.MAINTENANCE_WINDOW_TAG, "sun:03:00-sun:05:00") : Map.of());
    assertThat(r.proposals().isEmpty()).isEqualTo(!proposed);
    assertThat(finding(r, "over-provisioned").detail().contains("--allow-restart")).isEqualTo(!proposed);
  }

  @ParameterizedTest(name = "allowArchChange {0}")
  @CsvSource({"false", "true"})
  void gravitonGated(boolean allow) {
    Policy p = TRADING.with("ec2.allowArchChange", allow);
    RuleResult r = run("m5.2xlarge", 10, 20, -1, p, Map.of());
    assertThat(target(r)).contains("m6a.large"); // the applied change keeps the architecture
    Optional<Finding> alt = r.findings().stream().filter(f -> f.title().equals("architecture alternative")).findFirst();
    assertThat(alt.isPresent()).isEqualTo(allow);
    alt.ifPresent(f -> assertThat(f.detail()).contains("Architecture caveat").contains("arm64").startsWith("m6g.large"));
  }

  @Test
  void notEvaluatedSaysWhy() {
    assertThat(finding(run("g6.xlarge", 10, 20), "instance type not evaluated").detail()).contains("g6.xlarge");
    Resource r = instance("m6i.large", Map.of());
    RuleResult none = new Ec2Rules().evaluate(r, MetricsFixture.of(r, 90).build(), TRADING);
    assertThat(finding(none, "instance type not evaluated").detail()).contains("CPUUtilization");
  }
}
