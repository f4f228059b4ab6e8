package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.ExecutionTarget;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.GuardPolicy;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.LockOwner;
import dev.tap.optimizer.exec.PhaseState;
import dev.tap.optimizer.exec.RunLock;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.plan.PlanJson;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import dev.tap.optimizer.sim.actions.SimAccountLock;
import dev.tap.optimizer.sim.actions.SimTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The account lock through the command line: two applies on one simulated account with two
 * journals, a resume that takes over a dead owner's lock but not a living or remote one, and a
 * signal that stops a run between steps and releases the lock.
 */
class AccountLockCommandsTest {
  @TempDir Path dir;
  Path home;

  @BeforeEach
  void ownSimulatedAccountHome() {
    home = dir.resolve("sim-home");
    System.setProperty(SimAccountLock.HOME_PROPERTY, home.toString());
  }

  @AfterEach
  void clear() {
    System.clearProperty(SimAccountLock.HOME_PROPERTY);
  }

  Path plan() {
    ExecCommandsTest helper = new ExecCommandsTest();
    helper.dir = dir;
    return helper.modestPlan();
  }

  Path lockFile() {
    return home.resolve(ExecCommandsTest.ACCOUNT + "-us-east-1.lock");
  }

  /** Passes writes through, but holds the writing thread once the output contains {@code at}, until released. */
  static final class PausingWriter extends Writer {
    final StringBuilder text = new StringBuilder();
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch resume = new CountDownLatch(1);
    final String at;

