package dev.tap.optimizer.loadtest;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * PostgreSQL (RDS or Aurora) through JDBC. The writer target creates a scratch table, seeds it,
 * and drops it at the end; its operations are a read mix (point select by key, 100-row range
 * aggregate) and, with probability {@code 1 - readRatio}, a write mix (update by key, insert of a
 * new key). A reader target (Aurora reader endpoint) runs the read mix on the writer's table.
 * Connections are pooled, at most one per worker; a failed operation's connection is discarded.
 */
final class PostgresTarget implements LoadTarget {

  static final int DEFAULT_PORT = 5432;
  private static final int RANGE = 100;

  private final String name;
  private final HostPort endpoint;
  private final DbCredentials credentials;
  private final String sslMode;
  private final String table;
  private final boolean ownsTable;
  private final double readRatio;
  private final int seedRows;
  private final Duration timeout;
  private final Consumer<String> warn;
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  private final AtomicLong nextId;
  private volatile boolean created;

  PostgresTarget(String name, HostPort endpoint, DbCredentials credentials, String sslMode, String table, boolean ownsTable,
      double readRatio, int seedRows, Duration timeout, Consumer<String> warn) {
    if (!table.matches("[a-z_][a-z0-9_]*")) throw new IllegalArgumentException("unsafe table name " + table);
    this.name = name;
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.sslMode = sslMode;
    this.table = table;
    this.ownsTable = ownsTable;
    this.readRatio = readRatio;
    this.seedRows = seedRows;
    this.timeout = timeout;
    this.warn = warn;
    this.nextId = new AtomicLong(seedRows + 1L);
  }

  @Override public String name() { return name; }
  @Override public String kind() { return "postgres"; }
  @Override public String endpoint() { return endpoint + "/" + credentials.database(); }

  @Override
  public String workload() {
    return String.format(java.util.Locale.ROOT, "%.0f%% reads (point select, %d-row range) / %.0f%% writes (update, insert) on scratch table %s%s",
        readRatio * 100, RANGE, (1 - readRatio) * 100, table, ownsTable ? " (created with " + seedRows + " rows, dropped at the end)" : "");
  }

