package dev.tap.optimizer.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.aws.MotoJournalTables;
import dev.tap.optimizer.sim.actions.SimAccountLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RunLock's rules over each lock store: the simulated account's lock files and the DynamoDB journal
 * table's lock items (on moto; the SSM parameter is tested against moto in AwsAccountLockMotoTest).
 */
class RunLockTest {
  @TempDir Path dir;
  static final List<String> EAST = List.of("us-east-1");
  static final Instant SINCE = Instant.parse("2026-12-07T02:00:00Z");

  /** Where a test's locks live; each {@code get()} is a new adapter instance on the same store. */
  enum LockStore {
    FILES {
      @Override
      Supplier<AccountLock> at(Path dir) {
        return () -> new SimAccountLock(dir, "123456789012");
      }
    },
    DYNAMODB {
      @Override
      Supplier<AccountLock> at(Path dir) {
        String table = MotoJournalTables.newTable();
        return () -> MotoJournalTables.lock(table, "123456789012");
      }
    };

    abstract Supplier<AccountLock> at(Path dir);
  }

  Supplier<AccountLock> store;

  AccountLock account() {
    return store.get();
  }

  /** Whether nobody holds {@code region}: a probe owner can take it (and gives it back). */
  boolean free(String region) {
    LockOwner probe = owner("probe", 1, "probe-host", "/probe.db");
    if (account().tryCreate(region, probe).isPresent()) return false;
    account().release(region, probe);
    return true;
  }

  static LockOwner owner(String token, long pid, String host, String journal) {
    return new LockOwner(token, pid, host, SINCE, journal, null, SINCE);
  }

