package dev.tap.optimizer.cli;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ExecutionTarget;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.RunLock;
import dev.tap.optimizer.exec.RunRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tap rollback RUN [--phase N]}: undoes a run's changes on demand, latest first. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Undo what a run changed: every phase from --phase N on (default: all), latest action first, each back to the",
      "before-state recorded in the journal. A resource someone changed since TAP did is left as found and reported.",
      "Shows what it would undo; --yes to do it."
    },
    footer = {"", "Exit codes: 0 everything asked for is undone (or dry run), 1 an undo failed, 2 bad input (a --phase the run does not have),",
        "4 refused (lock held)."})
public final class RollbackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN", description = "Run id ('tap status' lists them).")
  long runId;

  @Option(names = "--phase", paramLabel = "N", description = "Undo phase N and every later one (default: all phases).")
  Integer phase;

  @Mixin JournalOptions options;

  @Option(names = "--yes", description = "Undo without asking.")
  boolean yes;

  @Mixin AwsOptionsMixin aws;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Journal journal = options.location().openExisting(aws.options())) {
      RunRecord run = journal.run(runId);
      List<Integer> phases = journal.phases(runId).stream().map(p -> p.number()).toList();
      if (phase != null && !phases.contains(phase)) {
        throw new UserError(ExitCode.BAD_INPUT, "run " + runId + " has no phase " + phase + " (its phases are " + phases
            + "). Use one of them with --phase, or leave --phase out to undo every phase.");
      }
      List<ActionRecord> toUndo = new ArrayList<>(journal.actions(runId).stream()
          .filter(a -> phase == null || a.phase() >= phase).filter(ExecSupport::changed).toList());
      Collections.reverse(toUndo);
      if (toUndo.isEmpty()) {
        out.println("run " + runId + " has nothing applied" + (phase == null ? "" : " from phase " + phase + " on") + " to undo.");
        return ExitCode.OK.code;
      }
      out.println("would undo, in this order:");
      for (ActionRecord a : toUndo) {
        out.println("  phase " + a.phase() + " " + a.actionId() + ": " + a.kind() + " " + a.resourceId() + " " + a.after() + " -> " + a.plannedBefore());
      }
      if (!yes) {
        out.println("Dry run: nothing was changed. Run again with --yes to undo.");
        return ExitCode.OK.code;
      }
      String region = toUndo.get(0).region();
      try (ExecutionTarget account = ExecSupport.open(run.settings().target(), run.blueprint(), region, journal, aws.options())) {
        ExecSupport.requireAccount(run.account(), account, "run " + runId);
        Executor executor = ExecSupport.executor(journal, account, out);
        try (RunLock lock = ExecSupport.lock(account, RunLock.regions(journal, runId), journal, runId, true, out)) {
          executor.requestRollback(runId, phase);
          ExecSupport.summary(journal, runId, out);
          // The run may end FAILED because of the error that made it roll back; what counts here is whether every undo succeeded.
          List<ActionRecord> left = journal.actions(runId).stream().filter(a -> phase == null || a.phase() >= phase)
              .filter(ExecSupport::changed).toList();
          if (left.isEmpty()) return ExitCode.OK.code;
          out.println("not undone: " + String.join(", ", left.stream().map(a -> a.actionId() + " (" + a.state() + ")").toList())
              + ". Fix the cause named above, then run 'tap rollback " + runId + (phase == null ? "" : " --phase " + phase) + " --yes' again.");
          return ExitCode.FAILURE.code;
        }
      }
    }
  }
}
