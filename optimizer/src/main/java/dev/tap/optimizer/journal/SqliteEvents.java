package dev.tap.optimizer.journal;

import static dev.tap.optimizer.journal.SqliteDb.nullableDouble;

import dev.tap.optimizer.exec.GuardReading;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The time-stamped logs of a run: the {@code events} table, the {@code guard_readings} table, and the latest time in either. */
final class SqliteEvents {
  private final SqliteDb db;

  SqliteEvents(SqliteDb db) {
    this.db = db;
  }

  /** Appends one event; the caller decides the transaction. */
  void insert(long runId, Instant at, String message) throws SQLException {
    try (PreparedStatement ps = db.connection.prepareStatement("INSERT INTO events (run_id, at, message) VALUES (?,?,?)")) {
      ps.setLong(1, runId);
      ps.setString(2, at.toString());
      ps.setString(3, message);
      ps.executeUpdate();
    }
  }

  List<String> events(long runId) {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = db.connection.prepareStatement("SELECT at, message FROM events WHERE run_id = ? ORDER BY id")) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1) + "  " + rs.getString(2));
      }
    } catch (SQLException e) {
      throw db.failure(e);
    }
    return out;
  }

  /** Idempotent through the table's key (run, phase, check time, rule). */
  void recordReading(GuardReading r) {
    db.update("INSERT OR IGNORE INTO guard_readings (run_id, phase_number, checked_at, rule, metric, stat, value, threshold, breached, baseline, control)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        r.runId(), r.phase(), r.checkedAt().toString(), r.rule(), r.metric(), r.stat(), r.value(), r.threshold(), r.breached() ? 1 : 0,
        r.baseline(), r.control());
  }

  List<GuardReading> readings(long runId) {
    List<GuardReading> out = new ArrayList<>();
    try (PreparedStatement ps = db.connection.prepareStatement(
        "SELECT * FROM guard_readings WHERE run_id = ? ORDER BY phase_number, checked_at, rule")) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new GuardReading(rs.getLong("run_id"), rs.getInt("phase_number"), Instant.parse(rs.getString("checked_at")),
              rs.getString("rule"), rs.getString("metric"), rs.getString("stat"), nullableDouble(rs, "value"),
              rs.getDouble("threshold"), rs.getInt("breached") == 1, nullableDouble(rs, "baseline"), nullableDouble(rs, "control")));
        }
      }
    } catch (SQLException e) {
      throw db.failure(e);
    }
    return out;
  }

  /** The latest instant any table holds for the runs of {@code target} (it reads them all, but only their times). */
  Optional<Instant> latestTime(String target) {
    Instant latest = null;
    String sql = """
        SELECT r.updated_at FROM runs r WHERE json_extract(r.settings_json, '$.target') = ?
        UNION ALL SELECT e.at FROM events e JOIN runs r ON r.id = e.run_id WHERE json_extract(r.settings_json, '$.target') = ?
        UNION ALL SELECT g.checked_at FROM guard_readings g JOIN runs r ON r.id = g.run_id WHERE json_extract(r.settings_json, '$.target') = ?
        UNION ALL SELECT coalesce(a.undone_at, a.done_at, a.intent_at) FROM actions a JOIN runs r ON r.id = a.run_id
          WHERE json_extract(r.settings_json, '$.target') = ? AND coalesce(a.undone_at, a.done_at, a.intent_at) IS NOT NULL
        UNION ALL SELECT a.cleanup_at FROM actions a JOIN runs r ON r.id = a.run_id
          WHERE json_extract(r.settings_json, '$.target') = ? AND a.cleanup_at IS NOT NULL
        UNION ALL SELECT p.effective_at FROM phases p JOIN runs r ON r.id = p.run_id
          WHERE json_extract(r.settings_json, '$.target') = ? AND p.effective_at IS NOT NULL""";
    try (PreparedStatement ps = db.connection.prepareStatement(sql)) {
      for (int i = 1; i <= 6; i++) ps.setString(i, target);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Instant t = Instant.parse(rs.getString(1));
          if (latest == null || t.isAfter(latest)) latest = t;
        }
      }
    } catch (SQLException e) {
      throw db.failure(e);
    }
    return Optional.ofNullable(latest);
  }
}
