package dev.tap.optimizer.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tap loadtest against a real PostgreSQL server on loopback (skipped where PostgreSQL is not installed). */
class PostgresLoadTest {

  private static LocalPostgres pg;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    pg = LocalPostgres.start();
    ServedAwsApi.useTestCredentials();
  }

  @AfterAll
  static void stop() {
    if (pg != null) pg.close();
  }

  private static long commits() throws Exception {
    try (Connection c = pg.connect(); ResultSet r = c.createStatement().executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'")) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void holdsTheRateOnAScratchTableItDropsAfterwards() throws Exception {
    Path out = tmp.resolve("out");
    long before = commits();
    CliRun run = CliRun.of("loadtest", "--db-endpoint", pg.endpoint(), "--db-user", LocalPostgres.USER, "--db-password", LocalPostgres.PASSWORD,
        "--db-sslmode", "disable", "--db-rows", "500", "--rate", "100", "--duration", "3s", "--yes", "--out", out.toString());
    assertThat(run.exit()).as(run.toString()).isZero();
    TargetResult t = run.result(out).targets().get(0);
    assertThat(t.kind()).isEqualTo("postgres");
    assertThat(t.scheduled()).isEqualTo(300);
    assertThat(t.errors()).isEmpty();
    assertThat(t.ok()).isBetween(285L, 315L);
    assertThat(t.throughputPerSecond()).isBetween(95.0, 105.0);
    assertThat(t.latencyMs().p50()).isGreaterThan(0);
    assertThat(t.latencyMs().max()).isGreaterThanOrEqualTo(t.latencyMs().p99());
    assertThat(pg.tables("tap_loadtest")).as("scratch table dropped").isEmpty();
    // the server saw the statements: each autocommitted operation is a transaction
    long seen = 0;
    for (int i = 0; i < 30 && seen < 300; i++) {
      seen = commits() - before;
      if (seen < 300) LocalProcesses.sleep(200);
    }
    assertThat(seen).isGreaterThanOrEqualTo(300);
  }

  @Test
  void credentialsFromTheSecretInTheOutputs() throws Exception {
    try (ServedAwsApi aws = new ServedAwsApi()) {
      String arn = "arn:aws:secretsmanager:us-east-1:" + ServedAwsApi.ACCOUNT + ":secret:tap-dev-staging-db-AbCdEf";
      aws.secrets.put(arn, "{\"username\":\"" + LocalPostgres.USER + "\",\"password\":\"" + LocalPostgres.PASSWORD + "\",\"dbname\":\"postgres\",\"engine\":\"postgres\"}");
      Path outputs = tmp.resolve("outputs.json");
      Files.writeString(outputs, "{\"TapStack\": {\"StackRegion\": \"us-east-1\", \"RdsEndpoint\": \"" + pg.endpoint() + "\", \"RdsSecretArn\": \"" + arn + "\"}}");
      Path out = tmp.resolve("out");
      CliRun run = CliRun.of("loadtest", "--outputs", outputs.toString(), "--endpoint-url", aws.endpoint(), "--db-sslmode", "disable",
          "--rate", "50", "--duration", "1s", "--yes", "--out", out.toString());
      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(run.out()).contains("account check: outputs and credentials are both account " + ServedAwsApi.ACCOUNT);
      TargetResult t = run.result(out).targets().get(0);
      assertThat(t.name()).isEqualTo("rds");
      assertThat(t.ok()).isEqualTo(50);

      aws.callerAccount = "999999999999";
      CliRun refused = CliRun.of("loadtest", "--outputs", outputs.toString(), "--endpoint-url", aws.endpoint(), "--rate", "50", "--duration", "1s", "--yes");
      assertThat(refused.exit()).isEqualTo(4);
      assertThat(refused.err()).contains("account " + ServedAwsApi.ACCOUNT, "RdsSecretArn", "999999999999");
    }
  }

  @Test
  void auroraWriterAndReaderEndpointsShareTheWritersScratchTable() throws Exception {
    Path outputs = tmp.resolve("outputs.json");
    Files.writeString(outputs, "{\"AuroraWriterEndpoint\": \"" + pg.endpoint() + "\", \"AuroraReaderEndpoint\": \"" + pg.endpoint() + "\"}");
    Path out = tmp.resolve("out");
    CliRun run = CliRun.of("loadtest", "--outputs", outputs.toString(), "--db-user", LocalPostgres.USER, "--db-password", LocalPostgres.PASSWORD,
        "--db-sslmode", "disable", "--db-read-ratio", "0.5", "--rate", "50", "--duration", "2s", "--yes", "--out", out.toString());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("50% reads", "100% reads", "(created with 10000 rows, dropped at the end)");
    LoadTestResult r = run.result(out);
    assertThat(r.targets()).extracting(TargetResult::name).containsExactly("aurora-writer", "aurora-reader");
    for (TargetResult t : r.targets()) {
      assertThat(t.errors()).as(t.name()).isEmpty();
      assertThat(t.ok()).as(t.name()).isEqualTo(100);
    }
    assertThat(pg.tables("tap_loadtest")).isEmpty();
  }

  @Test
  void wrongCredentialsAreNamed() {
    CliRun run = CliRun.of("loadtest", "--db-endpoint", pg.endpoint(), "--db-user", LocalPostgres.USER, "--db-password", "wrong",
        "--db-sslmode", "disable", "--rate", "10", "--duration", "1s", "--yes", "--out", tmp.resolve("out").toString());
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("login failed for user 'tap'", pg.endpoint(), "--db-user/--db-password");
  }

  @Test
  void anUnreachableHostIsNamed() {
    int closed = LocalProcesses.freePort();
    CliRun run = CliRun.of("loadtest", "--db-endpoint", "127.0.0.1:" + closed, "--db-user", "tap", "--db-password", "x",
        "--db-sslmode", "disable", "--rate", "10", "--duration", "1s", "--yes", "--timeout", "2s");
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("127.0.0.1:" + closed, "cannot connect");
  }

  @Test
  void aServerStoppedMidRunShowsUpAsErrors() throws Exception {
    Path out = tmp.resolve("out");
    Thread stopper = new Thread(() -> {
      LocalProcesses.sleep(1500);
      pg.stop();
    });
    stopper.start();
    CliRun run;
    try {
      run = CliRun.of("loadtest", "--db-endpoint", pg.endpoint(), "--db-user", LocalPostgres.USER, "--db-password", LocalPostgres.PASSWORD,
          "--db-sslmode", "disable", "--db-rows", "100", "--rate", "50", "--duration", "4s", "--timeout", "1s", "--yes", "--out", out.toString());
    } finally {
      stopper.join();
      pg.startServer(); // for the other tests
    }
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.millis()).isLessThan(4000 + 1000 + 2000 + 6000);
    TargetResult t = run.result(out).targets().get(0);
    assertThat(t.ok()).isBetween(40L, 110L);
    assertThat(t.errors()).containsKey("connection");
    assertThat(t.ok() + t.errorCount()).isEqualTo(t.scheduled());
    assertThat(run.err()).contains("could not drop the scratch table tap_loadtest_");
  }
}
