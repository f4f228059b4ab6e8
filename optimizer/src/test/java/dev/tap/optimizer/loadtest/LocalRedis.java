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

  static LocalRedis cluster(int masters) {
    assumeInstalled("redis-server");
    assumeInstalled("redis-cli");
    LocalRedis r = new LocalRedis(LocalProcesses.tempDir("redis-cluster-"));
    try {
      for (int i = 0; i < masters; i++) {
        r.startNode(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + i + ".conf", "--cluster-node-timeout", "2000"));
      }
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      r.ports.forEach(p -> create.add("127.0.0.1:" + p));
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      LocalProcesses.run(create);
      long end = System.currentTimeMillis() + 30_000;
      while (!LocalProcesses.run(List.of("redis-cli", "-p", Integer.toString(r.ports.get(0)), "cluster", "info")).contains("cluster_state:ok")) {
        if (System.currentTimeMillis() > end) throw new IllegalStateException("the local Redis cluster did not reach cluster_state:ok");
        LocalProcesses.sleep(100);
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
    int port = LocalProcesses.freePort();
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