    PausingWriter(String at) {
      this.at = at;
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
      boolean pause;
      synchronized (text) {
        text.append(cbuf, off, len);
        pause = reached.getCount() > 0 && text.indexOf(at) >= 0;
      }
      if (pause) {
        reached.countDown();
        try {
          resume.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void twoConcurrentAppliesOnOneAccountWithTwoJournals_theSecondExits4NamingTheFirst() throws Exception {
    Path plan = plan();
    Path a = dir.resolve("a.db");
    Path b = dir.resolve("b.db");
    // the first apply, paused while it applies its first phase (it holds the account lock)
    PausingWriter firstOut = new PausingWriter("): applying");
    StringWriter firstErr = new StringWriter();
    CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> {
      CommandLine cl = TapCli.newCommandLine();
      cl.setOut(new PrintWriter(firstOut));
      cl.setErr(new PrintWriter(firstErr));
      return cl.execute("apply", plan.toString(), "--state", a.toString(), "--yes");
    });
    assertThat(firstOut.reached.await(60, TimeUnit.SECONDS)).as("the first apply reaches its first phase: " + firstOut.text + firstErr).isTrue();

    ExecCommandsTest.Result second = ExecCommandsTest.tap("apply", plan.toString(), "--state", b.toString(), "--yes");
    assertThat(second.exit()).as(second.out() + second.err()).isEqualTo(4);
    assertThat(second.err()).contains("another tap holds the lock of this account in us-east-1")
        .contains("lock file " + lockFile())
        .contains("pid " + ProcessHandle.current().pid())
        .contains("run 1 in journal " + a.toAbsolutePath().normalize())
        .contains("still running");
    try (Journal jb = SqliteJournal.openExisting(b)) {
      assertThat(jb.runs()).as("the second apply changed nothing").isEmpty();
    } catch (RuntimeException noJournal) {
      // equally fine: the refused apply left no runs behind
    }

    firstOut.resume.countDown();
    assertThat(first.get(60, TimeUnit.SECONDS)).as(firstOut.text + firstErr.toString()).isZero();
    assertThat(firstOut.text).contains("run 1: COMPLETED");
    assertThat(lockFile()).as("released when the first apply ended").doesNotExist();

    ExecCommandsTest.Result after = ExecCommandsTest.tap("apply", plan.toString(), "--state", b.toString(), "--yes");
    assertThat(after.exit()).as(after.out() + after.err()).isZero();
  }

  @Test
  void resumeTakesOverADeadOwnersLock_butNotALiveOrRemoteOne() throws Exception {
    Path state = dir.resolve("state.db");
    assertThat(ExecCommandsTest.tap("apply", plan().toString(), "--state", state.toString(), "--yes", "--detach").exit()).isZero();
    String journal = state.toAbsolutePath().normalize().toString();
    String host = LockOwner.thisProcess(journal, null, Instant.EPOCH).host();
    SimAccountLock lock = new SimAccountLock(home, ExecCommandsTest.ACCOUNT);

    long alivePid = ProcessHandle.current().parent().orElseThrow().pid();
    LockOwner alive = new LockOwner("alive", alivePid, host, null, journal, 1L, Instant.EPOCH);
    assertThat(lock.tryCreate("us-east-1", alive)).isEmpty();
    ExecCommandsTest.Result blocked = ExecCommandsTest.tap("resume", "--state", state.toString());
    assertThat(blocked.exit()).isEqualTo(4);
    assertThat(blocked.err()).contains("pid " + alivePid).contains("still running");
    lock.release("us-east-1", alive);

    LockOwner remote = new LockOwner("remote", 42, "another-host.example", null, "/elsewhere/s.db", 1L, Instant.EPOCH);
    assertThat(lock.tryCreate("us-east-1", remote)).isEmpty();
    ExecCommandsTest.Result elsewhere = ExecCommandsTest.tap("resume", "--state", state.toString(), "--break-stale-lock");
    assertThat(elsewhere.exit()).isEqualTo(4);
    assertThat(elsewhere.err()).contains("on host another-host.example").contains("another host").contains("rm " + lockFile());
    lock.release("us-east-1", remote);

    LockOwner dead = new LockOwner("dead", ExecCommandsTest.deadPid(), host, null, journal, 1L, Instant.EPOCH);
    assertThat(lock.tryCreate("us-east-1", dead)).isEmpty();
    ExecCommandsTest.Result applyRefused = ExecCommandsTest.tap("apply", plan().toString(), "--state", dir.resolve("other.db").toString(), "--yes");
    assertThat(applyRefused.exit()).isEqualTo(4);
    assertThat(applyRefused.err()).contains("no longer running").contains("tap resume --state " + journal).contains("--break-stale-lock");
    ExecCommandsTest.Result resumed = ExecCommandsTest.tap("resume", "--state", state.toString());
    assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
    assertThat(resumed.out()).contains("took over the account lock of a tap process that is no longer running").contains("run 1: COMPLETED");
    assertThat(lockFile()).doesNotExist();
  }

  /** The simulated account, but waiting in real time between guard checks, as on AWS: a signal finds the run waiting. */
  record RealTimeTarget(SimTarget sim) implements ExecutionTarget {
    public String kind() { return sim.kind(); }
    public String accountId() { return sim.accountId(); }
    public dev.tap.optimizer.exec.ActionRegistry registry() { return sim.registry(); }
    public dev.tap.optimizer.metrics.MetricDataSource metrics() { return sim.metrics(); }
    public dev.tap.optimizer.exec.AccountLock accountLock() { return sim.accountLock(); }
    public java.time.Clock clock() { return sim.clock(); }
    public void waitUntil(Instant t) throws InterruptedException { Thread.sleep(60_000); }
    public boolean virtualTime() { return false; }
  }

  /** A real-time apply of the plan on its own thread, held once phase 1 is applied and it sleeps towards its first guard check. */
  record SleepingRun(RealTimeTarget account, RunLock lock, StopOnSignal stop, CompletableFuture<RunState> run, StringWriter out) {}

  SleepingRun sleepingRun(Journal j, Path state) throws Exception {
    Plan plan = PlanJson.read(plan());
    StringWriter out = new StringWriter();
    PrintWriter o = new PrintWriter(out, true);
    CountDownLatch waiting = new CountDownLatch(1);
    RunLock[] lock = new RunLock[1];
    StopOnSignal[] stop = new StopOnSignal[1];
    RealTimeTarget account = new RealTimeTarget(SimTarget.fresh(SimBlueprint.TRADING));
    Executor executor = ExecSupport.executor(j, account, o);
    CompletableFuture<RunState> run = CompletableFuture.supplyAsync(() -> {
      try (RunLock l = ExecSupport.lock(account, RunLock.regions(plan), j, null, false, o);
          StopOnSignal s = StopOnSignal.install(l, "tap resume --state " + state)) {
        lock[0] = l;
        stop[0] = s;
        long id = executor.start(plan, PlanJson.contentSha256(plan), "plan.json",
            new RunSettings(RunSettings.SIM, SimAccount.ENVIRONMENT, null, false, GuardPolicy.forBlueprint(plan.blueprint())));
        l.attach(id);
        waiting.countDown();
        return ExecSupport.drive(executor, account, j, id, true, o, s);
      }
    });
    assertThat(waiting.await(60, TimeUnit.SECONDS)).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!out.toString().contains("waiting for the next guard check") && System.nanoTime() < deadline) Thread.sleep(20);
    return new SleepingRun(account, lock[0], stop[0], run, out);
  }

  @Test
  void aSignalStopsTheRunBetweenSteps_releasesTheLock_andSaysHowToResume() throws Exception {
    Path state = dir.resolve("state.db");
    try (Journal j = SqliteJournal.open(state)) {
      SleepingRun r = sleepingRun(j, state);
      assertThat(lockFile()).exists();

      r.stop().onSignal(); // what the JVM's shutdown hook runs on SIGINT or SIGTERM
      assertThat(r.run().get(60, TimeUnit.SECONDS)).isEqualTo(RunState.RUNNING);
      assertThat(r.out().toString()).contains("interrupted: run 1 stopped between steps").contains("continues with 'tap resume'");
      assertThat(lockFile()).as("the lock is released").doesNotExist();
      assertThat(j.phase(1, 1).state()).isEqualTo(PhaseState.OBSERVING);
      assertThat(j.actions(1)).extracting(ActionRecord::state).doesNotContain(ActionState.INTENT);
    }
    ExecCommandsTest.Result resumed = ExecCommandsTest.tap("resume", "--state", state.toString());
    assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
    assertThat(resumed.out()).contains("run 1: COMPLETED");
    assertThat(Files.exists(lockFile())).isFalse();
  }

  @Test
  void aLockTakenOverAfterAMissedRenewalStopsTheRunBetweenSteps() throws Exception {
    Path state = dir.resolve("state.db");
    try (Journal j = SqliteJournal.open(state)) {
      SleepingRun r = sleepingRun(j, state);

      // another host took the lock over after this one missed its lease; the next renewal finds out
      LockOwner other = new LockOwner("other", 42, "another-host.example", null, "dynamodb://tap-journal", 1L, Instant.now(), Instant.now());
      assertThat(r.account().accountLock().replace("us-east-1", r.lock().owner(), other)).isTrue();
      assertThat(r.lock().renew(Instant.now())).isFalse();

      assertThat(r.run().get(60, TimeUnit.SECONDS)).isEqualTo(RunState.RUNNING);
      assertThat(r.out().toString()).contains("interrupted: run 1 stopped between steps");
      assertThat(r.lock().lost()).isTrue();
      assertThat(Files.readString(lockFile())).as("the new holder's lock is left alone").contains("host=another-host.example");
    }
  }
}
