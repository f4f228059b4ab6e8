package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.plan.PlanJson;
import dev.tap.optimizer.sim.actions.SimAccountLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real signals to a real process: {@code tap apply} in a child JVM, observing a long window on the
 * simulated account, gets SIGINT (Ctrl-C) or SIGTERM. It exits as documented (130, 143), says how
 * to resume, releases the account lock and leaves no action in INTENT; {@code tap resume} then
 * finishes the run.
 */
@DisabledOnOs(OS.WINDOWS)
class OsSignalTest {
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

  @Test
  void sigint_exits130_releasesTheLock_andResumeFinishes() throws Exception {
    stopAndResume("INT", 130);
  }

  @Test
  void sigterm_exits143_releasesTheLock_andResumeFinishes() throws Exception {
    stopAndResume("TERM", 143);
  }

  private void stopAndResume(String signal, int expectedExit) throws Exception {
    Path plan = dir.resolve("plan.json");
    PlanJson.write(GuardFaultInjectionTest.plan("signal", "dev", GuardFaultInjectionTest.harmless()), plan);
    Path state = dir.resolve("s.db");
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // a 4-day window of 15-minute checks: 384 checks, seconds of work on the virtual clock, so the signal finds it observing
    Path outFile = dir.resolve("child.out");
    Path errFile = dir.resolve("child.err");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-D" + SimAccountLock.HOME_PROPERTY + "=" + home,
        TapCli.class.getName(), "apply", plan.toString(), "--yes", "--state", state.toString(), "--observe", "4d")
        .redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      while (!read(outFile).contains("observing until") && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
      assertThat(read(outFile)).as("the child started observing: " + read(outFile) + read(errFile)).contains("observing until");
      assertThat(p.isAlive()).as("the child is still observing").isTrue();
      assertThat(Files.exists(home.resolve(GuardFaultInjectionTest.ACCOUNT + "-us-east-1.lock"))).as("the child holds the lock").isTrue();
      if (signal.equals("TERM")) p.destroy(); // SIGTERM
      else assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor()).isZero();
      assertThat(p.waitFor(40, TimeUnit.SECONDS)).as("the child stopped").isTrue();
    } finally {
      p.destroyForcibly();
    }
    String out = read(outFile);
    String stderr = read(errFile);
    assertThat(p.exitValue()).as(out + stderr).isEqualTo(expectedExit);
    assertThat(stderr).contains("the account lock is released").contains("Continue with: tap resume --state " + state);
    assertThat(home.resolve(GuardFaultInjectionTest.ACCOUNT + "-us-east-1.lock")).doesNotExist();
    try (Journal j = SqliteJournal.openExisting(state)) {
      long id = j.runs().get(0).id();
      assertThat(j.run(id).state()).as("stopped between steps, not finished").isEqualTo(RunState.RUNNING);
      List<ActionRecord> actions = j.actions(id);
      assertThat(actions).isNotEmpty().noneMatch(a -> a.state() == ActionState.INTENT || a.state() == ActionState.UNDO_INTENT);
      assertThat(actions).allMatch(a -> a.state() == ActionState.DONE);
    }

    var resumed = ExecCommandsTest.tap("resume", "--state", state.toString());
    assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
    try (Journal j = SqliteJournal.openExisting(state)) {
      assertThat(j.run(j.runs().get(0).id()).state()).isEqualTo(RunState.COMPLETED);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }
}
