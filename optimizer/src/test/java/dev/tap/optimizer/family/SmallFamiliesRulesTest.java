package dev.tap.optimizer.family;

import static dev.tap.optimizer.model.ConfigKeys.*;
import static dev.tap.optimizer.rules.MetricsFixture.constant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.family.dax.DaxRules;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.lambda.LambdaMetrics;
import dev.tap.optimizer.family.lambda.LambdaRules;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.rds.RdsRules;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.rules.MetricsFixture;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC O5 (staging: RDS blue/green, Lambda memory and concurrency) and DAX node count. */
class SmallFamiliesRulesTest {
  static final Policy STAGING = PolicyLoader.profile("staging");
  static final Policy TRADING = PolicyLoader.profile("trading");

  static Optional<Proposal> kind(RuleResult r, ActionKind k) {
    return r.proposals().stream().filter(p -> p.kind() == k).findFirst();
  }

  @ParameterizedTest(name = "staging RDS CPU p95 {0} %, connections {1} -> blue/green class down {2}")
  @CsvSource({"39.9, 499, true", "40.0, 10, false", "10, 500, false"})
  void O5_rdsClassDownThroughBlueGreen(double cpu, double conns, boolean fires) {
    Resource r = MetricsFixture.resource("tap-dev-postgres", RdsFamily.RDS,
        Map.of(ENGINE, "postgres", INSTANCE_CLASS, "db.r6g.2xlarge", READER_CLASS, "db.r6g.2xlarge", READERS, "1", MULTI_AZ, "true"));
    var m = MetricsFixture.of(r, 45).window(RdsRules.CPU, "p95", cpu).window(RdsRules.CONNECTIONS, "p95", conns)
        .hourly(RdsRules.CPU, "Maximum", constant(cpu)).build();
    RuleResult res = new RdsRules().evaluate(r, m, STAGING);
    assertThat(kind(res, RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN).isPresent()).isEqualTo(fires);
    kind(res, RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN).ifPresent(p ->
        assertThat(p.after()).isEqualTo(Map.of(INSTANCE_CLASS, "db.r6g.xlarge", READER_CLASS, "db.r6g.xlarge")));
  }

  @ParameterizedTest(name = "staging Lambda max memory used {0} % of 3008 MB -> {1} MB")
  @CsvSource({"59.9, 2432", "60.0, 3008", "10, 448", "1, 128"})
  void O5_lambdaMemoryRightSized(double usedPct, int expectedMb) {
    Resource r = MetricsFixture.resource("tap-dev-fn", LambdaFamily.LAMBDA, Map.of(MEMORY_MB, "3008"));
    var m = MetricsFixture.of(r, 45).window(LambdaMetrics.MEMORY_UTILISATION, "Maximum", usedPct).build();
    Optional<Proposal> p = kind(new LambdaRules().evaluate(r, m, STAGING), LambdaFamily.LAMBDA_MEMORY);
    assertThat(p.map(x -> Integer.parseInt(x.after().get(MEMORY_MB))).orElse(3008)).isEqualTo(expectedMb);
  }

  @ParameterizedTest(name = "staging Lambda peak concurrency {0}, provisioned use {1} % -> provisioned {2}, reserved {3}")
  @CsvSource({"10, 20, 15, 15", "33, 59.9, 50, 100", "40, 60.0, 50, 100", "2, 4, 3, 3"})
  void O5_lambdaConcurrencyRightSized(double peak, double provisionedUsePct, int provisioned, int reserved) {
    Resource r = MetricsFixture.resource("tap-dev-fn", LambdaFamily.LAMBDA,
        Map.of(MEMORY_MB, "3008", RESERVED_CONCURRENCY, "100", PROVISIONED_CONCURRENCY, "50"));
    var m = MetricsFixture.of(r, 45).window(LambdaMetrics.CONCURRENT, "Maximum", peak)
        .window(LambdaMetrics.PROVISIONED_UTILISATION, "Maximum", provisionedUsePct / 100)
        .hourly(LambdaMetrics.CONCURRENT, "Maximum", constant(peak)).build();
    Optional<Proposal> p = kind(new LambdaRules().evaluate(r, m, STAGING), LambdaFamily.LAMBDA_CONCURRENCY);
    assertThat(p.map(x -> Integer.parseInt(x.after().getOrDefault(PROVISIONED_CONCURRENCY, "50"))).orElse(50)).isEqualTo(provisioned);
    assertThat(p.map(x -> Integer.parseInt(x.after().getOrDefault(RESERVED_CONCURRENCY, "100"))).orElse(100)).isEqualTo(reserved);
  }

  // peak = p95 here; N-1 (trading ceiling 80 %): n nodes lose ceil(n/3) with an AZ, so 3 and 4 nodes keep 2, 5 keep 3
  @ParameterizedTest(name = "DAX CPU p95 {0} % on 6 nodes -> {1} nodes")
  @CsvSource({"39.9, 5", "40.0, 6", "10, 3", "26.6, 3", "26.7, 5", "30, 5"})
  void daxNodesDownWhenCpuLow(double cpu, int nodes) {
    Resource r = MetricsFixture.resource("tap-dev-dax", DaxFamily.DAX, Map.of(NODE_TYPE, "dax.r4.8xlarge", NODES, "6"));
    var m = MetricsFixture.of(r, 90).window(DaxRules.CPU, "p95", cpu).hourly(DaxRules.CPU, "Maximum", constant(cpu)).build();
    Optional<Proposal> p = kind(new DaxRules().evaluate(r, m, TRADING), DaxFamily.DAX_NODES);
    assertThat(p.map(x -> Integer.parseInt(x.after().get(NODES))).orElse(6)).isEqualTo(nodes);
  }
}
