package dev.tap.optimizer.exec;

import static dev.tap.optimizer.exec.Plans.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.journal.SqliteJournal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  @TempDir Path dir;
  static final List<String> SCOPE = List.of("123456789012/us-east-1");

  @Test
  void aSecondOwnerIsRefusedWhileTheFirstIsAlive_evenWithTheBreakFlag() {
    try (Journal j = SqliteJournal.open(dir.resolve("s.db"))) {
      RunLock first = RunLock.acquire(j, SCOPE, 1L, false, T0, 100, "host-a", pid -> true);
      assertThatThrownBy(() -> RunLock.acquire(j, SCOPE, 2L, true, T0, 200, "host-a", pid -> true))
          .isInstanceOf(UserError.class)
          .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(ExitCode.REFUSED))
          .hasMessageContaining("pid 100").hasMessageContaining("still running");
      first.close();
      RunLock.acquire(j, SCOPE, 2L, false, T0, 200, "host-a", pid -> true).close();
    }
  }

  @Test
  void aStaleLockIsBrokenOnlyWithTheExplicitFlag() {
    try (Journal j = SqliteJournal.open(dir.resolve("s.db"))) {
      RunLock.acquire(j, SCOPE, 1L, false, T0, 100, "host-a", pid -> true); // never released: the owner "died"
      assertThatThrownBy(() -> RunLock.acquire(j, SCOPE, 2L, false, T0, 200, "host-a", pid -> pid != 100))
          .hasMessageContaining("no longer running").hasMessageContaining("--break-stale-lock");
      try (RunLock taken = RunLock.acquire(j, SCOPE, 2L, true, T0, 200, "host-a", pid -> pid != 100)) {
        assertThat(j.locks()).singleElement().satisfies(l -> assertThat(l.ownerPid()).isEqualTo(200));
      }
      assertThat(j.locks()).isEmpty();
    }
  }

  @Test
  void aLockHeldFromAnotherHostIsNeverBroken() {
    try (Journal j = SqliteJournal.open(dir.resolve("s.db"))) {
      RunLock.acquire(j, SCOPE, 1L, false, T0, 100, "host-b", pid -> false);
      assertThatThrownBy(() -> RunLock.acquire(j, SCOPE, 2L, true, T0, 200, "host-a", pid -> false))
          .hasMessageContaining("on another host");
    }
  }

  @Test
  void theRealProcessCanTakeAndReleaseItsLock() {
    try (Journal j = SqliteJournal.open(dir.resolve("s.db"))) {
      try (RunLock l = RunLock.acquire(j, SCOPE, 1L, false, T0)) {
        assertThat(j.locks()).hasSize(1);
        // The same process may take it again (a command that resumes what it started).
        RunLock.acquire(j, SCOPE, 1L, false, T0);
      }
      assertThat(j.locks()).isEmpty();
    }
  }
}
