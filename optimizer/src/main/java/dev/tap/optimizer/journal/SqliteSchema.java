package dev.tap.optimizer.journal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The journal's tables, its version in {@code schema_info}, and the migrations from older versions
 * (docs/journal.md documents both). A new file gets the current schema; an older one is migrated in
 * place in one transaction; a newer one, or a foreign SQLite database, is refused.
 */
final class SqliteSchema {
  private SqliteSchema() {}

  /** Bump with a migration when the schema changes; a newer file is refused, never half-read. */
  static final int VERSION = 3;

  private static final String[] DDL = {
    "CREATE TABLE schema_info (version INTEGER NOT NULL)",
    """
    CREATE TABLE runs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      plan_id TEXT NOT NULL, plan_sha256 TEXT NOT NULL, plan_source TEXT NOT NULL,
      blueprint TEXT NOT NULL, account TEXT NOT NULL,
      lookback_start TEXT, lookback_end TEXT,
      settings_json TEXT NOT NULL,
      state TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
      outcome TEXT, baseline_json TEXT)""",
    """
    CREATE TABLE phases (
      run_id INTEGER NOT NULL REFERENCES runs(id), number INTEGER NOT NULL, name TEXT NOT NULL,
      observation_seconds INTEGER NOT NULL, state TEXT NOT NULL,
      started_at TEXT, applied_at TEXT, observe_until TEXT, next_check_at TEXT, finished_at TEXT,
      breach_rule TEXT, breach_value REAL, breach_threshold REAL, error TEXT, effective_at TEXT,
      PRIMARY KEY (run_id, number))""",
    """
    CREATE TABLE actions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      run_id INTEGER NOT NULL REFERENCES runs(id), phase_number INTEGER NOT NULL, seq INTEGER NOT NULL,
      action_id TEXT NOT NULL, kind TEXT NOT NULL, resource_id TEXT NOT NULL, region TEXT NOT NULL,
      planned_before_json TEXT NOT NULL, after_json TEXT NOT NULL,
      observed_before_json TEXT, observed_after_json TEXT,
      state TEXT NOT NULL, intent_at TEXT, done_at TEXT, undone_at TEXT, message TEXT,
      effective_at TEXT, cleanup_state TEXT, cleanup_at TEXT, cleanup_message TEXT,
      UNIQUE (run_id, action_id), UNIQUE (run_id, phase_number, seq))""",
    """
    CREATE TABLE guard_readings (
      run_id INTEGER NOT NULL REFERENCES runs(id), phase_number INTEGER NOT NULL, checked_at TEXT NOT NULL,
      rule TEXT NOT NULL, metric TEXT NOT NULL, stat TEXT NOT NULL, value REAL, threshold REAL NOT NULL,
      breached INTEGER NOT NULL, baseline REAL, control REAL,
      PRIMARY KEY (run_id, phase_number, checked_at, rule))""",
    // no longer written: run locks live in the account (exec.AccountLock); kept so every journal has one schema
    """
    CREATE TABLE locks (
      scope TEXT PRIMARY KEY, run_id INTEGER, owner_pid INTEGER NOT NULL, owner_host TEXT NOT NULL,
      acquired_at TEXT NOT NULL)""",
    """
    CREATE TABLE events (
      id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL, at TEXT NOT NULL, message TEXT NOT NULL)""",
  };

  /**
   * Version 1 -> 2 (additive): when a change that waited for the maintenance window took effect
   * (phases and actions), and the clean-up after a passed observation window (actions). A phase
   * observed under version 1 took effect when it was applied.
   */
  private static final String[] MIGRATE_1_TO_2 = {
    "ALTER TABLE phases ADD COLUMN effective_at TEXT",
    "ALTER TABLE actions ADD COLUMN effective_at TEXT",
    "ALTER TABLE actions ADD COLUMN cleanup_state TEXT",
    "ALTER TABLE actions ADD COLUMN cleanup_at TEXT",
    "ALTER TABLE actions ADD COLUMN cleanup_message TEXT",
    "UPDATE phases SET effective_at = applied_at WHERE applied_at IS NOT NULL",
    "UPDATE schema_info SET version = 2",
  };

  /**
   * Version 2 -> 3 (additive): what each guard reading was attributed against, the same hour of
   * the week in the baseline and the control window before the phase; unknown (null) for older readings.
   */
  private static final String[] MIGRATE_2_TO_3 = {
    "ALTER TABLE guard_readings ADD COLUMN baseline REAL",
    "ALTER TABLE guard_readings ADD COLUMN control REAL",
    "UPDATE schema_info SET version = 3",
  };

  /**
   * Creates the schema in an empty file or brings an older one to {@link #VERSION}; refuses anything
   * else. Looks and changes in one write transaction: two processes opening a new file at once do
   * not both create the tables.
   */
  static void migrate(SqliteDb db) throws SQLException {
    try (Statement s = db.connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
    }
    try {
      migrateLocked(db);
      try (Statement s = db.connection.createStatement()) {
        s.execute("COMMIT");
      }
    } catch (SQLException | RuntimeException e) {
      try (Statement s = db.connection.createStatement()) {
        s.execute("ROLLBACK");
      }
      throw e;
    }
  }

  private static void migrateLocked(SqliteDb db) throws SQLException {
    boolean exists;
    try (ResultSet rs = db.connection.getMetaData().getTables(null, null, "schema_info", null)) {
      exists = rs.next();
    }
    if (!exists) {
      boolean empty;
      try (Statement s = db.connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'")) {
        empty = rs.next() && rs.getInt(1) == 0;
      }
      if (!empty) {
        throw new SQLException("it holds tables but no schema_info: it is some other SQLite database");
      }
      execute(db, DDL, "INSERT INTO schema_info (version) VALUES (" + VERSION + ")");
      return;
    }
    int version;
    try (Statement s = db.connection.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM schema_info")) {
      version = rs.next() ? rs.getInt(1) : -1;
    }
    if (version == 1) {
      execute(db, MIGRATE_1_TO_2);
      version = 2;
    }
    if (version == 2) {
      execute(db, MIGRATE_2_TO_3);
      version = 3;
    }
    if (version != VERSION) {
      throw new SQLException("its schema version is " + version + " but this tap reads version " + VERSION
          + (version > VERSION ? "; use the tap that wrote it" : ""));
    }
  }

  private static void execute(SqliteDb db, String[] statements, String... more) throws SQLException {
    try (Statement s = db.connection.createStatement()) {
      for (String sql : statements) s.execute(sql);
      for (String sql : more) s.execute(sql);
    }
  }
}
