package dev.tap.optimizer.family;

import static dev.tap.optimizer.model.ConfigKeys.*;
import static dev.tap.optimizer.rules.MetricsFixture.constant;
import static dev.tap.optimizer.rules.MetricsFixture.diurnal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.aurora.AuroraRules;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.rules.MetricsFixture;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC O3 (trading: class down) and O4 phase 3 (saas: regions, readers, writer, backups), both sides of each threshold. */
class AuroraRulesTest {
  static final Policy TRADING = PolicyLoader.profile("trading");
  static final Policy SAAS = PolicyLoader.profile("saas");

  static Resource cluster(String writerClass, int readers, int backupDays, String secondaries) {
    Map<String, String> c = new HashMap<>(Map.of(ENGINE, "aurora-postgresql", INSTANCE_CLASS, writerClass, READER_CLASS, writerClass,
        READERS, String.valueOf(readers), BACKUP_RETENTION_DAYS, String.valueOf(backupDays), SECONDARY_REGIONS, secondaries));
    return MetricsFixture.resource("tap-dev-aurora", AuroraFamily.AURORA, c);
  }

  static RuleResult run(Resource r, Policy p, double cpuP95, double connP95, double lagMax, double readIops, double writeIops, Double secondaryReads) {
    MetricsFixture f = MetricsFixture.of(r, p.lookbackDays())
        .window(AuroraRules.CPU, "p95", cpuP95).window(AuroraRules.CONNECTIONS, "p95", connP95)
        .window(AuroraRules.REPLICA_LAG, "Maximum", lagMax).window(AuroraRules.READ_IOPS, "Average", readIops)
        .window(AuroraRules.WRITE_IOPS, "Average", writeIops)
        .hourly(AuroraRules.CPU, "Maximum", diurnal(5, cpuP95)).hourly(AuroraRules.READER_CPU, "Maximum", constant(10));
    if (secondaryReads != null) {
      for (String region : r.config().get(SECONDARY_REGIONS).split(",")) {
        if (!region.isBlank()) f.window(AuroraRules.secondaryReads(region), "Maximum", secondaryReads);
      }
    }
    return new AuroraRules().evaluate(r, f.build(), p);
  }

  static Optional<Proposal> kind(RuleResult r, ActionKind k) {
    return r.proposals().stream().filter(p -> p.kind() == k).findFirst();
  }

  @ParameterizedTest(name = "trading CPU p95 {0} %, connections {1} -> class down {2}")
  @CsvSource({"39.9, 999, true", "40.0, 999, false", "20, 1000, false", "10, 10, true"})
  void O3_tradingClassDownWhenCpuAndConnectionsLow(double cpu, double conns, boolean fires) {
    RuleResult r = run(cluster("db.r6g.8xlarge", 4, 35, ""), TRADING, cpu, conns, 5, 100, 900, null);
    assertThat(kind(r, AuroraFamily.DB_INSTANCE_CLASS).isPresent()).isEqualTo(fires);
    kind(r, AuroraFamily.DB_INSTANCE_CLASS).ifPresent(p -> {
      assertThat(p.after()).containsEntry(INSTANCE_CLASS, "db.r6g.4xlarge").containsEntry(READER_CLASS, "db.r6g.4xlarge");
      assertThat(p.before()).containsEntry(INSTANCE_CLASS, "db.r6g.8xlarge");
      assertThat(p.loads()).singleElement().satisfies(l -> assertThat(l.factor()).isEqualTo(2.0));
      assertThat(p.evidence()).allSatisfy(e -> assertThat(e.holds()).isTrue());
    });
    // trading keeps its readers and its 35-day retention (T2)
    assertThat(kind(r, AuroraFamily.DB_REMOVE_READER)).isEmpty();
    assertThat(kind(r, AuroraFamily.DB_BACKUP_RETENTION)).isEmpty();
  }

  @ParameterizedTest(name = "saas writer CPU p95 {0} % -> db.r6g.xlarge {1}")
  @CsvSource({"39.9, true", "40.0, false", "55, false"})
  void O4_saasWriterToXlargeWhenCpuBelow40(double cpu, boolean fires) {
    RuleResult r = run(cluster("db.r6g.4xlarge", 2, 30, ""), SAAS, cpu, 300, 500, 10, 90, null);
    assertThat(kind(r, AuroraFamily.DB_INSTANCE_CLASS).isPresent()).isEqualTo(fires);
    kind(r, AuroraFamily.DB_INSTANCE_CLASS).ifPresent(p -> {
      assertThat(p.after()).isEqualTo(Map.of(INSTANCE_CLASS, "db.r6g.xlarge"));
      assertThat(p.loads().get(0).factor()).isEqualTo(4.0);
    });
  }

  @ParameterizedTest(name = "saas replica lag {0} ms, reads {1} of {1}+{2} IOPS -> readers 2 -> 1 {3}")
  @CsvSource({"99, 19, 81, true", "100, 19, 81, false", "99, 20, 80, false", "10, 5, 95, true"})
  void O4_saasOneReaderFewerWhenLagAndReadShareLow(double lag, double reads, double writes, boolean fires) {
    RuleResult r = run(cluster("db.r6g.4xlarge", 2, 30, ""), SAAS, 60, 300, lag, reads, writes, null);
    assertThat(kind(r, AuroraFamily.DB_REMOVE_READER).isPresent()).isEqualTo(fires);
    kind(r, AuroraFamily.DB_REMOVE_READER).ifPresent(p -> assertThat(p.after()).isEqualTo(Map.of(READERS, "1")));
  }

