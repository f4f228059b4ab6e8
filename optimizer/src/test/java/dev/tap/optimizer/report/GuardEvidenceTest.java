package dev.tap.optimizer.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.GuardReading;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardEvidenceTest {
  private static final Instant T0 = Instant.parse("2026-11-18T09:00:00Z");

  private static GuardReading reading(int minutes, String rule, String metric, Double value, double limit, Double baseline) {
    boolean breached = value != null && (baseline != null && limit < baseline ? value < limit : value > limit);
    return new GuardReading(1, 2, T0.plusSeconds(60L * minutes), rule, metric, "p99", value, limit, breached, baseline, null);
  }

  @Test
  void worstReadingPerRuleWithTheBaselineAndLimitInForceThen() {
    List<GuardEvidence> rows = GuardEvidence.of(List.of(
        reading(0, "O7 p99 rise", "Latency", 11.0, 18.9, 14.6),
        reading(15, "Redis hit rate tap-dev-redis", "CacheHitRate", 95.0, 80, 96.4),
        reading(15, "O7 p99 rise", "Latency", 24.8, 19.2, 14.9),
        reading(30, "O7 p99 rise", "Latency", null, 19.2, 14.9),
        reading(30, "Redis hit rate tap-dev-redis", "CacheHitRate", 71.0, 80, 96.4),
        reading(45, "Redis hit rate tap-dev-redis", "CacheHitRate", 88.0, 80, 96.4)));
    assertThat(rows).hasSize(2);
    GuardEvidence p99 = rows.get(0);
    assertThat(p99.rule()).isEqualTo("O7 p99 rise");
    assertThat(p99.worst()).isEqualTo(24.8);
    assertThat(p99.limit()).isEqualTo(19.2);
    assertThat(p99.baseline()).isEqualTo(14.9);
    assertThat(p99.worstAt()).isEqualTo(T0.plusSeconds(900));
    assertThat(p99.checks()).isEqualTo(3);
    assertThat(p99.breaches()).isEqualTo(1);
    assertThat(p99.lowerIsWorse()).isFalse();
    GuardEvidence hit = rows.get(1);
    assertThat(hit.lowerIsWorse()).isTrue();
    assertThat(hit.worst()).isEqualTo(71.0);
    assertThat(hit.breaches()).isEqualTo(1);
    assertThat(hit.watches("tap-dev-redis")).isTrue();
    assertThat(hit.watches("tap-dev")).isFalse();
    assertThat(p99.watches("tap-dev-redis")).isFalse();
  }

  @Test
  void aRuleThatNeverReadAValueHasNoWorst() {
    GuardEvidence e = GuardEvidence.of(List.of(reading(0, "O3 p95 latency", "Latency", null, 15, null))).get(0);
    assertThat(e.worst()).isNull();
    assertThat(e.worstAt()).isNull();
    assertThat(e.limit()).isEqualTo(15);
  }

  @Test
  void eachActionGetsTheServiceRulesAndItsOwnResourcesRulesOnly() {
    RunData run = RunFixtures.executed();
    var guard = GuardEvidence.of(List.of(
        reading(0, "O7 p99 rise", "Latency", 24.8, 19.2, 14.9),
        reading(0, "Redis hit rate tap-dev-redis", "CacheHitRate", 71.0, 80, 96.4),
        reading(0, "ASG CPU tap-dev-asg", "CPUUtilization", 64.0, 90, 30.0)));
    var phases = new java.util.ArrayList<>(run.phaseOutcomes());
    var p2 = phases.get(1);
    phases.set(1, new PhaseOutcome(p2.number(), p2.state(), p2.startedAt(), p2.appliedAt(), p2.observeUntil(), p2.finishedAt(), p2.stopReason(), guard));
    RunData withGuard = new RunData(run.runId(), run.plan(), run.resources(), run.metrics(), run.outcomes(), phases, run.actualSpend(), run.reportTime(), null);
    var rows = new RunView(withGuard).guardEvidence();
    // saas-05 (Redis): the service rule and the Redis rule, not the ASG's.
    assertThat(rows).filteredOn(r -> r.actionId().equals("saas-05")).extracting(r -> r.scope() + ": " + r.evidence().rule())
        .containsExactly("service SLO: O7 p99 rise", "resource: Redis hit rate tap-dev-redis");
    assertThat(rows).filteredOn(r -> r.actionId().equals("saas-03")).extracting(r -> r.evidence().rule())
        .containsExactly("O7 p99 rise", "ASG CPU tap-dev-asg");
    // saas-06 was skipped (never applied): no guard rows.
    assertThat(rows).noneMatch(r -> r.actionId().equals("saas-06"));
  }
}
