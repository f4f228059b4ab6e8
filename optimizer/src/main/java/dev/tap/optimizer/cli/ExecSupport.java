package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.AwsOptions;
import dev.tap.optimizer.aws.AwsTarget;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ExecutionTarget;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.LockOwner;
import dev.tap.optimizer.exec.PhaseRecord;
import dev.tap.optimizer.exec.PhaseState;
import dev.tap.optimizer.exec.RunLock;
import dev.tap.optimizer.exec.RunRecord;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.sim.SimBlueprint;
import dev.tap.optimizer.sim.actions.SimTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What apply, resume and rollback share: opening the target account, driving a run, exit codes. */
final class ExecSupport {
  private ExecSupport() {}

  static final String DEFAULT_STATE = "tap-state.db";

  /** A plan made on the simulated account names it in its source ({@code sim:trading ...}). */
  static String targetOf(String planSource) {
    return planSource != null && planSource.startsWith("sim:") ? RunSettings.SIM : RunSettings.AWS;
  }

  static ExecutionTarget open(String target, String blueprint, String region, Journal journalOrNull, AwsOptions aws) {
    if (RunSettings.SIM.equals(target)) {
      SimBlueprint bp;
      try {
        bp = SimBlueprint.parse(blueprint);
      } catch (IllegalArgumentException e) {
        throw new UserError(ExitCode.BAD_INPUT, "the simulated account has no blueprint '" + blueprint + "': " + e.getMessage());
      }
      return journalOrNull == null ? SimTarget.fresh(bp) : SimTarget.restore(bp, journalOrNull);
    }
    return AwsTarget.open(aws, region);
  }

  /** The executor of runs in {@code journal} against {@code target}, logging to {@code out}. */
  static Executor executor(Journal journal, ExecutionTarget target, PrintWriter out) {
    return new Executor(journal, target.registry(), new dev.tap.optimizer.exec.Guard(target.metrics(), target::metrics), target.clock(),
        dev.tap.optimizer.exec.CrashHook.NONE, out::println);
  }

  /**
   * Takes the account lock of {@code regions} for this process, which writes {@code journal}: the
   * lock lives in the account, so it also keeps out a tap writing another journal. Says so when it
   * took over the lock of a process that is gone.
   */
  static RunLock lock(ExecutionTarget account, List<String> regions, Journal journal, Long runId, boolean takeOverDead, PrintWriter out) {
    String where = journal.location().startsWith(StateLocation.SCHEME) ? journal.location()
        : Path.of(journal.location()).toAbsolutePath().normalize().toString();
    LockOwner me = LockOwner.thisProcess(where, runId, Instant.now());
    RunLock lock = RunLock.acquire(StateLocation.lockFor(journal, account.accountLock(), account.accountId()), regions, me, takeOverDead,
        RunLock.ProcessProbe.LOCAL);
    lock.tookOver().forEach(dead -> out.println("took over the account lock of a tap process that is no longer running: " + dead.describe()));
    return lock.keepAlive();
  }

  /** Refuses a plan or run for another account than the one the target reaches. */
  static void requireAccount(String expected, ExecutionTarget target, String what) {
    String actual = target.accountId();
    if (!expected.equals(actual)) {
      throw new UserError(ExitCode.BAD_INPUT, what + " is for account " + expected + ", but " + describe(target) + " is account " + actual
          + ". Use the credentials (--aws-profile) of account " + expected + ", or make a plan for this account.");
    }
  }

  static String describe(ExecutionTarget target) {
    return RunSettings.SIM.equals(target.kind()) ? "the simulated account" : "the AWS credentials in use";
  }

  /**
   * Runs {@code runId} until it finishes, or (when {@code follow} is false) until it must wait.
   * On real time, a terminal gets a countdown to the window's end and the next guard check, other
   * output a line per wait; a virtual clock just moves.
   */
  static RunState drive(Executor executor, ExecutionTarget target, Journal journal, long runId, boolean follow, PrintWriter out) {
    return drive(executor, target, journal, runId, follow, out, null);
  }

  /** As above; with {@code stop} (not null) a signal ends the drive after the current step, leaving the run to 'tap resume'. */
  static RunState drive(Executor executor, ExecutionTarget target, Journal journal, long runId, boolean follow, PrintWriter out,
      StopOnSignal stop) {
    Executor.Progress p = executor.advance(runId);
    boolean terminal = System.console() != null;
    while (!p.finished() && follow) {
      try {
        if (stop != null && stop.requested()) throw new InterruptedException("signal");
        if (stop != null) stop.waiting(true);
        try {
          if (!target.virtualTime()) wait(target, journal, runId, p.waitUntil(), terminal, out);
          target.waitUntil(p.waitUntil());
        } finally {
          if (stop != null) stop.waiting(false);
        }
      } catch (InterruptedException e) {
        if (stop == null) Thread.currentThread().interrupt();
        else Thread.interrupted(); // the signal's interrupt: consumed here so that releasing the lock is not cut short
        out.println();
        out.println("interrupted: run " + runId + " stopped between steps (every change so far is journaled); it continues with 'tap resume'");
        out.flush();
        return RunState.RUNNING;
      }
      if (stop != null && stop.requested()) continue; // loop back: stop before the next step
      p = executor.advance(runId);
    }
    out.flush();
    return p.state();
  }

