package dev.tap.optimizer.family;

import static dev.tap.optimizer.model.ConfigKeys.*;
import static dev.tap.optimizer.rules.MetricsFixture.constant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.aurora.AuroraMetrics;
import dev.tap.optimizer.family.aurora.AuroraRules;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.rds.RdsMetrics;
import dev.tap.optimizer.family.rds.RdsRules;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.rules.MetricsFixture;
import dev.tap.optimizer.rules.RuleResult;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 15 item 4: a database class change keeps freeable memory above the floor and peak connections under the new class's limit. */
class DbClassesTest {
  static final Policy STAGING = PolicyLoader.profile("staging"); // rds.freeableMemoryMinPct 10, backtest ceiling 85 %
  static final Policy TRADING = PolicyLoader.profile("trading"); // aurora.freeableMemoryMinPct 10, backtest ceiling 80 %
  static final double GIB = 1024.0 * 1024 * 1024;

  @ParameterizedTest(name = "{0}: {1} GiB")
  @CsvSource({"db.r6g.large, 16", "db.r6g.xlarge, 32", "db.r6g.2xlarge, 64", "db.r6g.8xlarge, 256", "db.r6g.16xlarge, 512", "db.m5.4xlarge, 64",
      "db.x2g.2xlarge, 128", "db.t3.medium, -1"})
  void memoryPerClass(String cls, double gib) {
    assertThat(DbClasses.memoryGib(cls).orElse(-1.0)).isEqualTo(gib);
  }

  // AWS documents Aurora MySQL r6g.xlarge 2,000 / 2xlarge 3,000 / 4xlarge 4,000 on DBInstanceClassMemory; instance memory gives slightly more
  @ParameterizedTest(name = "{0} {1}: max_connections {2}")
  @CsvSource({"postgres, db.r6g.xlarge, 3604", "aurora-postgresql, db.r6g.8xlarge, 5000", "aurora-mysql, db.r6g.xlarge, 2069",
      "aurora-mysql, db.r6g.4xlarge, 4069", "mysql, db.r6g.large, 1365"})
  void maxConnectionsPerClass(String engine, String cls, int limit) {
    assertThat(DbClasses.maxConnections(engine, cls)).isEqualTo(Optional.of(limit));
  }

  // db.r6g.2xlarge (64 GiB) -> xlarge (32 GiB): 10 % of 32 GiB left needs freeable >= 35.2 GiB today;
  // peak connections under 85 % of 3,604 = 3,063.4
  @ParameterizedTest(name = "RDS freeable min {0} GiB, peak connections {1} -> class down {2}")
  @CsvSource({"35.3, 100, true", "35.1, 100, false", "40, 3063, true", "40, 3064, false"})
  void rdsClassChangeKeepsMemoryAndConnections(double freeableGib, double peakConnections, boolean fires) {
    Resource r = MetricsFixture.resource("tap-dev-postgres", RdsFamily.RDS,
        Map.of(ENGINE, "postgres", INSTANCE_CLASS, "db.r6g.2xlarge", READER_CLASS, "db.r6g.2xlarge", READERS, "1", MULTI_AZ, "true"));
    var m = MetricsFixture.of(r, 45).window(RdsRules.CPU, "p95", 10).window(RdsRules.CONNECTIONS, "p95", 50)
        .window(RdsRules.CONNECTIONS, "Maximum", peakConnections).window(RdsMetrics.FREEABLE_MEMORY, "Minimum", freeableGib * GIB)
        .hourly(RdsRules.CPU, "Maximum", constant(10)).build();
    RuleResult res = new RdsRules().evaluate(r, m, STAGING);
    assertThat(res.proposals().isEmpty()).isEqualTo(!fires);
    assertThat(res.findings().stream().anyMatch(f -> f.title().equals("class change held back"))).isEqualTo(!fires);
  }

  // db.r6g.8xlarge (256 GiB) -> 4xlarge (128 GiB): 10 % of 128 GiB needs freeable >= 140.8 GiB; 80 % of 5,000 = 4,000 connections
  @ParameterizedTest(name = "Aurora freeable min {0} GiB, peak connections {1} -> class down {2}")
  @CsvSource({"140.9, 100, true", "140.7, 100, false", "200, 3999, true", "200, 4000, false"})
  void auroraClassChangeKeepsMemoryAndConnections(double freeableGib, double peakConnections, boolean fires) {
    Resource r = MetricsFixture.resource("tap-dev-aurora", AuroraFamily.AURORA, Map.of(ENGINE, "aurora-postgresql", INSTANCE_CLASS, "db.r6g.8xlarge",
        READER_CLASS, "db.r6g.8xlarge", READERS, "4", BACKUP_RETENTION_DAYS, "35", SECONDARY_REGIONS, ""));
    var m = MetricsFixture.of(r, 90).window(AuroraRules.CPU, "p95", 10).window(AuroraRules.CONNECTIONS, "p95", 50)
        .window(AuroraRules.CONNECTIONS, "Maximum", peakConnections).window(AuroraMetrics.FREEABLE_MEMORY, "Minimum", freeableGib * GIB)
        .hourly(AuroraRules.CPU, "Maximum", constant(10)).build();
    RuleResult res = new AuroraRules().evaluate(r, m, TRADING);
    assertThat(res.proposals().stream().anyMatch(p -> p.kind() == AuroraFamily.DB_INSTANCE_CLASS)).isEqualTo(fires);
    assertThat(res.findings().stream().anyMatch(f -> f.title().equals("instance class held back"))).isEqualTo(!fires);
  }
}
