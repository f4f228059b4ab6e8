package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.aws.MotoJournalTables;
import dev.tap.optimizer.exec.AccountLock;
import dev.tap.optimizer.exec.LockOwner;
import dev.tap.optimizer.sim.actions.SimAccountLock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --state dynamodb://TABLE} through the command line, on moto: a missing table is refused
 * unless --create-table, a run applied by one command is resumed by another that shares only the
 * table, and the table's lock item keeps a second applier out, naming the holder.
 */
class SharedJournalCommandsTest {
  @TempDir Path dir;
  String endpoint;
  String table;
  String state;

  @BeforeEach
  void moto() {
    endpoint = MotoJournalTables.server().endpoint().toString();
    table = MotoJournalTables.newTable();
    state = "dynamodb://" + table + "?region=" + MotoJournalTables.REGION;
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    System.setProperty(SimAccountLock.HOME_PROPERTY, dir.resolve("sim-home").toString());
  }

  @AfterEach
  void clear() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty(SimAccountLock.HOME_PROPERTY);
  }

  Path plan() {
    ExecCommandsTest helper = new ExecCommandsTest();
    helper.dir = dir;
    return helper.modestPlan();
  }

  @Test
  void aMissingTableIsRefusedNamingItAndHowToCreateIt_andCreatedOnlyWhenAsked() {
    ExecCommandsTest.Result refused = ExecCommandsTest.tap("apply", plan().toString(), "--yes", "--state", state, "--endpoint-url", endpoint);
    assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(2);
    assertThat(refused.err()).contains("DynamoDB table " + table + " does not exist in us-east-1", "--create-table",
        "aws dynamodb create-table --table-name " + table);
    ExecCommandsTest.Result status = ExecCommandsTest.tap("status", "--state", state, "--endpoint-url", endpoint);
    assertThat(status.exit()).as("status never creates it").isEqualTo(2);

    ExecCommandsTest.Result created = ExecCommandsTest.tap("apply", plan().toString(), "--yes", "--detach", "--observe", "1h", "--state", state,
        "--create-table", "--endpoint-url", endpoint);
    assertThat(created.exit()).as(created.out() + created.err()).isZero();
    assertThat(created.out()).contains("run 1 recorded in " + state);
  }

  @Test
  void aRunAppliedByOneProcessIsResumedByAnotherThroughTheTable_andStatusReadsIt() {
    // an hour's observation per phase (four guard checks): each check is a round trip to the table
    ExecCommandsTest.Result applied = ExecCommandsTest.tap("apply", plan().toString(), "--yes", "--detach", "--observe", "1h", "--state", state,
        "--create-table", "--endpoint-url", endpoint);
    assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
    assertThat(applied.out()).contains("continue with: tap resume --state " + state);

    ExecCommandsTest.Result resumed = ExecCommandsTest.tap("resume", "--state", state, "--endpoint-url", endpoint);
    assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
    assertThat(resumed.out()).contains("resuming run 1").contains("run 1: COMPLETED");

    ExecCommandsTest.Result status = ExecCommandsTest.tap("status", "--state", state, "--endpoint-url", endpoint);
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("COMPLETED").contains("replicas").contains("retention");
  }

  @Test
  void theTablesLockItemKeepsASecondApplierOut_namingTheHolderAndHowToRemoveIt() {
    AccountLock tableLock = MotoJournalTables.lock(table, ExecCommandsTest.ACCOUNT);
    LockOwner remote = new LockOwner("remote", 42, "fargate-task-7.example", null, state, 9L, Instant.parse("2026-12-07T02:00:00Z"));
    assertThat(tableLock.tryCreate("us-east-1", remote)).isEmpty();

    ExecCommandsTest.Result second = ExecCommandsTest.tap("apply", plan().toString(), "--yes", "--state", state, "--endpoint-url", endpoint);
    assertThat(second.exit()).as(second.out() + second.err()).isEqualTo(4);
    assertThat(second.err()).contains("another tap holds the lock of this account in us-east-1",
        "item LOCK#" + ExecCommandsTest.ACCOUNT + " / us-east-1 of DynamoDB table " + table, "pid 42 on host fargate-task-7.example",
        "run 9 in journal " + state, "aws dynamodb delete-item --table-name " + table);
    assertThat(new SimAccountLock(dir.resolve("sim-home"), ExecCommandsTest.ACCOUNT).tryCreate("us-east-1", remote))
        .as("the account's own lock was not left taken").isEmpty();
  }
}
