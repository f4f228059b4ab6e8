package dev.tap.optimizer.journal;

import static dev.tap.optimizer.journal.SqliteDb.nullableLong;

import dev.tap.optimizer.exec.Journal.LockRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The {@code locks} table: one row per held {@code account/region} scope (RunLock decides who may take one). */
final class SqliteLocks {
  private final SqliteDb db;

  SqliteLocks(SqliteDb db) {
    this.db = db;
  }

  /** All scopes or none in one IMMEDIATE transaction, so another process cannot take a scope between the check and the write. */
  List<LockRow> tryLock(List<String> scopes, Long runId, long pid, String host, Instant now, Predicate<LockRow> mayReplace) {
    return db.inTransaction(() -> {
      List<LockRow> blocking = new ArrayList<>();
      for (String scope : scopes) {
        Optional<LockRow> held = row(scope);
        if (held.isPresent() && !(held.get().ownerPid() == pid && held.get().ownerHost().equals(host)) && !mayReplace.test(held.get())) {
          blocking.add(held.get());
        }
      }
      if (!blocking.isEmpty()) return blocking;
      for (String scope : scopes) {
        try (PreparedStatement ps = db.connection.prepareStatement(
            "INSERT OR REPLACE INTO locks (scope, run_id, owner_pid, owner_host, acquired_at) VALUES (?,?,?,?,?)")) {
          ps.setString(1, scope);
          if (runId == null) ps.setNull(2, Types.INTEGER); else ps.setLong(2, runId);
          ps.setLong(3, pid);
          ps.setString(4, host);
          ps.setString(5, now.toString());
          ps.executeUpdate();
        }
      }
      return List.of();
    });
  }

  void unlock(List<String> scopes, long pid, String host) {
    for (String scope : scopes) db.update("DELETE FROM locks WHERE scope = ? AND owner_pid = ? AND owner_host = ?", scope, pid, host);
  }

  List<LockRow> all() {
    List<LockRow> out = new ArrayList<>();
    try (Statement s = db.connection.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM locks ORDER BY scope")) {
      while (rs.next()) out.add(row(rs));
    } catch (SQLException e) {
      throw db.failure(e);
    }
    return out;
  }

  private Optional<LockRow> row(String scope) throws SQLException {
    try (PreparedStatement ps = db.connection.prepareStatement("SELECT * FROM locks WHERE scope = ?")) {
      ps.setString(1, scope);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private static LockRow row(ResultSet rs) throws SQLException {
    return new LockRow(rs.getString("scope"), nullableLong(rs, "run_id"), rs.getLong("owner_pid"),
        rs.getString("owner_host"), Instant.parse(rs.getString("acquired_at")));
  }
}