  static void refused(Runnable r, String... fragments) {
    assertThatThrownBy(r::run).isInstanceOf(UserError.class)
        .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(ExitCode.REFUSED))
        .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
  }

  @ParameterizedTest
  @EnumSource(LockStore.class)
  void aSecondOwnerIsRefusedWhileTheFirstIsAlive_evenWhenItMayTakeOverTheDead(LockStore where) {
    store = where.at(dir);
    LockOwner first = owner("a", 100, "host-a", "/srv/a.db");
    RunLock held = RunLock.acquire(account(), EAST, first, false, o -> true);
    refused(() -> RunLock.acquire(account(), EAST, owner("b", 200, "host-a", "/srv/b.db"), true, o -> true),
        "pid 100 on host host-a", "journal /srv/a.db", "still running", "tap status --state /srv/a.db");
    held.close();
    RunLock.acquire(account(), EAST, owner("b", 200, "host-a", "/srv/b.db"), false, o -> true).close();
  }

  @ParameterizedTest
  @EnumSource(LockStore.class)
  void aDeadOwnerOnThisHostIsTakenOverOnlyWhenAllowed(LockStore where) {
    store = where.at(dir);
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

  @ParameterizedTest
  @EnumSource(LockStore.class)
  void anOwnerOnAnotherHostIsNeverTakenOver(LockStore where) {
    store = where.at(dir);
    RunLock.acquire(account(), EAST, owner("remote", 100, "host-b", "/srv/a.db"), false, o -> true);
    refused(() -> RunLock.acquire(account(), EAST, owner("me", 200, "host-a", "/srv/b.db"), true, o -> false),
        "pid 100 on host host-b", "another host", "will not take the lock over", account().removeCommand("us-east-1"), account().where("us-east-1"));
  }

  /** Minutes since the remote owner's last renewal, whether a resume may take it over, and whether it does. */
  @ParameterizedTest(name = "{0}: renewed {1} min ago, take over {2} -> taken {3}")
  @CsvSource({
      "FILES,     14, true,  false",
      "FILES,     16, true,  true",
      "FILES,     16, false, false",
      "DYNAMODB,  14, true,  false",
      "DYNAMODB,  16, true,  true",
      "DYNAMODB,  16, false, false"})
  void anOwnerOnAnotherHostIsTakenOverOnlyOnceItsLeaseHasExpired(LockStore where, long minutesAgo, boolean takeOver, boolean taken) {
    store = where.at(dir);
    Instant now = SINCE.plus(Duration.ofHours(1));
    LockOwner remote = owner("remote", 100, "fargate-task-1", "dynamodb://tap-journal").renewedAt(now.minus(Duration.ofMinutes(minutesAgo)));
    RunLock.acquire(account(), EAST, remote, false, o -> true, SINCE); // never closed: its task was killed
    LockOwner me = owner("me", 200, "fargate-task-2", "dynamodb://tap-journal");
    if (taken) {
      try (RunLock lock = RunLock.acquire(account(), EAST, me, takeOver, o -> true, now)) {
        assertThat(lock.tookOver()).extracting(LockOwner::token).containsExactly("remote");
      }
      assertThat(free("us-east-1")).isTrue();
    } else if (minutesAgo > RunLock.LEASE.toMinutes()) {
      refused(() -> RunLock.acquire(account(), EAST, me, takeOver, o -> true, now), "has not renewed the lock for more than 15 minutes",
          "tap resume --state dynamodb://tap-journal");
    } else {
      refused(() -> RunLock.acquire(account(), EAST, me, takeOver, o -> true, now), "another host", "will not take the lock over");
    }
  }

  @ParameterizedTest
  @EnumSource(LockStore.class)
  void aRenewalKeepsTheLease_andAnOwnerTakenOverLearnsIt(LockStore where) {
    store = where.at(dir);
    LockOwner first = owner("first", 100, "host-b", "/srv/a.db").renewedAt(SINCE);
    RunLock held = RunLock.acquire(account(), EAST, first, false, o -> true, SINCE);
    Instant later = SINCE.plus(Duration.ofMinutes(10));
    assertThat(held.renew(later)).isTrue();
    assertThat(held.owner().renewed()).isEqualTo(later);
    // 20 minutes after the first acquisition but 10 after the renewal: still held
    refused(() -> RunLock.acquire(account(), EAST, owner("me", 200, "host-a", "/srv/b.db"), true, o -> true, SINCE.plus(Duration.ofMinutes(20))),
        "will not take the lock over");
    // a missed lease: taken over, and the first owner's next renewal says it no longer holds the lock
    RunLock second = RunLock.acquire(account(), EAST, owner("me", 200, "host-a", "/srv/b.db"), true, o -> true, later.plus(Duration.ofMinutes(16)));
    assertThat(held.renew(later.plus(Duration.ofMinutes(17)))).isFalse();
    assertThat(held.lost()).isTrue();
    // once lost, a renewal writes nothing: the new holder's lock stays as it is, and closing leaves it alone
    assertThat(held.renew(later.plus(Duration.ofMinutes(22)))).isFalse();
    held.close();
    assertThat(free("us-east-1")).isFalse();
    second.close();
    assertThat(free("us-east-1")).isTrue();
  }

  @ParameterizedTest
  @EnumSource(LockStore.class)
  void everyRegionOrNone_andTheRunIsNamedOnceItExists(LockStore where) {
    store = where.at(dir);
    RunLock west = RunLock.acquire(account(), List.of("us-west-2"), owner("w", 100, "host-a", "/srv/a.db"), false, o -> true);
    refused(() -> RunLock.acquire(account(), List.of("us-east-1", "us-west-2"), owner("me", 200, "host-a", "/srv/b.db"), false, o -> true),
        "us-west-2");
    assertThat(free("us-east-1")).as("the region taken first is given back").isTrue();
    west.attach(12);
    refused(() -> RunLock.acquire(account(), List.of("us-west-2"), owner("me", 200, "host-a", "/srv/b.db"), false, o -> true),
        "run 12 in journal /srv/a.db");
    west.close();
    west.close(); // a signal handler and the command may both close it
    assertThat(free("us-west-2")).isTrue();
  }

  @ParameterizedTest
  @EnumSource(LockStore.class)
  void releaseLeavesAnotherOwnersLockAlone(LockStore where) {
    store = where.at(dir);
    AccountLock lock = account();
    LockOwner a = owner("a", 100, "host-a", "/srv/a.db");
    assertThat(lock.tryCreate("us-east-1", a)).isEmpty();
    lock.release("us-east-1", owner("b", 100, "host-a", "/srv/a.db"));
    assertThat(lock.tryCreate("us-east-1", owner("c", 1, "h", "/x.db"))).hasValueSatisfying(o -> assertThat(o.token()).isEqualTo("a"));
    assertThat(lock.replace("us-east-1", owner("b", 1, "h", "/x.db"), owner("c", 1, "h", "/x.db"))).isFalse();
  }

  @Test
  void aLockFileTapCannotReadRefusesNamingTheFile() throws Exception {
    store = LockStore.FILES.at(dir);
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
    assertThat(o.renewed()).isEqualTo(SINCE);
    // an older tap's lock has no renewal line: it reads as an owner that never renews
    LockOwner old = owner("old", 1, "h", "/x.db");
    assertThat(old.encode()).doesNotContain("renewed");
    assertThat(LockOwner.decode(old.encode(), "here").renewed()).isNull();
  }

  static long deadPid() {
    for (long pid = 4_000_000; ; pid--) if (ProcessHandle.of(pid).isEmpty()) return pid;
  }
}
