package dev.tap.optimizer.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;

/**
 * The open journal file and the plumbing its tables share: transactions, conditional updates, JSON
 * columns, and errors that name the file. Not thread-safe: {@link SqliteJournal} serialises every call.
 */
final class SqliteDb {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .build();

  final Path file;
  final Connection connection;

  SqliteDb(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run() throws SQLException;
  }

  /** Runs {@code work} in one transaction, committed before this returns; rolled back when it throws. Not reentrant. */
  <T> T inTransaction(SqlWork<T> work) {
    try {
      try (Statement s = connection.createStatement()) {
        // IMMEDIATE takes the write lock up front: two processes never interleave a transaction.
        s.execute("BEGIN IMMEDIATE");
      }
      try {
        T result = work.run();
        try (Statement s = connection.createStatement()) {
          s.execute("COMMIT");
        }
        return result;
      } catch (SQLException | RuntimeException e) {
        try (Statement s = connection.createStatement()) {
          s.execute("ROLLBACK");
        }
        throw e;
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Executes one statement (autocommitted outside a transaction) and returns the rows it changed. */
  int update(String sql, Object... args) {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        if (a == null) ps.setNull(i + 1, Types.NULL);
        else if (a instanceof Long l) ps.setLong(i + 1, l);
        else if (a instanceof Integer n) ps.setInt(i + 1, n);
        else if (a instanceof Double d) ps.setDouble(i + 1, d);
        else ps.setString(i + 1, a.toString());
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  UserError failure(SQLException e) {
    return new UserError(ExitCode.FAILURE, "state file " + file + ": " + e.getMessage(), e);
  }

  static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  <T> T parse(String s, TypeReference<T> type) {
    try {
      return JSON.readValue(s, type);
    } catch (JsonProcessingException e) {
      throw new UserError(ExitCode.BAD_INPUT, "state file " + file + " holds a value this tap cannot read (" + e.getOriginalMessage() + ").", e);
    }
  }

  static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  static String str(Instant i) {
    return i == null ? null : i.toString();
  }

  static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }

  void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure(e);
    }
  }
}
