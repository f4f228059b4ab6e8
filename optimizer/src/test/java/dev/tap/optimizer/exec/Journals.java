package dev.tap.optimizer.exec;

import dev.tap.optimizer.aws.MotoJournalTables;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.sim.actions.SimAccountLock;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The journals every journal test runs against: the SQLite file and the DynamoDB table (on moto;
 * those cases are skipped, with the reason, where moto_server is absent). {@link Store#at} gives a
 * place for one test's journal; each {@link Place#open()} is a new instance on it, as a second
 * process or machine would have.
 */
final class Journals {
  private Journals() {}

  static final String ACCOUNT = "123456789012";

  /** What the store itself holds for a run, read without the Journal: rows a crash must neither lose nor duplicate. */
  record Stored(int actions, int distinctActionIds, int phases) {}

  interface Place {
    /** A new journal instance on this place (creating the store on first use). */
    Journal open();

    /** Counted in the store itself. */
    Stored stored(long runId);

    /** The account lock that goes with this journal: the simulated account's lock files, or the table's lock items. */
    AccountLock lock();
  }

  enum Store {
    SQLITE {
      @Override
      Place at(Path dir) {
        Path file = dir.resolve("state.db");
        return new Place() {
          @Override
          public Journal open() {
            return SqliteJournal.open(file);
          }

          @Override
          public Stored stored(long runId) {
            try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
              int actions;
              int distinct;
              try (var rs = s.executeQuery("SELECT count(*), count(DISTINCT action_id) FROM actions WHERE run_id = " + runId)) {
                rs.next();
                actions = rs.getInt(1);
                distinct = rs.getInt(2);
              }
              try (var rs = s.executeQuery("SELECT count(*) FROM phases WHERE run_id = " + runId)) {
                rs.next();
                return new Stored(actions, distinct, rs.getInt(1));
              }
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          }

          @Override
          public AccountLock lock() {
            return new SimAccountLock(dir, ACCOUNT);
          }
        };
      }
    },
    DYNAMODB {
      @Override
      Place at(Path dir) {
        String table = MotoJournalTables.newTable();
        return new Place() {
          @Override
          public Journal open() {
            return MotoJournalTables.open(table);
          }

          @Override
          public Stored stored(long runId) {
            String pk = String.format(java.util.Locale.ROOT, "RUN#%012d", runId);
            int[] actions = MotoJournalTables.count(table, pk, "ACTION#", "actionId");
            int[] phases = MotoJournalTables.count(table, pk, "PHASE#", "number");
            return new Stored(actions[0], actions[1], phases[0]);
          }

          @Override
          public AccountLock lock() {
            return MotoJournalTables.lock(table, ACCOUNT);
          }
        };
      }
    };

    abstract Place at(Path dir);

    /**
     * Whether two writes sent at the same instant are isolated from each other. SQLite's are; moto
     * applies a conditional write without isolation from a concurrent one (seen: two winners of one
     * condition, one ADD result given twice), which DynamoDB itself does not. Races on this store
     * are run in turn (each call a separate instance and connection), proving the conditions, not
     * the emulator's isolation.
     */
    boolean isolatesConcurrentWrites() {
      return this == SQLITE;
    }
  }
}