  // N-1 (saas ceiling 80 %): 3 -> 2 readers keep 1 after losing one, which carries all 3 readers' peak (x3);
  // 2 -> 1 reader leaves none after a loss, so the writer carries both readers' peak on top of its own (40 %).
  @ParameterizedTest(name = "{0} readers at peak reader CPU {1} % -> one fewer {2}")
  @CsvSource({"3, 26.6, true", "3, 26.7, false", "2, 19.9, true", "2, 20.1, false"})
  void O4_readerCutKeepsNMinusOneHeadroom(int readers, double readerPeak, boolean fires) {
    Resource c = cluster("db.r6g.4xlarge", readers, 30, "");
    var m = MetricsFixture.of(c, 60).window(AuroraRules.CPU, "p95", 60).window(AuroraRules.CONNECTIONS, "p95", 300)
        .window(AuroraRules.REPLICA_LAG, "Maximum", 10).window(AuroraRules.READ_IOPS, "Average", 10).window(AuroraRules.WRITE_IOPS, "Average", 90)
        .hourly(AuroraRules.CPU, "Maximum", constant(40)).hourly(AuroraRules.READER_CPU, "Maximum", constant(readerPeak)).build();
    RuleResult r = new AuroraRules().evaluate(c, m, SAAS);
    assertThat(kind(r, AuroraFamily.DB_REMOVE_READER).isPresent()).isEqualTo(fires);
    assertThat(r.findings().stream().anyMatch(f -> f.title().equals("reader count held back"))).isEqualTo(!fires);
  }

  @ParameterizedTest(name = "saas backup retention {0} days -> 14 {1}")
  @CsvSource({"30, true", "15, true", "14, false", "7, false"})
  void O4_saasBackupRetentionTo14(int days, boolean fires) {
    RuleResult r = run(cluster("db.r6g.4xlarge", 2, days, ""), SAAS, 60, 300, 500, 10, 90, null);
    assertThat(kind(r, AuroraFamily.DB_BACKUP_RETENTION).isPresent()).isEqualTo(fires);
    kind(r, AuroraFamily.DB_BACKUP_RETENTION).ifPresent(p -> assertThat(p.after()).isEqualTo(Map.of(BACKUP_RETENTION_DAYS, "14")));
  }

  @ParameterizedTest(name = "saas secondary reads {0}/s -> remove regions {1}")
  @CsvSource({"0, true", "0.99, true", "1, false", "250, false", "-1, false"})
  void O4_saasSecondaryRegionsRemovedOnlyWhenTheyServeNoReads(double reads, boolean fires) {
    RuleResult r = run(cluster("db.r6g.4xlarge", 2, 30, "us-west-2,eu-west-1"), SAAS, 60, 300, 500, 10, 90, reads < 0 ? null : reads);
    assertThat(kind(r, AuroraFamily.DB_REMOVE_SECONDARY_REGION).isPresent()).isEqualTo(fires);
    kind(r, AuroraFamily.DB_REMOVE_SECONDARY_REGION).ifPresent(p -> {
      assertThat(p.before()).isEqualTo(Map.of(SECONDARY_REGIONS, "us-west-2,eu-west-1"));
      assertThat(p.after()).isEqualTo(Map.of(SECONDARY_REGIONS, ""));
    });
    if (reads < 0) assertThat(r.findings()).anySatisfy(f -> assertThat(f.title()).contains("secondary regions not evaluated"));
  }

  @Test
  void O4_onlyTheIdleSecondaryRegionIsRemoved_aBusyOrUnmeasuredOneIsKept() {
    Resource r = cluster("db.r6g.4xlarge", 2, 30, "us-west-2,eu-west-1,ap-south-1");
    MetricsFixture f = MetricsFixture.of(r, SAAS.lookbackDays()).window(AuroraRules.CPU, "p95", 60).window(AuroraRules.CONNECTIONS, "p95", 300)
        .window(AuroraRules.secondaryReads("us-west-2"), "Maximum", 0.2).window(AuroraRules.secondaryReads("eu-west-1"), "Maximum", 180);
    RuleResult result = new AuroraRules().evaluate(r, f.build(), SAAS);
    Proposal p = kind(result, AuroraFamily.DB_REMOVE_SECONDARY_REGION).orElseThrow();
    assertThat(p.after()).isEqualTo(Map.of(SECONDARY_REGIONS, "eu-west-1,ap-south-1"));
    assertThat(p.rationale()).contains("secondary region us-west-2 serves no reads").contains("eu-west-1,ap-south-1 kept");
    assertThat(p.evidence()).singleElement().satisfies(e -> assertThat(e.metric()).contains("us-west-2"));
    assertThat(result.findings()).anySatisfy(x -> assertThat(x.detail()).contains("ap-south-1"));
  }
}
