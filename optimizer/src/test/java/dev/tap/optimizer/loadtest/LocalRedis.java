package dev.tap.optimizer.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real redis-server processes on free loopback ports: one standalone server (optionally with a
 * password) or a three-master cluster built with {@code redis-cli --cluster create}. Tests are
 * skipped, with the reason, where redis-server (or redis-cli for the cluster) is absent.
 */
final class LocalRedis implements AutoCloseable {

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  private LocalRedis(Path dir) {
    this.dir = dir;
  }

  static LocalRedis standalone(String password) {
    assumeInstalled("redis-server");
    LocalRedis r = new LocalRedis(LocalProcesses.tempDir("redis-"));
    try {
      List<String> extra = new ArrayList<>();
      if (password != null) extra.addAll(List.of("--requirepass", password));
      r.startNode(extra);
      return r;
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  /**
   * A standalone server speaking only TLS, with a certificate for 127.0.0.1 signed by a CA made
   * for the test ({@link #caFile()}); skipped where openssl is absent.
   */
  static LocalRedis tls(String password) {
    assumeInstalled("redis-server");
    assumeInstalled("openssl");
    LocalRedis r = new LocalRedis(LocalProcesses.tempDir("redis-tls-"));
    try {
      Path d = r.dir;
      LocalProcesses.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", d.resolve("ca.key").toString(),
          "-out", d.resolve("ca.crt").toString(), "-days", "2", "-subj", "/CN=tap-test-ca"));
      LocalProcesses.run(List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", d.resolve("server.key").toString(),
          "-out", d.resolve("server.csr").toString(), "-subj", "/CN=127.0.0.1"));
      java.nio.file.Files.writeString(d.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
      LocalProcesses.run(List.of("openssl", "x509", "-req", "-in", d.resolve("server.csr").toString(), "-CA", d.resolve("ca.crt").toString(),
          "-CAkey", d.resolve("ca.key").toString(), "-CAcreateserial", "-out", d.resolve("server.crt").toString(), "-days", "2",
          "-extfile", d.resolve("san.ext").toString()));
      int port = LocalProcesses.freePort();
      List<String> extra = new ArrayList<>(List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file", d.resolve("server.crt").toString(),
          "--tls-key-file", d.resolve("server.key").toString(), "--tls-ca-cert-file", d.resolve("ca.crt").toString(), "--tls-auth-clients", "no"));
      if (password != null) extra.addAll(List.of("--requirepass", password));
      r.startNodeOn(port, extra);
      return r;
    } catch (IOException e) {
      r.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  Path caFile() {
    return dir.resolve("ca.crt");
  }

  static LocalRedis cluster(int masters) {
    assumeInstalled("redis-server");
    assumeInstalled("redis-cli");
    LocalRedis r = new LocalRedis(LocalProcesses.tempDir("redis-cluster-"));
    try {
      for (int i = 0; i < masters; i++) {
        r.startNode(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + i + ".conf", "--cluster-node-timeout", "2000",
            // the shards left keep serving when one without a replica is lost (ElastiCache would fail over to a replica)
            "--cluster-require-full-coverage", "no"));
      }
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      r.ports.forEach(p -> create.add("127.0.0.1:" + p));
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      LocalProcesses.run(create);
      // every node must know every node and see all 16384 slots assigned before the load starts
      long end = System.currentTimeMillis() + 30_000;
      for (int port : r.ports) {
        while (true) {
          String info = LocalProcesses.run(List.of("redis-cli", "-p", Integer.toString(port), "cluster", "info"));
          if (info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384") && info.contains("cluster_known_nodes:" + masters)) break;
          if (System.currentTimeMillis() > end) throw new IllegalStateException("the local Redis cluster is not ready on port " + port + ":\n" + info);
          LocalProcesses.sleep(100);
        }
      }
      return r;
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  private static void assumeInstalled(String command) {
    Assumptions.assumeTrue(LocalProcesses.onPath(command),
        command + " is not installed: install the Debian package 'redis-server' (.ci/run does) to run this test");
  }

  private void startNode(List<String> extra) {
    startNodeOn(LocalProcesses.freePort(), extra);
  }

  /** Starts a node; {@code extra} options come last, so they can override the plain port. */
  private void startNodeOn(int port, List<String> extra) {
    Path log = dir.resolve("redis-" + port + ".log");
    List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--daemonize", "no", "--dir", dir.toString(), "--protected-mode", "no"));
    cmd.addAll(extra);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      processes.add(p);
      ports.add(port);
      LocalProcesses.awaitListening(port, p, log, 20_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return ports.get(0);
  }

  List<Integer> ports() {
    return List.copyOf(ports);
  }

  String endpoint() {
    return "127.0.0.1:" + port();
  }

  /** The number of keys on one node, through redis-cli (DBSIZE). */
  long dbSize(int port, String password) {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
    if (password != null) cmd.addAll(List.of("-a", password, "--no-auth-warning"));
    cmd.add("dbsize");
    return Long.parseLong(LocalProcesses.run(cmd).trim());
  }

  /** Commands a node has processed (INFO stats), through redis-cli. */
  long commandsProcessed(int port) {
    String info = LocalProcesses.run(List.of("redis-cli", "-p", Integer.toString(port), "info", "stats"));
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("total_commands_processed:")) return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
    }
    throw new IllegalStateException("no total_commands_processed in INFO stats of port " + port);
  }

  /** Kills one node (SIGKILL), as when a shard's primary fails. */
  void stopNode(int index) {
    Process p = processes.get(index);
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops every node at once (SIGKILL: clients see connections cut, as when a node fails). */
  void stop() {
    for (Process p : processes) {
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
    LocalProcesses.deleteTree(dir);
  }
}
