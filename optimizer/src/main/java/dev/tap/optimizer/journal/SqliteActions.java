package dev.tap.optimizer.journal;

import static dev.tap.optimizer.journal.SqliteDb.instant;
import static dev.tap.optimizer.journal.SqliteDb.json;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.CleanupState;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.registry.Families;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code actions} table: each action's state and its clean-up state. Every transition is one
 * UPDATE conditional on the row's state.
 */
final class SqliteActions {
  private final SqliteDb db;

  SqliteActions(SqliteDb db) {
    this.db = db;
  }

  /** Inserts every action of the plan PENDING, numbered by position in its phase; the caller holds the transaction. */
  void insert(long runId, Plan plan) throws SQLException {
    for (Phase phase : plan.phases()) {
      int seq = 0;
      for (Action a : phase.actions()) {
        try (PreparedStatement ps = db.connection.prepareStatement(
            "INSERT INTO actions (run_id, phase_number, seq, action_id, kind, resource_id, region, planned_before_json,"
                + " after_json, state) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
          ps.setLong(1, runId);
          ps.setInt(2, phase.number());
          ps.setInt(3, seq++);
          ps.setString(4, a.id());
          ps.setString(5, a.kind().name());
          ps.setString(6, a.resourceId());
          ps.setString(7, a.region());
          ps.setString(8, json(a.before()));
          ps.setString(9, json(a.after()));
          ps.setString(10, ActionState.PENDING.name());
          ps.executeUpdate();
        }
      }
    }
  }

  List<ActionRecord> ofRun(long runId) {
    return query("SELECT * FROM actions WHERE run_id = ? ORDER BY phase_number, seq", runId, null);
  }

  List<ActionRecord> ofPhase(long runId, int phase) {
    return query("SELECT * FROM actions WHERE run_id = ? AND phase_number = ? ORDER BY seq", runId, phase);
  }

  ActionRecord get(long rowId) {
    List<ActionRecord> rows = query("SELECT * FROM actions WHERE id = ?", rowId, null);
    if (rows.isEmpty()) throw new IllegalStateException("journal " + db.file + " has no action row " + rowId);
    return rows.get(0);
  }

  boolean intent(long rowId, Map<String, String> observedBefore, Instant now) {
    return db.update("UPDATE actions SET state = ?, observed_before_json = ?, intent_at = ? WHERE id = ? AND state = ?",
        ActionState.INTENT.name(), json(observedBefore), now.toString(), rowId, ActionState.PENDING.name()) == 1;
  }

  boolean done(long rowId, Map<String, String> observedAfter, String message, Instant now) {
    return db.update("UPDATE actions SET state = ?, observed_after_json = ?, done_at = ?, message = ? WHERE id = ? AND state = ?",
        ActionState.DONE.name(), json(observedAfter), now.toString(), message, rowId, ActionState.INTENT.name()) == 1;
  }

  boolean skipped(long rowId, String reason, Instant now) {
    return db.update("UPDATE actions SET state = ?, message = ?, done_at = ? WHERE id = ? AND state = ?",
        ActionState.SKIPPED.name(), reason, now.toString(), rowId, ActionState.PENDING.name()) == 1;
  }

  boolean failed(long rowId, ActionState from, String error, Instant now) {
    return db.update("UPDATE actions SET state = ?, message = ?, done_at = ? WHERE id = ? AND state = ?",
        ActionState.FAILED.name(), error, now.toString(), rowId, from.name()) == 1;
  }

  boolean undoIntent(long rowId, ActionState from, Instant now) {
    return db.update("UPDATE actions SET state = ?, undone_at = ? WHERE id = ? AND state = ?",
        ActionState.UNDO_INTENT.name(), now.toString(), rowId, from.name()) == 1;
  }

  boolean undone(long rowId, ActionState from, String message, Instant now) {
    return db.update("UPDATE actions SET state = ?, undone_at = ?, message = coalesce(?, message) WHERE id = ? AND state = ?",
        ActionState.UNDONE.name(), now.toString(), message, rowId, from.name()) == 1;
  }

  boolean undoSkipped(long rowId, ActionState from, String reason, Instant now) {
    return db.update("UPDATE actions SET state = ?, undone_at = ?, message = ? WHERE id = ? AND state = ?",
        ActionState.UNDO_SKIPPED.name(), now.toString(), reason, rowId, from.name()) == 1;
  }

  boolean effective(long rowId, Instant at) {
    return db.update("UPDATE actions SET effective_at = ? WHERE id = ? AND effective_at IS NULL", at.toString(), rowId) == 1;
  }

  void note(long rowId, String message) {
    db.update("UPDATE actions SET message = ? WHERE id = ?", message, rowId);
  }

  /** Gives the DONE actions among {@code rows} that have none a PENDING clean-up; the caller holds the transaction. */
  void scheduleCleanups(List<Long> rows) {
    for (long row : rows) {
      db.update("UPDATE actions SET cleanup_state = ? WHERE id = ? AND state = ? AND cleanup_state IS NULL",
          CleanupState.PENDING.name(), row, ActionState.DONE.name());
    }
  }

  List<ActionRecord> cleanupsDue(long runId) {
    return query("SELECT * FROM actions WHERE run_id = ? AND cleanup_state IN ('PENDING', 'INTENT') ORDER BY phase_number, seq", runId, null);
  }

  boolean cleanupIntent(long rowId, Instant now) {
    return db.update("UPDATE actions SET cleanup_state = ?, cleanup_at = ? WHERE id = ? AND cleanup_state = ?",
        CleanupState.INTENT.name(), now.toString(), rowId, CleanupState.PENDING.name()) == 1;
  }

  boolean cleanupFinished(long rowId, CleanupState to, String message, Instant now) {
    return db.update("UPDATE actions SET cleanup_state = ?, cleanup_at = ?, cleanup_message = ? WHERE id = ? AND cleanup_state = ?",
        to.name(), now.toString(), message, rowId, CleanupState.INTENT.name()) == 1;
  }

  int changesTo(String resourceId, String key, String value, Instant since) {
    int n = 0;
    for (ActionRecord a : query("SELECT * FROM actions WHERE resource_id = ?", resourceId, null)) {
      if ((a.state() == ActionState.DONE || a.state() == ActionState.UNDONE || a.state() == ActionState.UNDO_INTENT)
          && a.doneAt() != null && !a.doneAt().isBefore(since) && value.equals(a.after().get(key))) n++;
      if (a.state() == ActionState.UNDONE && a.undoneAt() != null && !a.undoneAt().isBefore(since)
          && value.equals(a.plannedBefore().get(key))) n++;
    }
    return n;
  }

  private List<ActionRecord> query(String sql, Object first, Integer second) {
    List<ActionRecord> out = new ArrayList<>();
    try (PreparedStatement ps = db.connection.prepareStatement(sql)) {
      if (first instanceof Long l) ps.setLong(1, l); else ps.setString(1, first.toString());
      if (second != null) ps.setInt(2, second);
      try (ResultSet rs = ps.executeQuery()) {
        TypeReference<LinkedHashMap<String, String>> map = new TypeReference<>() {};
        while (rs.next()) {
          String ob = rs.getString("observed_before_json");
          String oa = rs.getString("observed_after_json");
          out.add(new ActionRecord(rs.getLong("id"), rs.getLong("run_id"), rs.getInt("phase_number"), rs.getInt("seq"),
              rs.getString("action_id"), Families.kindNamed(rs.getString("kind")), rs.getString("resource_id"),
              rs.getString("region"), db.parse(rs.getString("planned_before_json"), map), db.parse(rs.getString("after_json"), map),
              ob == null ? null : db.parse(ob, map), oa == null ? null : db.parse(oa, map), ActionState.valueOf(rs.getString("state")),
              instant(rs.getString("intent_at")), instant(rs.getString("done_at")), instant(rs.getString("undone_at")),
              rs.getString("message"), instant(rs.getString("effective_at")),
              rs.getString("cleanup_state") == null ? null : CleanupState.valueOf(rs.getString("cleanup_state")),
              instant(rs.getString("cleanup_at")), rs.getString("cleanup_message")));
        }
      }
    } catch (SQLException e) {
      throw db.failure(e);
    }
    return out;
  }
}
