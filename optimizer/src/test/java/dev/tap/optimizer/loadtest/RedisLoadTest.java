package dev.tap.optimizer.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tap loadtest against real redis-server processes on loopback (skipped where Redis is not installed). */
class RedisLoadTest {

  private static final String PASSWORD = "redis-auth-token";

  @TempDir Path tmp;

  private Path outputs(String endpoint, int port) throws Exception {
    Path f = tmp.resolve("outputs.json");
    Files.writeString(f, "{\"RedisConfigurationEndpoint\": \"" + endpoint + "\", \"RedisPort\": \"" + port + "\"}");
    return f;
  }

  @Test
  void holdsTheRateWithAuthOnAStandaloneServer() throws Exception {
    try (LocalRedis redis = LocalRedis.standalone(PASSWORD)) {
      Path out = tmp.resolve("out");
      CliRun run = CliRun.of("loadtest", "--outputs", outputs("127.0.0.1", redis.port()).toString(), "--redis-password", PASSWORD,
          "--redis-get-ratio", "0.5", "--redis-keys", "1000", "--redis-value-bytes", "10-100", "--rate", "300", "--duration", "3s", "--yes", "--out", out.toString());
      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(run.out()).contains("redis://127.0.0.1:" + redis.port(), "50% GET / 50% SET over 1000 keys (hotspot), values 10-100 bytes, no TLS, AUTH");
      TargetResult t = run.result(out).targets().get(0);
      assertThat(t.kind()).isEqualTo("redis");
      assertThat(t.scheduled()).isEqualTo(900);
      assertThat(t.errors()).isEmpty();
      assertThat(t.ok()).isBetween(855L, 945L);
      assertThat(t.throughputPerSecond()).isBetween(285.0, 315.0);
      // about half the operations were SETs over at most 1000 keys, all still there (they expire later)
      assertThat(redis.dbSize(redis.port(), PASSWORD)).isBetween(200L, 1000L);
    }
  }

  @Test
  void followsTheSlotsOfACluster() throws Exception {
    try (LocalRedis cluster = LocalRedis.cluster(3)) {
      Path out = tmp.resolve("out");
      CliRun run = CliRun.of("loadtest", "--outputs", outputs("127.0.0.1", cluster.port()).toString(), "--redis-get-ratio", "0",
          "--redis-key-distribution", "uniform", "--redis-keys", "3000", "--rate", "200", "--duration", "2s", "--yes", "--out", out.toString());
      assertThat(run.exit()).as(run.toString()).isZero();
      TargetResult t = run.result(out).targets().get(0);
      assertThat(t.errors()).as("no MOVED errors: the client routes by slot").isEmpty();
      assertThat(t.ok()).isEqualTo(400);
      // the keys of one run spread over every master
      for (int port : cluster.ports()) assertThat(cluster.dbSize(port, null)).as("keys on node " + port).isGreaterThan(50);
    }
  }

  @Test
  void aClusterNodeLostMidRunShowsUpAsErrorsOnItsShare() throws Exception {
    try (LocalRedis cluster = LocalRedis.cluster(3)) {
      Path out = tmp.resolve("out");
      long before = cluster.commandsProcessed(cluster.ports().get(2));
      Thread killer = new Thread(() -> {
        // once the load reaches the node (setup is slow on a busy machine), let it run a moment, then kill it
        long end = System.currentTimeMillis() + 60_000;
        while (cluster.commandsProcessed(cluster.ports().get(2)) < before + 30 && System.currentTimeMillis() < end) LocalProcesses.sleep(50);
        LocalProcesses.sleep(300);
        cluster.stopNode(2);
      });
      killer.start();
      CliRun run = CliRun.of("loadtest", "--redis-endpoint", "127.0.0.1:" + cluster.port(), "--redis-key-distribution", "uniform",
          "--rate", "100", "--duration", "4s", "--timeout", "1s", "--yes", "--out", out.toString());
      killer.join();
      assertThat(run.exit()).as(run.toString()).isZero();
      TargetResult t = run.result(out).targets().get(0);
      assertThat(t.errorCount()).isPositive();
      assertThat(t.ok()).as("the other two shards keep answering; errors " + t.errors() + " seconds " + t.seconds()).isGreaterThan(200);
      assertThat(t.ok() + t.errorCount()).isEqualTo(t.scheduled());
    }
  }

  @Test
  void tlsWithAuth() throws Exception {
    try (LocalRedis redis = LocalRedis.tls(PASSWORD)) {
      Path out = tmp.resolve("out");
      CliRun run = CliRun.of("loadtest", "--redis-endpoint", redis.endpoint(), "--redis-tls", "on", "--redis-ca", redis.caFile().toString(),
          "--redis-password", PASSWORD, "--rate", "100", "--duration", "1s", "--yes", "--out", out.toString());
      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(run.out()).contains("rediss://" + redis.endpoint(), "TLS, AUTH");
      TargetResult t = run.result(out).targets().get(0);
      assertThat(t.errors()).isEmpty();
      assertThat(t.ok()).isEqualTo(100);

      // the JVM's trust store does not know the test CA: the handshake fails, and says so
      CliRun untrusted = CliRun.of("loadtest", "--redis-endpoint", redis.endpoint(), "--redis-tls", "on", "--redis-password", PASSWORD,
          "--rate", "10", "--duration", "1s", "--yes");
      assertThat(untrusted.exit()).as(untrusted.toString()).isEqualTo(2);
      assertThat(untrusted.err()).contains("rediss://" + redis.endpoint(), "TLS handshake failed", "--redis-ca");
    }
  }

  @Test
  void aServerStoppedMidRunShowsUpAsErrors() throws Exception {
    LocalRedis redis = LocalRedis.standalone(null);
    Path out = tmp.resolve("out");
    Thread stopper = new Thread(() -> {
      LocalProcesses.sleep(1500);
      redis.close();
    });
    stopper.start();
    CliRun run = CliRun.of("loadtest", "--redis-endpoint", redis.endpoint(), "--rate", "100", "--duration", "3s", "--timeout", "1s", "--yes", "--out", out.toString());
    stopper.join();
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.millis()).isLessThan(3000 + 1000 + 2000 + 6000);
    TargetResult t = run.result(out).targets().get(0);
    assertThat(t.ok()).isBetween(100L, 170L);
    assertThat(t.errors()).containsKey("connection");
    assertThat(t.ok() + t.errorCount()).isEqualTo(t.scheduled());
  }

  @Test
  void wrongPasswordAndUnreachableHostAreNamed() throws Exception {
    try (LocalRedis redis = LocalRedis.standalone(PASSWORD)) {
      CliRun wrong = CliRun.of("loadtest", "--redis-endpoint", redis.endpoint(), "--redis-password", "nope", "--rate", "10", "--duration", "1s", "--yes");
      assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(2);
      assertThat(wrong.err()).contains("redis://" + redis.endpoint(), "authentication failed", "--redis-password");
      CliRun none = CliRun.of("loadtest", "--redis-endpoint", redis.endpoint(), "--rate", "10", "--duration", "1s", "--yes");
      assertThat(none.exit()).as(none.toString()).isEqualTo(2);
      assertThat(none.err()).contains("authentication failed", "none was given");
    }
    int closed = LocalProcesses.freePort();
    CliRun unreachable = CliRun.of("loadtest", "--redis-endpoint", "127.0.0.1:" + closed, "--rate", "10", "--duration", "1s", "--yes", "--timeout", "2s");
    assertThat(unreachable.exit()).as(unreachable.toString()).isEqualTo(2);
    assertThat(unreachable.err()).contains("127.0.0.1:" + closed, "cannot connect");
  }
}