  @Override
  public void prepare() throws SQLException {
    Connection c = connectForSetup();
    try {
      if (ownsTable) {
        try (Statement s = c.createStatement()) {
          s.setQueryTimeout(Math.max(30, seconds(timeout)));
          s.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, payload text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())");
          created = true;
          s.execute("INSERT INTO " + table + " (id, payload) SELECT g, md5(g::text) FROM generate_series(1, " + seedRows + ") g");
        } catch (SQLException e) {
          throw new UserError(ExitCode.BAD_INPUT, "PostgreSQL target " + name + " at " + endpoint() + ": cannot create the scratch table " + table
              + " as user '" + credentials.user() + "' (" + e.getMessage() + "). The user needs CREATE on the database's public schema.", e);
        }
      }
      read(c, ThreadLocalRandom.current());
      idle.add(c);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  @Override
  public void execute() throws SQLException {
    Connection c = idle.poll();
    if (c == null) c = connect();
    boolean healthy = false;
    try {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      if (rnd.nextDouble() < readRatio) read(c, rnd);
      else write(c, rnd);
      healthy = true;
    } finally {
      if (healthy) idle.add(c);
      else closeQuietly(c);
    }
  }

  private void read(Connection c, ThreadLocalRandom rnd) throws SQLException {
    long id = 1 + rnd.nextLong(seedRows);
    if (rnd.nextBoolean()) {
      try (PreparedStatement s = c.prepareStatement("SELECT payload FROM " + table + " WHERE id = ?")) {
        s.setQueryTimeout(seconds(timeout));
        s.setLong(1, id);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) r.getString(1);
        }
      }
    } else {
      try (PreparedStatement s = c.prepareStatement("SELECT count(*), max(length(payload)) FROM " + table + " WHERE id BETWEEN ? AND ?")) {
        s.setQueryTimeout(seconds(timeout));
        s.setLong(1, id);
        s.setLong(2, id + RANGE - 1);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) r.getLong(1);
        }
      }
    }
  }

  private void write(Connection c, ThreadLocalRandom rnd) throws SQLException {
    String payload = Long.toHexString(rnd.nextLong()) + Long.toHexString(rnd.nextLong());
    if (rnd.nextInt(10) < 7) {
      try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET payload = ?, updated_at = now() WHERE id = ?")) {
        s.setQueryTimeout(seconds(timeout));
        s.setString(1, payload);
        s.setLong(2, 1 + rnd.nextLong(seedRows));
        s.executeUpdate();
      }
    } else {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (id, payload) VALUES (?, ?)")) {
        s.setQueryTimeout(seconds(timeout));
        s.setLong(1, nextId.getAndIncrement());
        s.setString(2, payload);
        s.executeUpdate();
      }
    }
  }

  @Override
  public String classify(Throwable failure) {
    String net = Failures.networkKind(failure);
    if (net != null) return net;
    if (failure instanceof SQLException e && e.getSQLState() != null) {
      String state = e.getSQLState();
      if (state.equals("57014")) return Failures.TIMEOUT; // query_canceled: our query timeout fired
      if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03")) return Failures.CONNECTION; // connection lost, admin shutdown, starting up
      if (state.startsWith("28")) return "auth";
      if (state.equals("53300")) return "too-many-connections";
      return "sql-" + state;
    }
    return Failures.byClass(failure);
  }

  /** The first connection: failures become errors naming the endpoint and what to check. */
  private Connection connectForSetup() {
    try {
      return connect();
    } catch (SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      String where = "PostgreSQL target " + name + " at " + endpoint();
      if (state.startsWith("28")) {
        throw new UserError(ExitCode.BAD_INPUT, where + ": login failed for user '" + credentials.user() + "' (" + e.getMessage()
            + "). Check the credentials (from " + credentials.source() + ").", e);
      }
      if (state.equals("3D000")) {
        throw new UserError(ExitCode.BAD_INPUT, where + ": " + e.getMessage() + ". Pass the database name with --db-name.", e);
      }
      throw new UserError(ExitCode.BAD_INPUT, where + ": cannot connect (" + Failures.rootMessage(e)
          + "). Check the host and port (the endpoint output or --db-endpoint), that it is reachable from here (security groups, VPN), and --db-sslmode.", e);
    }
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", credentials.user());
    if (credentials.password() != null) p.setProperty("password", credentials.password());
    p.setProperty("sslmode", sslMode);
    p.setProperty("connectTimeout", Integer.toString(seconds(timeout)));
    p.setProperty("loginTimeout", Integer.toString(seconds(timeout)));
    // the query timeout cancels a slow statement; the socket timeout catches a server that stopped answering
    p.setProperty("socketTimeout", Integer.toString(seconds(timeout) + 2));
    p.setProperty("ApplicationName", "tap-loadtest");
    return DriverManager.getConnection("jdbc:postgresql://" + endpoint + "/" + credentials.database(), p);
  }

  @Override
  public void close() {
    Connection c;
    while ((c = idle.poll()) != null) closeQuietly(c);
    if (!ownsTable || !created) return;
    try (Connection d = connect(); Statement s = d.createStatement()) {
      s.setQueryTimeout(Math.max(30, seconds(timeout)));
      s.execute("DROP TABLE IF EXISTS " + table);
    } catch (SQLException e) {
      warn.accept("could not drop the scratch table " + table + " at " + endpoint() + " (" + Failures.rootMessage(e) + "); drop it by hand: DROP TABLE " + table + ";");
    }
  }

  private static int seconds(Duration d) {
    return (int) Math.max(1, (d.toMillis() + 999) / 1000);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException | RuntimeException ignored) {
      // a connection to a lost server cannot be closed cleanly; it is gone either way
    }
  }
}
