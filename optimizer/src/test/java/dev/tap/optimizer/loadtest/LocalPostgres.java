package dev.tap.optimizer.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server (the Debian package's initdb and postgres) in a temporary directory on
 * a free loopback port, with password (SCRAM) authentication. PostgreSQL refuses to run as root:
 * when the tests run as root, the server runs as the 'postgres' (else 'nobody') user through
 * runuser. Tests are skipped, with the reason, where the binaries are absent.
 */
final class LocalPostgres implements AutoCloseable {

  static final String USER = "tap";
  static final String PASSWORD = "tap-secret-pw";

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final Path log;
  private final List<String> runAs;
  private final int port;
  private Process process;

  private LocalPostgres(Path bin, Path dir, List<String> runAs, int port) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.log = dir.resolve("postgres.log");
    this.runAs = runAs;
    this.port = port;
  }

  static Optional<Path> binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) return Optional.empty();
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int versionOf(String s) {
    try {
      return Integer.parseInt(s.replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Starts a server, or skips the calling test with the reason. */
  static LocalPostgres start() {
    Optional<Path> bin = binaries();
    Assumptions.assumeTrue(bin.isPresent(), "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb and postgres): "
        + "install the Debian package 'postgresql' (.ci/run does) to run this test");
    List<String> runAs = new ArrayList<>();
    if (LocalProcesses.isRoot()) {
      String user = userExists("postgres") ? "postgres" : userExists("nobody") ? "nobody" : null;
      Assumptions.assumeTrue(user != null && LocalProcesses.onPath("runuser"),
          "tests run as root, which PostgreSQL refuses, and there is no 'postgres' or 'nobody' user with runuser to run it as");
      runAs.addAll(List.of("runuser", "-u", user, "--"));
    }
    Path dir = LocalProcesses.tempDir("pg-");
    LocalPostgres pg = new LocalPostgres(bin.get(), dir, runAs, LocalProcesses.freePort());
    try {
      pg.init(runAs.isEmpty() ? null : runAs.get(2));
      pg.startServer();
      return pg;
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  private static boolean userExists(String user) {
    try {
      LocalProcesses.run(List.of("id", "-u", user));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void init(String owner) {
    try {
      Path pw = dir.resolve("pwfile");
      Files.writeString(pw, PASSWORD + "\n");
      if (owner != null) LocalProcesses.run(List.of("chown", "-R", owner, dir.toString()));
      List<String> cmd = new ArrayList<>(runAs);
      cmd.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=scram-sha-256", "--pwfile=" + pw, "-E", "UTF8", "--no-sync"));
      LocalProcesses.run(cmd);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void startServer() {
    List<String> cmd = new ArrayList<>(runAs);
    cmd.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port), "-k", dir.toString(),
        "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"));
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LocalProcesses.awaitListening(port, process, log, 30_000);
    long end = System.currentTimeMillis() + 30_000;
    while (true) { // listening is not yet accepting: wait for a login to work
      try (Connection c = connect()) {
        return;
      } catch (SQLException e) {
        if (System.currentTimeMillis() > end) throw new IllegalStateException("PostgreSQL on port " + port + " does not accept logins: " + e.getMessage() + "\n" + LocalProcesses.tail(log));
        LocalProcesses.sleep(100);
      }
    }
  }

  /** Stops the server at once (immediate shutdown: connected clients are cut off). */
  void stop() {
    if (process == null) return;
    List<String> cmd = new ArrayList<>(runAs);
    cmd.addAll(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
    try {
      LocalProcesses.run(cmd);
    } catch (RuntimeException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    try {
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  int port() {
    return port;
  }

  String endpoint() {
    return "127.0.0.1:" + port;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable", USER, PASSWORD);
  }

  /** Tables whose names start with {@code prefix}. */
  List<String> tables(String prefix) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = connect(); var s = c.prepareStatement("SELECT tablename FROM pg_tables WHERE tablename LIKE ?")) {
      s.setString(1, prefix + "%");
      try (var r = s.executeQuery()) {
        while (r.next()) names.add(r.getString(1));
      }
    }
    return names;
  }

  @Override
  public void close() {
    stop();
    LocalProcesses.deleteTree(dir);
  }
}
