package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.aws.FaultProxy;
import dev.tap.optimizer.aws.MotoJournalTables;
import dev.tap.optimizer.sim.actions.SimAccountLock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when the shared journal's table is throttled beyond every retry, through the
 * command line with the production retry settings: a resume fails with exit 3 naming the table and
 * what gives it capacity, records nothing it did not do, and a later resume finishes the run.
 */
class SharedJournalFaultsCommandTest {
  @TempDir Path dir;
  String endpoint;
  String state;
  String table;
  FaultProxy proxy;

  @BeforeEach
  void moto() throws IOException {
    endpoint = MotoJournalTables.server().endpoint().toString();
    table = MotoJournalTables.newTable();
    state = "dynamodb://" + table + "?region=" + MotoJournalTables.REGION;
    proxy = new FaultProxy(MotoJournalTables.server().endpoint());
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    System.setProperty(SimAccountLock.HOME_PROPERTY, dir.resolve("sim-home").toString());
  }

  @AfterEach
  void clear() {
    proxy.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty(SimAccountLock.HOME_PROPERTY);
  }

  @Test
  void aResumeThrottledBeyondEveryRetryExits3NamingTheTable_recordsNothingItDidNotDo_andALaterResumeCompletes() {
    ExecCommandsTest helper = new ExecCommandsTest();
    helper.dir = dir;
    ExecCommandsTest.Result applied = ExecCommandsTest.tap("apply", helper.modestPlan().toString(), "--yes", "--detach", "--observe", "1h",
        "--state", state, "--create-table", "--endpoint-url", endpoint);
    assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
    String before = ExecCommandsTest.tap("status", "--state", state, "--endpoint-url", endpoint).out();

    proxy.add(FaultProxy.Fault.error("UpdateItem", 1_000, "ProvisionedThroughputExceededException"));
    long start = System.nanoTime();
    ExecCommandsTest.Result throttled = ExecCommandsTest.tap("resume", "--state", state, "--endpoint-url", proxy.endpoint().toString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(throttled.exit()).as(throttled.out() + throttled.err()).isEqualTo(3);
    assertThat(throttled.err()).contains("DynamoDB throttled dynamodb:UpdateItem on table " + table + " in us-east-1",
        "ProvisionedThroughputExceededException", "--billing-mode PAY_PER_REQUEST", "tap resume --state " + state);
    // one failed write: six attempts, the five waits of the exponential throttling back-off (1 s base, full jitter) between them
    assertThat(proxy.requests("UpdateItem")).isEqualTo(6);
    System.out.println("throttled resume gave up after " + took.toMillis() + " ms");

    // the failed write changed nothing: the journal reads as before, and the lock was released (DeleteItem was not throttled)
    assertThat(ExecCommandsTest.tap("status", "--state", state, "--endpoint-url", endpoint).out()).isEqualTo(before);
    ExecCommandsTest.Result resumed = ExecCommandsTest.tap("resume", "--state", state, "--endpoint-url", endpoint);
    assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
    assertThat(resumed.out()).contains("run 1: COMPLETED");
  }
}
