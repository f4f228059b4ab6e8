package dev.tap.optimizer.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.sim.actions.SimAccountLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RunLock's rules over the simulated account's lock files (the AWS adapter is tested against moto). */
class RunLockTest {
  @TempDir Path dir;
  static final List<String> EAST = List.of("us-east-1");
  static final Instant SINCE = Instant.parse("2026-12-07T02:00:00Z");

  AccountLock account() {
    return new SimAccountLock(dir, "123456789012");
  }

  static LockOwner owner(String token, long pid, String host, String journal) {
    return new LockOwner(token, pid, host, SINCE, journal, null, SINCE);
  }

  static void refused(Runnable r, String... fragments) {
    assertThatThrownBy(r::run).isInstanceOf(UserError.class)
        .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(ExitCode.REFUSED))
        .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
  }

  @Test
  void aSecondOwnerIsRefusedWhileTheFirstIsAlive_evenWhenItMayTakeOverTheDead() {
    LockOwner first = owner("a", 100, "host-a", "/srv/a.db");
    RunLock held = RunLock.acquire(account(), EAST, first, false, o -> true);
    refused(() -> RunLock.acquire(account(), EAST, owner("b", 200, "host-a", "/srv/b.db"), true, o -> true),
        "pid 100 on host host-a", "journal /srv/a.db", "still running", "tap status --state /srv/a.db");
    held.close();
    RunLock.acquire(account(), EAST, owner("b", 200, "host-a", "/srv/b.db"), false, o -> true).close();
  }

  @Test
  void aDeadOwnerOnThisHostIsTakenOverOnlyWhenAllowed() {
    RunLock.acquire(account(), EAST, owner("dead", 100, "host-a", "/srv/a.db").withRun(7), false, o -> true); // never closed: it "died"
    LockOwner me = owner("me", 200, "host-a", "/srv/b.db");
    refused(() -> RunLock.acquire(account(), EAST, me, false, o -> false),
        "run 7 in journal /srv/a.db", "no longer running", "tap resume --state /srv/a.db", "--break-stale-lock");
    try (RunLock taken = RunLock.acquire(account(), EAST, me, true, o -> false)) {
      assertThat(taken.tookOver()).singleElement().satisfies(o -> assertThat(o.token()).isEqualTo("dead"));
      refused(() -> RunLock.acquire(account(), EAST, owner("third", 300, "host-a", "/srv/c.db"), true, o -> o.pid() != 100),
          "pid 200", "still running");
    }
  }

  @Test
  void anOwnerOnAnotherHostIsNeverTakenOver() {
    RunLock.acquire(account(), EAST, owner("remote", 100, "host-b", "/srv/a.db"), false, o -> true);
    refused(() -> RunLock.acquire(account(), EAST, owner("me", 200, "host-a", "/srv/b.db"), true, o -> false),
        "pid 100 on host host-b", "another host", "will not take the lock over", "rm " + dir.resolve("123456789012-us-east-1.lock"));
  }

  @Test
  void everyRegionOrNone_andTheRunIsNamedOnceItExists() {
    RunLock west = RunLock.acquire(account(), List.of("us-west-2"), owner("w", 100, "host-a", "/srv/a.db"), false, o -> true);
    refused(() -> RunLock.acquire(account(), List.of("us-east-1", "us-west-2"), owner("me", 200, "host-a", "/srv/b.db"), false, o -> true),
        "us-west-2");
    assertThat(dir.resolve("123456789012-us-east-1.lock")).as("the region taken first is given back").doesNotExist();
    west.attach(12);
    refused(() -> RunLock.acquire(account(), List.of("us-west-2"), owner("me", 200, "host-a", "/srv/b.db"), false, o -> true),
        "run 12 in journal /srv/a.db");
    west.close();
    west.close(); // a signal handler and the command may both close it
    assertThat(dir.resolve("123456789012-us-west-2.lock")).doesNotExist();
  }

  @Test
  void releaseLeavesAnotherOwnersLockAlone() {
    AccountLock lock = account();
    LockOwner a = owner("a", 100, "host-a", "/srv/a.db");
    assertThat(lock.tryCreate("us-east-1", a)).isEmpty();
    lock.release("us-east-1", owner("b", 100, "host-a", "/srv/a.db"));
    assertThat(lock.tryCreate("us-east-1", owner("c", 1, "h", "/x.db"))).hasValueSatisfying(o -> assertThat(o.token()).isEqualTo("a"));
    assertThat(lock.replace("us-east-1", owner("b", 1, "h", "/x.db"), owner("c", 1, "h", "/x.db"))).isFalse();
  }

  @Test
  void aLockFileTapCannotReadRefusesNamingTheFile() throws Exception {
    Files.writeString(dir.resolve("123456789012-us-east-1.lock"), "not a lock");
    refused(() -> RunLock.acquire(account(), EAST, owner("me", 1, "h", "/x.db"), true, o -> false),
        "lock file " + dir.resolve("123456789012-us-east-1.lock"), "not a lock tap can read");
  }

  @Test
  void theLocalProbeKnowsThisProcess_andAReusedPidIsNotTheOwner() {
    LockOwner me = LockOwner.thisProcess("/srv/a.db", null, SINCE);
    assertThat(RunLock.ProcessProbe.LOCAL.alive(me)).isTrue();
    LockOwner reused = new LockOwner("x", me.pid(), me.host(), me.processStart() == null ? null : me.processStart().minusSeconds(3600),
        "/srv/a.db", null, SINCE);
    if (me.processStart() != null) assertThat(RunLock.ProcessProbe.LOCAL.alive(reused)).isFalse();
    assertThat(RunLock.ProcessProbe.LOCAL.alive(new LockOwner("y", deadPid(), me.host(), null, "/srv/a.db", null, SINCE))).isFalse();
  }

  @Test
  void theOwnerRoundTripsThroughTheLockObject() {
    LockOwner o = LockOwner.thisProcess("/srv/a b.db", null, SINCE).withRun(3);
    assertThat(LockOwner.decode(o.encode(), "here")).isEqualTo(o);
  }

  static long deadPid() {
    for (long pid = 4_000_000; ; pid--) if (ProcessHandle.of(pid).isEmpty()) return pid;
  }
}
