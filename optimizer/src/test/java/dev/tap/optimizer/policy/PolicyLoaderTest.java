package dev.tap.optimizer.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLoaderTest {

  @Test
  void shippedProfilesCarryTheSpecThresholds() {
    Policy trading = PolicyLoader.profile("trading");
    assertThat(trading.lookbackDays()).isEqualTo(90);
    assertThat(trading.slo().latencyP95Ms()).isEqualTo(15);
    assertThat(trading.slo().errorRatePct()).isEqualTo(1);
    assertThat(trading.slo().queueDepth()).isEqualTo(1000);
    assertThat(trading.slo().rollbackErrorRatePct()).isEqualTo(0.5);
    assertThat(trading.slo().rollbackP99RisePct()).isEqualTo(20);
    assertThat(trading.slo().observationHours()).isEqualTo(48);
    assertThat(trading.dynamodb().onDemandMaxUtilisationPct()).isEqualTo(20);
    assertThat(trading.dynamodb().onDemandMinDays()).isEqualTo(30);

    Policy saas = PolicyLoader.profile("saas");
    assertThat(saas.lookbackDays()).isEqualTo(60);
    assertThat(saas.dynamodb().gsiMinQueriesPerWeek()).isEqualTo(50);
    assertThat(saas.asg().targetInstanceType()).isEqualTo("m5.2xlarge");
    assertThat(saas.asg().cpuP95MaxPct()).isEqualTo(40);
    assertThat(saas.asg().networkMaxPct()).isEqualTo(30);
    assertThat(new int[] {saas.asg().targetDesired(), saas.asg().targetMin(), saas.asg().targetMax()}).containsExactly(8, 6, 15);
    assertThat(saas.redis().targetNodeType()).isEqualTo("cache.r6g.xlarge");
    assertThat(saas.redis().targetShards()).isEqualTo(2);
    assertThat(saas.redis().targetReplicas()).isEqualTo(1);
    assertThat(saas.redis().commandsPerSecondMax()).isEqualTo(10_000);
    assertThat(saas.aurora().targetWriterClass()).isEqualTo("db.r6g.xlarge");
    assertThat(saas.aurora().replicaLagMaxMs()).isEqualTo(100);
    assertThat(saas.aurora().readIopsShareMaxPct()).isEqualTo(20);
    assertThat(saas.aurora().targetBackupRetentionDays()).isEqualTo(14);

    Policy staging = PolicyLoader.profile("staging");
    assertThat(staging.lookbackDays()).isEqualTo(45);
    assertThat(staging.rds().blueGreen()).isTrue();
    assertThat(staging.confidenceFlagBelow()).isEqualTo(0.7);
  }

  @Test
  void overrideFileChangesOnlyItsKeysAndMayNameTheProfile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "profile: saas\naurora:\n  cpuP95MaxPct: 35\nlookbackDays: 30\n");
    Policy p = PolicyLoader.load(null, f);
    assertThat(p.profile()).isEqualTo("saas");
    assertThat(p.aurora().cpuP95MaxPct()).isEqualTo(35);
    assertThat(p.lookbackDays()).isEqualTo(30);
    assertThat(p.asg().targetDesired()).isEqualTo(8);
    assertThat(p.origin()).contains("profile saas").contains(f.toString());
    // --profile wins over the file's profile key
    assertThat(PolicyLoader.load("staging", f).profile()).isEqualTo("staging");
  }

  @ParameterizedTest(name = "{0} is rejected naming {1}")
  @CsvSource(delimiter = '|', value = {
      "aurora:\\n  cpuP95MaxPct: -1|aurora.cpuP95MaxPct|a number from 0 to 100",
      "redis:\\n  memoryMaxPct: 101|redis.memoryMaxPct|a number from 0 to 100",
      "lookbackDays: 0|lookbackDays|a whole number from 1 to 455",
      "lookbackDays: 12.5|lookbackDays|a whole number",
      "asg:\\n  cpuP95MaxPct: high|asg.cpuP95MaxPct|a number from 0 to 100",
      "rds:\\n  blueGreen: 1|rds.blueGreen|true or false",
      "aurora:\\n  cpuP95MaxPtc: 30|unknown key 'aurora.cpuP95MaxPtc'|cpuP95MaxPct",
      "colour: blue|unknown key 'colour'|docs/analysis.md",
      "asg:\\n  targetMin: 9\\n  targetDesired: 8|'asg.targetMin' (9) must not exceed 'asg.targetDesired' (8)|Lower the first",
      "lambda:\\n  minMemoryMb: 2048\\n  maxMemoryMb: 1024|'lambda.minMemoryMb' (2048) must not exceed 'lambda.maxMemoryMb'|",
      "profile: prod|unknown policy profile 'prod'|trading, saas, staging"})
  void invalidValuesAreRejectedWithFileKeyAndRange(String yaml, String names, String range, @TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, yaml.replace("\\n", "\n"));
    assertThatThrownBy(() -> PolicyLoader.load(null, f))
        .isInstanceOf(UserError.class)
        .hasMessageContaining(names)
        .hasMessageContaining(range == null ? "" : range)
        .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .satisfies(e -> {
          if (!names.startsWith("unknown policy")) assertThat(e.getMessage()).contains(f.toString());
        });
  }

  @Test
  void unknownProfileAndMissingFileAreUserErrors(@TempDir Path dir) {
    assertThatThrownBy(() -> PolicyLoader.profile("prod")).isInstanceOf(UserError.class).hasMessageContaining("--profile");
    assertThatThrownBy(() -> PolicyLoader.load("saas", dir.resolve("none.yaml"))).isInstanceOf(UserError.class).hasMessageContaining("does not exist");
  }

  @Test
  void everySchemaKeyIsInEveryProfile() {
    for (String name : PolicyLoader.PROFILES) {
      assertThat(PolicyLoader.profile(name).profile()).isEqualTo(name);
    }
  }
}
