package dev.tap.optimizer.journal;

import static dev.tap.optimizer.journal.SqliteDb.instant;
import static dev.tap.optimizer.journal.SqliteDb.json;
import static dev.tap.optimizer.journal.SqliteDb.nullableDouble;
import static dev.tap.optimizer.journal.SqliteDb.str;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tap.optimizer.exec.PhaseRecord;
import dev.tap.optimizer.exec.PhaseState;
import dev.tap.optimizer.exec.RunRecord;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The {@code runs} and {@code phases} tables. Every transition is one UPDATE conditional on the row's state. */
final class SqliteRuns {
  private final SqliteDb db;

  SqliteRuns(SqliteDb db) {
    this.db = db;
  }

  /** Inserts the RUNNING run and its PENDING phases; the caller holds the transaction. */
  long insert(Plan plan, String planSha256, String planSource, RunSettings settings, Instant now) throws SQLException {
    long runId;
    try (PreparedStatement ps = db.connection.prepareStatement(
        "INSERT INTO runs (plan_id, plan_sha256, plan_source, blueprint, account, lookback_start, lookback_end,"
            + " settings_json, state, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, plan.id());
      ps.setString(2, planSha256);
      ps.setString(3, planSource);
      ps.setString(4, plan.blueprint());
      ps.setString(5, plan.account());
      ps.setString(6, str(plan.lookbackStart()));
      ps.setString(7, str(plan.lookbackEnd()));
      ps.setString(8, json(settings));
      ps.setString(9, RunState.RUNNING.name());
      ps.setString(10, now.toString());
      ps.setString(11, now.toString());
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        runId = keys.getLong(1);
      }
    }
    for (Phase phase : plan.phases()) {
      try (PreparedStatement ps = db.connection.prepareStatement(
          "INSERT INTO phases (run_id, number, name, observation_seconds, state) VALUES (?,?,?,?,?)")) {
        ps.setLong(1, runId);
        ps.setInt(2, phase.number());
        ps.setString(3, phase.name());
        ps.setLong(4, settings.observationFor(phase).toSeconds());
        ps.setString(5, PhaseState.PENDING.name());
        ps.executeUpdate();
      }
    }
    return runId;
  }

