package dev.tap.optimizer.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB journal tables on moto for the tests that run one scenario against every journal
 * (exec's JournalTest, CrashResumeTest, RunLockTest): one moto server for the JVM, a new table per
 * test (so no reset is needed and tests do not see each other). DynamoDB Local is not used: its
 * licence is not one the project may ship in tests (docs/journal.md).
 */
public final class MotoJournalTables {
  private MotoJournalTables() {}

  public static final String REGION = "us-east-1";
  private static MotoServer server;

  /** The shared server (started on first use, stopped when the JVM exits); skips the test where moto_server is absent. */
  public static synchronized MotoServer server() {
    Assumptions.assumeTrue(MotoServer.installed(), "moto_server is not on the PATH: install moto (pip install 'moto[server]') to run the"
        + " DynamoDB journal tests");
    if (server == null) {
      try {
        server = MotoServer.startWith(Map.of());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start moto_server", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      MotoServer s = server;
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    }
    return server;
  }

  /** Clients at the shared moto, as one machine would have them (each caller its own: close them). */
  public static AwsClients clients() {
    return new AwsClients(server().options(REGION), MotoServer.credentials(), 3, BackoffStrategy.retryImmediately());
  }

  /** A fresh table name. */
  public static String newTable() {
    return "tap-journal-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Opens the journal in {@code table}, creating the table on first use, with clients of its own (one "machine"). */
  public static DynamoDbJournal open(String table) {
    return DynamoDbJournal.open(clients(), table, REGION, true, "--create-table", true);
  }

  private static AwsClients lockClients;

  /** The lock of {@code account} in {@code table} (creating the table on first use); the lock adapters share one client stack. */
  public static synchronized DynamoDbAccountLock lock(String table, String account) {
    if (lockClients == null) lockClients = clients();
    DynamoDbTable t = new DynamoDbTable(lockClients, table, REGION);
    t.requireOrCreate(true, "--create-table");
    return new DynamoDbAccountLock(t, account);
  }

  /** How many items of partition {@code pk} have a sort key starting {@code skPrefix}, and how many distinct values of {@code attribute} they hold. */
  public static int[] count(String table, String pk, String skPrefix, String attribute) {
    try (AwsClients c = clients()) {
      var items = new DynamoDbTable(c, table, REGION).query(pk, skPrefix);
      return new int[] {items.size(), (int) items.stream().map(i -> i.getOrDefault(attribute, AttributeValue.fromS(""))).distinct().count()};
    }
  }
}
