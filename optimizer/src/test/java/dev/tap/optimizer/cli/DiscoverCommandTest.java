package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.cli.AnalysisCommandsTest.Run;
import dev.tap.optimizer.error.ExitCode;
import org.junit.jupiter.api.Test;

/** {@code --discover} on the simulated account, and its usage errors. */
class DiscoverCommandTest {

  @Test
  void analyzeDiscoverListsTheSimulatedAccountsVolumesWithFindings() {
    Run r = AnalysisCommandsTest.tap("analyze", "--discover", "--sim", "trading", "--lookback-days", "30");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("Discovered in account 123456789012").contains("  EBS volume: 4 in us-east-1").contains("  Aurora: 1 in us-east-1")
        .contains("Excluded: 1").contains("tap-dev-positions (us-east-1): tagged CriticalPath=true");
    // gp2 -> gp3 and the unattached volume with its cost, from the volumes no outputs file names
    assertThat(r.out()).contains("vol-0a7e1c0000000tr01").contains("unattached volume").contains("USD a month").contains("never deletes");
    // without --discover the same account is what the blueprint's outputs name
    Run plain = AnalysisCommandsTest.tap("analyze", "--sim", "trading", "--lookback-days", "30");
    assertThat(plain.out()).doesNotContain("vol-0a7e1c0000000tr01");
  }

  @Test
  void tagFilterAndExclusionOnTheSimulatedAccount() {
    Run tagged = AnalysisCommandsTest.tap("analyze", "--discover", "--sim", "trading", "--lookback-days", "7", "--tag", "Name=trading-scratch");
    assertThat(tagged.code()).as(tagged.err()).isZero();
    assertThat(tagged.err()).contains("1 resource").contains("  EBS volume: 1 in us-east-1");
    Run excluded = AnalysisCommandsTest.tap("analyze", "--discover", "--sim", "trading", "--lookback-days", "7", "--exclude-tag", "Name");
    assertThat(excluded.err()).contains("(--exclude-tag Name)").doesNotContain("  EBS volume:");
  }

  /** The simulated account honours --tag for Redis, DAX and DynamoDB as the real one does: kept when tagged, left out when not. */
  @Test
  void tagFilterCoversRedisDaxAndDynamoDbOnTheSimulatedAccount() {
    Run cdk = AnalysisCommandsTest.tap("analyze", "--discover", "--sim", "trading", "--lookback-days", "7", "--tag", "ManagedBy=CDK");
    assertThat(cdk.code()).as(cdk.err()).isZero();
    assertThat(cdk.err()).contains("  Redis: 1 in us-east-1").contains("  DAX: 1 in us-east-1").contains("  DynamoDB: ");
    // the hand-made instances carry ManagedBy=hand: nothing of these families does
    Run hand = AnalysisCommandsTest.tap("analyze", "--discover", "--sim", "trading", "--lookback-days", "7", "--tag", "ManagedBy=hand");
    assertThat(hand.code()).as(hand.err()).isZero();
    assertThat(hand.err()).doesNotContain("  Redis:", "  DAX:", "  DynamoDB:");
  }

  @Test
  void badTagSyntaxIsAUsageErrorNamingTheArgument() {
    Run r = AnalysisCommandsTest.tap("analyze", "--discover", "--sim", "--tag", "Environment");
    assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT.code);
    assertThat(r.err()).contains("--tag Environment is not KEY=VALUE");
    Run without = AnalysisCommandsTest.tap("plan", "--sim", "--tag", "Environment=prod");
    assertThat(without.code()).isEqualTo(ExitCode.BAD_INPUT.code);
    assertThat(without.err()).contains("--tag filters what --discover finds");
    Run snapshot = AnalysisCommandsTest.tap("analyze", "--discover", "--snapshot", "/nonexistent");
    assertThat(snapshot.code()).isEqualTo(ExitCode.BAD_INPUT.code);
    assertThat(snapshot.err()).contains("leave out --discover or --snapshot");
  }
}