  /** Real time until {@code until}: a countdown redrawn every second on a terminal, one line otherwise. */
  private static void wait(ExecutionTarget target, Journal journal, long runId, Instant until, boolean terminal, PrintWriter out)
      throws InterruptedException {
    Instant windowEnd = journal.phases(runId).stream().filter(ph -> ph.state() == PhaseState.OBSERVING).map(PhaseRecord::observeUntil)
        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    if (!terminal) {
      out.println("  waiting for the next guard check at " + until + (windowEnd == null ? "" : ", window ends " + windowEnd)
          + " (Ctrl-C is safe: 'tap resume' continues)");
      out.flush();
      return;
    }
    while (true) {
      Instant now = target.clock().instant();
      if (!now.isBefore(until)) break;
      out.print("\r  next guard check in " + hms(Duration.between(now, until))
          + (windowEnd == null ? "" : ", window ends in " + hms(Duration.between(now, windowEnd))) + "  (Ctrl-C is safe: 'tap resume' continues) ");
      out.flush();
      Thread.sleep(Math.min(1000, Math.max(1, Duration.between(now, until).toMillis())));
    }
    out.print("\r");
    out.flush();
  }

  static String hms(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  static int exitCode(RunState state) {
    return switch (state) {
      case COMPLETED, RUNNING -> ExitCode.OK.code;
      case ROLLED_BACK -> ExitCode.ROLLED_BACK.code;
      case FAILED -> ExitCode.FAILURE.code;
    };
  }

  /** One paragraph on where a run stands, for the end of apply/resume/rollback. */
  static void summary(Journal journal, long runId, PrintWriter out) {
    RunRecord run = journal.run(runId);
    out.println("run " + runId + ": " + run.state() + (run.outcome() == null ? "" : " - " + run.outcome()));
    for (PhaseRecord p : journal.phases(runId)) {
      long done = journal.actions(runId, p.number()).stream().filter(a -> a.state().name().equals("DONE")).count();
      long undone = journal.actions(runId, p.number()).stream().filter(a -> a.state().name().equals("UNDONE")).count();
      long skipped = journal.actions(runId, p.number()).stream().filter(a -> a.state().name().equals("SKIPPED")).count();
      String extra = p.state() == PhaseState.OBSERVING ? " until " + p.observeUntil() : "";
      out.printf(Locale.ROOT, "  phase %d %-20s %-12s%s  applied %d, undone %d, skipped %d%n", p.number(), p.name(), p.state(), extra, done, undone, skipped);
    }
    if (run.state() == RunState.RUNNING) {
      out.println("continue with: tap resume --state " + journal.location() + "   (safe to run from cron every few minutes)");
    }
    out.flush();
  }

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(d|h|m|min|s)", Pattern.CASE_INSENSITIVE);

  /** The longest duration an option takes: an observation window of a month is already far beyond O7's 48 h. */
  static final Duration MAX_DURATION = dev.tap.optimizer.plan.PlanCheck.MAX_OBSERVATION;

  /** {@code 48h}, {@code 90m}, {@code 2d}, {@code 30s} or ISO-8601 ({@code PT48H}), positive and at most {@link #MAX_DURATION}. */
  static Duration duration(String text, String option) {
    String t = text.trim();
    Duration d;
    try {
      if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } else {
        Matcher m = SHORT.matcher(t);
        if (!m.matches()) throw badDuration(text, option);
        long n = Long.parseLong(m.group(1));
        d = switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "d" -> Duration.ofDays(n);
          case "h" -> Duration.ofHours(n);
          case "m", "min" -> Duration.ofMinutes(n);
          default -> Duration.ofSeconds(n);
        };
      }
    } catch (java.time.format.DateTimeParseException e) {
      throw badDuration(text, option);
    } catch (NumberFormatException | ArithmeticException e) {
      throw tooLong(text, option); // more than a long or a Duration holds
    }
    if (d.isZero() || d.isNegative()) throw badDuration(text, option);
    if (d.compareTo(MAX_DURATION) > 0) throw tooLong(text, option);
    return d;
  }

  private static UserError tooLong(String text, String option) {
    return new UserError(ExitCode.BAD_INPUT, option + " '" + text + "' is longer than the " + MAX_DURATION.toDays()
        + " days TAP allows: use for example 48h or 7d.");
  }

  private static UserError badDuration(String text, String option) {
    return new UserError(ExitCode.BAD_INPUT, option + " '" + text + "' is not a duration: use for example 48h, 90m, 2d or PT48H.");
  }

  static String shortSha(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) : sha;
  }

  static boolean changed(ActionRecord a) {
    return switch (a.state()) {
      case DONE, INTENT, FAILED, UNDO_INTENT -> true;
      default -> false;
    };
  }
}
