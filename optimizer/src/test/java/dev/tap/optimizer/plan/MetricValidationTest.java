package dev.tap.optimizer.plan;

import static dev.tap.optimizer.model.ConfigKeys.NODE_TYPE;
import static dev.tap.optimizer.model.ConfigKeys.REPLICAS_PER_SHARD;
import static dev.tap.optimizer.model.ConfigKeys.SHARDS;
import static dev.tap.optimizer.rules.MetricsFixture.constant;
import static dev.tap.optimizer.rules.MetricsFixture.diurnal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.family.redis.RedisRules;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.rules.MetricsFixture;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 item 7: the staging cache (6 shards) with an idle-looking load, through the planner. Good
 * metrics plan a change (the control); impossible values leave the resource out with a line naming
 * the metric and the value; a flat series gets no confidence and is left out saying so.
 */
class MetricValidationTest {
  static final Policy STAGING = PolicyLoader.profile("staging");
  static final Clock CLOCK = Clock.fixed(MetricsFixture.END, ZoneOffset.UTC);
  static final Resource REDIS = MetricsFixture.resource("tap-dev-staging-redis", RedisFamily.REDIS,
      Map.of(NODE_TYPE, "cache.r6g.2xlarge", SHARDS, "6", REPLICAS_PER_SHARD, "2"));

  /** One case: the CPU and memory as the planner receives them, and what the plan must say. */
  record Case(String name, double cpuP95, IntToDoubleFunction cpuHourly, double memMax, double hitP5, boolean planned, String leftOut) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final IntToDoubleFunction IDLE = diurnal(2, 9);

  static Stream<Case> cases() {
    return Stream.of(
        new Case("measured low load plans a change (control)", 9, IDLE, 12, 99, true, null),
        new Case("negative CPU over the window", -50, IDLE, 12, 99, false,
            "left out: its metrics cannot be right: EngineCPUUtilization p95 over the window is -50, below 0"),
        new Case("negative CPU in the hourly series", 9, h -> h == 30 ? -50 : 5, 12, 99, false,
            "EngineCPUUtilization Maximum at 2026-10-17T06:00:00Z is -50, below 0"),
        new Case("NaN CPU over the window", Double.NaN, IDLE, 12, 99, false,
            "EngineCPUUtilization p95 over the window is NaN, not a number CloudWatch reports"),
        new Case("infinite CPU in the hourly series", 9, h -> h == 0 ? Double.POSITIVE_INFINITY : 5, 12, 99, false,
            "EngineCPUUtilization Maximum at 2026-10-16T00:00:00Z is Infinity"),
        new Case("infinite memory", 9, IDLE, Double.POSITIVE_INFINITY, 99, false,
            "DatabaseMemoryUsagePercentage Maximum over the window is Infinity"),
        new Case("CPU of 250 %", 250, IDLE, 12, 99, false, "EngineCPUUtilization p95 over the window is 250 %, above 100 %"),
        new Case("hit rate of 150 %", 9, IDLE, 12, 150, false, "CacheHitRate p5 over the window is 150 %, above 100 %"),
        new Case("flat 0 CPU", 0, constant(0), 12, 99, false, "EngineCPUUtilization Maximum is flat at 0 over all 1080 hours"),
        new Case("any flat line", 9, constant(9), 12, 99, false, "EngineCPUUtilization Maximum is flat at 9 over all 1080 hours"));
  }

  static Analysis plan(Case c) {
    var metrics = MetricsFixture.of(REDIS, STAGING.lookbackDays())
        .window(RedisRules.CPU, "p95", c.cpuP95()).window(RedisRules.MEMORY, "Maximum", c.memMax()).window(RedisRules.HIT_RATE, "p5", c.hitP5())
        .hourly(RedisRules.GET_COMMANDS, "Sum", diurnal(1_000_000, 4_000_000)).hourly(RedisRules.SET_COMMANDS, "Sum", diurnal(200_000, 900_000))
        .hourly(RedisRules.CPU, "Maximum", c.cpuHourly()).hourly(RedisRules.MEMORY, "Average", diurnal(8, 12)).build();
    Snapshot s = new Snapshot("test", "123456789012", "staging", CLOCK.instant(), List.of(REDIS), List.of());
    return new Planner(PriceBook.bundled(), CLOCK).plan(s, List.of(metrics), STAGING);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void impossibleOrFlatMetricsNeverBecomeAChange_andTheLeftOutLineNamesTheMetricAndValue(Case c) {
    Analysis a = plan(c);
    Plan p = a.plan();
    if (c.planned()) {
      assertThat(p.actions()).isNotEmpty();
      assertThat(p.skipped()).noneSatisfy(s -> assertThat(s.reason()).contains("cannot be right").contains("flat"));
      return;
    }
    assertThat(p.actions()).as("nothing is planned from these metrics").isEmpty();
    assertThat(p.skipped()).anySatisfy(s -> {
      assertThat(s.resourceId()).isEqualTo("tap-dev-staging-redis");
      assertThat(s.reason()).contains(c.leftOut());
    });
    // a flat line is never rewarded with confidence
    assertThat(a.recommendations()).allSatisfy(r -> assertThat(r.action().confidence()).isLessThan(0.5));
  }
}
