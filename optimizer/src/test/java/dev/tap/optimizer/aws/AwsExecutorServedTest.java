package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.AwsXml.describeGroups;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.CrashHook;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.Guard;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.PhaseState;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor over the AWS adapters, against served responses: an access denial fails the phase cleanly. */
class AwsExecutorServedTest {
  static final String GROUP = "tap-dev-trading-redis";
  static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

  @TempDir Path dir;
  final ServedAws served = new ServedAws();

  @AfterEach
  void stop() {
    served.close();
  }

  static Plan reshardPlan() {
    Action a = new Action("p1-redis-shards", RedisFamily.REDIS_SHARDS, GROUP, "us-east-1", Map.of("shards", "3"), Map.of("shards", "2"),
        1200, 800, Action.Risk.MEDIUM, 0.9, List.of(), new Backtest(90, 1.2, 1.3, 2.0, 2.2, 0.01, 0.01, 55, 0, true, "test"), "fewer shards");
    return new Plan(Plan.SCHEMA_VERSION, "plan-redis", "trading", AwsXml.ACCOUNT, "test", NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(91)),
        NOW.minus(Duration.ofDays(1)), "2026-11-01", List.of(new Phase(1, "cache", Duration.ofHours(48), List.of(a))), List.of());
  }

  @Test
  void aDeniedReshardingFailsThePhaseNamingThePermissionAndChangesNothing() {
    String[] times = {"2026-11-29T10:00:00Z"};
    served.answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 3, 1))
        .answerXml(200, AwsXml.elastiCacheTags("Platform", "TAP"))
        // the 1.5x headroom check: 3 shards' peaks, 9 GB in all
        .answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 3, 1))
        .answerXml(200, AwsCloudWatchServedTest.response(null,
            AwsCloudWatchServedTest.result("m0", "Complete", times, new double[] {3e9}), AwsCloudWatchServedTest.result("m1", "Complete", times, new double[] {3e9}),
            AwsCloudWatchServedTest.result("m2", "Complete", times, new double[] {3e9}), AwsCloudWatchServedTest.result("m3", "Complete", times, new double[] {3e9}),
            AwsCloudWatchServedTest.result("m4", "Complete", times, new double[] {3e9}), AwsCloudWatchServedTest.result("m5", "Complete", times, new double[] {3e9})))
        .answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 3, 1))
        .answerXml(403, ServedAws.queryError(AwsXml.ELASTICACHE_XMLNS, "Sender", "AccessDenied",
            "User: arn:aws:sts::111122223333:assumed-role/tap-apply/sre is not authorized to perform: elasticache:ModifyReplicationGroupShardConfiguration"))
        // the phase's rollback re-reads the group: still 3 shards, nothing to undo
        .answerXml(200, describeGroups(GROUP, "available", "cache.r6g.xlarge", 3, 1))
        .answerXml(200, AwsXml.elastiCacheTags("Platform", "TAP"));

    List<String> log = new ArrayList<>();
    AwsXml.SleepClock clock = new AwsXml.SleepClock(NOW);
    try (AwsClients aws = served.clients("us-east-1", 3); Journal journal = SqliteJournal.open(dir.resolve("tap-state.db"))) {
      Guard guard = new Guard(request -> {
        throw new AssertionError("the guard is not consulted when a phase fails before observation");
      });
      Executor ex = new Executor(journal, AwsActionAdapters.registry(aws, clock.polling()), guard, clock, CrashHook.NONE, log::add);
      long run = ex.start(reshardPlan(), "sha", "plan.json", RunSettings.defaults("dev"));
      Executor.Progress p = ex.advance(run);

      assertThat(p.state()).isEqualTo(RunState.FAILED);
      assertThat(journal.phase(run, 1).state()).isEqualTo(PhaseState.ROLLED_BACK);
      assertThat(journal.phase(run, 1).error()).contains("elasticache:ModifyReplicationGroupShardConfiguration");
      ActionRecord a = journal.actions(run).get(0);
      assertThat(a.state()).isEqualTo(ActionState.UNDONE);
      assertThat(journal.run(run).outcome()).contains("Grant the IAM permission 'elasticache:ModifyReplicationGroupShardConfiguration'");
    }
    assertThat(served.requests()).hasSize(8);
    assertThat(served.requests().stream().map(r -> r.form().get("Action")).filter("ModifyReplicationGroupShardConfiguration"::equals)).hasSize(1);
  }
}
