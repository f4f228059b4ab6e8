package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.metrics.HealthSignal;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.PolicyKey;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.policy.PolicySchema;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every family's health signals name a numeric policy key, and the composition resolves their limits from the policy. */
class HealthSignalsTest {

  @Test
  void everySignalOfEveryBlueprintResourceNamesANumericPolicyKey_andItsLimitResolves() {
    Set<String> familiesWithSignals = new TreeSet<>();
    var policy = PolicyLoader.profile("trading");
    for (SimBlueprint b : SimBlueprint.values()) {
      for (Resource r : SimAccount.of(b).snapshot().resources()) {
        for (HealthSignal s : Families.of(r.family()).healthSignals(r)) {
          familiesWithSignals.add(r.family().name());
          PolicyKey key = PolicySchema.key(s.policyKey());
          assertThat(key).as(s.rule() + " names " + s.policyKey()).isNotNull();
          assertThat(key.kind()).as(s.policyKey()).isIn(PolicyKey.Kind.NUMBER, PolicyKey.Kind.INTEGER);
          assertThat(s.withLimit(policy.number(s.policyKey())).limit()).as(s.rule()).isNotNaN();
          assertThat(s.resourceId()).isEqualTo(r.id());
        }
      }
    }
    assertThat(familiesWithSignals).contains("AURORA", "RDS", "ASG", "REDIS", "DYNAMODB", "DAX", "LAMBDA");
    assertThat(SimAccount.of(SimBlueprint.STAGING).snapshot().resources().stream().filter(r -> r.id().equals("tap-dev-staging-asg"))
        .flatMap(r -> Families.of(r.family()).healthSignals(r).stream()).map(HealthSignal::policyKey)).contains("guard.asg.unhealthyTargetsMax");
  }

  @Test
  void lambdaConcurrencyIsWatchedAgainstTheReservationAfterTheChange() {
    Plan plan = GuardFaultInjectionTest.plan("p", "dev", new dev.tap.optimizer.model.Phase(1, "compute", java.time.Duration.ofHours(1), List.of(
        ExecCommandsTest.action("fn4", LambdaFamily.LAMBDA_CONCURRENCY, "tap-dev-staging-fn-4", Map.of("reservedConcurrency", "100"),
            Map.of("reservedConcurrency", "20")),
        ExecCommandsTest.action("r", RedisFamily.REDIS_REPLICAS, "tap-dev-staging-redis", Map.of("replicasPerShard", "2"),
            Map.of("replicasPerShard", "1")))));
    var signals = GuardSetup.signals(plan, PolicyLoader.profile("staging"), Map.of(), w -> {}).get(1);
    // 90 % (guard.lambda.concurrencyMaxPctOfReserved) of the 20 reserved after the change
    assertThat(signals).filteredOn(s -> s.name().equals("Lambda concurrency")).singleElement()
        .satisfies(s -> assertThat(s.limit()).isEqualTo(18.0));
    assertThat(signals).extracting(HealthSignal::rule).contains("Redis evictions tap-dev-staging-redis", "Lambda throttles tap-dev-staging-fn-4");
  }
}