  Optional<RunRecord> find(long runId) {
    List<RunRecord> rows = query("SELECT * FROM runs WHERE id = " + runId);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  List<RunRecord> all() {
    return query("SELECT * FROM runs ORDER BY id");
  }

  boolean transition(long runId, RunState from, RunState to, String outcome, Instant now) {
    return db.update("UPDATE runs SET state = ?, outcome = coalesce(?, outcome), updated_at = ? WHERE id = ? AND state = ?",
        to.name(), outcome, now.toString(), runId, from.name()) == 1;
  }

  void setBaselineOnce(long runId, Map<Integer, Double> p99ByHour) {
    db.update("UPDATE runs SET baseline_json = ? WHERE id = ? AND baseline_json IS NULL", json(p99ByHour), runId);
  }

  List<PhaseRecord> phases(long runId) {
    List<PhaseRecord> out = new ArrayList<>();
    try (PreparedStatement ps = db.connection.prepareStatement("SELECT * FROM phases WHERE run_id = ? ORDER BY number")) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new PhaseRecord(rs.getLong("run_id"), rs.getInt("number"), rs.getString("name"),
              Duration.ofSeconds(rs.getLong("observation_seconds")), PhaseState.valueOf(rs.getString("state")),
              instant(rs.getString("started_at")), instant(rs.getString("applied_at")), instant(rs.getString("observe_until")),
              instant(rs.getString("next_check_at")), instant(rs.getString("finished_at")), rs.getString("breach_rule"),
              nullableDouble(rs, "breach_value"), nullableDouble(rs, "breach_threshold"),
              rs.getString("error"), instant(rs.getString("effective_at"))));
        }
      }
    } catch (SQLException e) {
      throw db.failure(e);
    }
    return out;
  }

  boolean phaseStarted(long runId, int number, Instant now) {
    return db.update("UPDATE phases SET state = ?, started_at = ? WHERE run_id = ? AND number = ? AND state = ?",
        PhaseState.APPLYING.name(), now.toString(), runId, number, PhaseState.PENDING.name()) == 1;
  }

  boolean phaseObserving(long runId, int number, Instant now, Instant observeUntil, Instant firstCheck) {
    return db.update("UPDATE phases SET state = ?, applied_at = ?, effective_at = ?, observe_until = ?, next_check_at = ?"
            + " WHERE run_id = ? AND number = ? AND state = ?",
        PhaseState.OBSERVING.name(), now.toString(), now.toString(), observeUntil.toString(), firstCheck.toString(), runId, number,
        PhaseState.APPLYING.name()) == 1;
  }

  boolean phaseAwaitingWindow(long runId, int number, Instant now, Instant nextRead) {
    return db.update("UPDATE phases SET state = ?, applied_at = ?, next_check_at = ? WHERE run_id = ? AND number = ? AND state = ?",
        PhaseState.AWAITING_WINDOW.name(), now.toString(), nextRead.toString(), runId, number, PhaseState.APPLYING.name()) == 1;
  }

  boolean phaseEffective(long runId, int number, Instant effectiveAt, Instant observeUntil, Instant firstCheck) {
    return db.update("UPDATE phases SET state = ?, effective_at = ?, observe_until = ?, next_check_at = ? WHERE run_id = ? AND number = ? AND state = ?",
        PhaseState.OBSERVING.name(), effectiveAt.toString(), observeUntil.toString(), firstCheck.toString(), runId, number,
        PhaseState.AWAITING_WINDOW.name()) == 1;
  }

  boolean nextCheck(long runId, int number, Instant checked, Instant next) {
    return db.update("UPDATE phases SET next_check_at = ? WHERE run_id = ? AND number = ? AND state IN (?, ?) AND next_check_at = ?",
        next.toString(), runId, number, PhaseState.OBSERVING.name(), PhaseState.AWAITING_WINDOW.name(), checked.toString()) == 1;
  }

  boolean phasePassed(long runId, int number, PhaseState from, Instant now) {
    return db.update("UPDATE phases SET state = ?, finished_at = ? WHERE run_id = ? AND number = ? AND state = ?",
        PhaseState.PASSED.name(), now.toString(), runId, number, from.name()) == 1;
  }

  boolean phaseRollingBack(long runId, int number, PhaseState from, String breachRule, Double value, Double threshold, String error) {
    return db.update("UPDATE phases SET state = ?, breach_rule = ?, breach_value = ?, breach_threshold = ?, error = ?"
            + " WHERE run_id = ? AND number = ? AND state = ?",
        PhaseState.ROLLING_BACK.name(), breachRule, value, threshold, error, runId, number, from.name()) == 1;
  }

  boolean phaseRolledBack(long runId, int number, Instant now) {
    return db.update("UPDATE phases SET state = ?, finished_at = ? WHERE run_id = ? AND number = ? AND state = ?",
        PhaseState.ROLLED_BACK.name(), now.toString(), runId, number, PhaseState.ROLLING_BACK.name()) == 1;
  }

  int phasesNotStarted(long runId) {
    return db.update("UPDATE phases SET state = ? WHERE run_id = ? AND state = ?",
        PhaseState.NOT_STARTED.name(), runId, PhaseState.PENDING.name());
  }

  private List<RunRecord> query(String sql) {
    List<RunRecord> out = new ArrayList<>();
    try (Statement s = db.connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        String baseline = rs.getString("baseline_json");
        out.add(new RunRecord(rs.getLong("id"), rs.getString("plan_id"), rs.getString("plan_sha256"), rs.getString("plan_source"),
            rs.getString("blueprint"), rs.getString("account"), instant(rs.getString("lookback_start")),
            instant(rs.getString("lookback_end")), db.parse(rs.getString("settings_json"), new TypeReference<RunSettings>() {}),
            RunState.valueOf(rs.getString("state")), Instant.parse(rs.getString("created_at")),
            Instant.parse(rs.getString("updated_at")), rs.getString("outcome"),
            baseline == null ? null : new TreeMap<>(db.parse(baseline, new TypeReference<Map<Integer, Double>>() {}))));
      }
    } catch (SQLException e) {
      throw db.failure(e);
    }
    return out;
  }
}
