package dev.tap.optimizer.cli;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ExecutionTarget;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.RunLock;
import dev.tap.optimizer.exec.RunRecord;
import dev.tap.optimizer.exec.RunState;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tap resume}: continues unfinished runs from the journal alone; safe to call from cron. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Continue every unfinished run in the journal of the account the credentials reach (or the one given): finish actions a stopped process left half-done",
      "(the resource is re-read to tell whether the call happened), make the guard checks that are due, start the next",
      "phase when a window has passed. Does what is due and returns; --follow stays until the run ends. On the simulated",
      "account time is virtual, so a resume runs to the end in seconds."
    },
    footer = {"", "Exit codes: 0 ok, 1 a run failed, 2 bad input, 4 refused (lock held), 5 a run was rolled back."})
public final class ResumeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "Run id (default: every unfinished run).")
  Long runId;

  @Mixin JournalOptions options;

  @Option(names = "--follow", description = "Stay in the foreground until the run finishes (real time: sleeps between guard checks).")
  boolean follow;

  @Mixin AwsOptionsMixin aws;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Journal journal = options.location().openExisting(aws.options())) {
      List<RunRecord> runs = runId != null ? List.of(journal.run(runId))
          : journal.runs().stream().filter(r -> !r.state().terminal()).toList();
      if (runs.isEmpty()) {
        out.println("no unfinished run in " + journal.location() + (runId == null ? "" : " with id " + runId));
        return ExitCode.OK.code;
      }
      int exit = ExitCode.OK.code;
      for (RunRecord run : runs) {
        if (run.state().terminal()) {
          out.println("run " + run.id() + " is already " + run.state() + ": nothing to resume.");
          continue;
        }
        String region = journal.actions(run.id()).stream().map(ActionRecord::region).findFirst().orElse(null);
        try (ExecutionTarget account = ExecSupport.open(run.settings().target(), run.blueprint(), region, journal, aws.options())) {
          // Without a run id, a shared journal holds other accounts' runs too: those are left to their own schedulers.
          if (runId == null && !run.account().equals(account.accountId())) {
            out.println("run " + run.id() + " is for account " + run.account() + ", not " + account.accountId()
                + " (" + ExecSupport.describe(account) + "): left for a resume with that account's credentials.");
            continue;
          }
          ExecSupport.requireAccount(run.account(), account, "run " + run.id());
          Executor executor = ExecSupport.executor(journal, account, out);
          // a lock left by a process that is gone from this host is taken over: resuming is how an interrupted run goes on
          try (RunLock lock = ExecSupport.lock(account, RunLock.regions(journal, run.id()), journal, run.id(), true, out);
              StopOnSignal stop = StopOnSignal.install(lock, "tap resume --state " + journal.location() + " " + run.id())) {
            out.println("resuming run " + run.id() + " (plan " + run.planId() + ")");
            RunState end = ExecSupport.drive(executor, account, journal, run.id(), follow || account.virtualTime(), out, stop);
            ExecSupport.summary(journal, run.id(), out);
            int code = ExecSupport.exitCode(end);
            if (code == ExitCode.FAILURE.code || exit == ExitCode.OK.code) exit = code;
            if (stop.requested()) return exit; // stopped by a signal: the other runs wait for the next resume
          }
        }
      }
      return exit;
    }
  }
}
