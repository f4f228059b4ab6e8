package dev.tap.optimizer.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.GuardReading;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.PhaseRecord;
import dev.tap.optimizer.exec.RunRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tap status}: runs, phases, actions and the guard's last readings, from the journal alone. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show the runs in a journal: each phase's state and observation deadline, each action's state and why, what fired a rollback, and the guard's last readings.")
public final class StatusCommand implements Callable<Integer> {

  enum Format { text, json }

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "Only this run (default: all).")
  Long runId;

  @Option(names = "--state", paramLabel = "FILE|dynamodb://TABLE", defaultValue = ExecSupport.DEFAULT_STATE,
      description = "The journal: a SQLite file (default: ${DEFAULT-VALUE}) or dynamodb://TABLE[?region=REGION].")
  String state;

  @Mixin AwsConnectionOptions aws;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format;

  /** One run as status shows it. */
  public record RunStatus(RunRecord run, List<PhaseRecord> phases, List<ActionRecord> actions, List<GuardReading> lastReadings, List<String> events) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Journal journal = StateLocation.parse(state).openExisting(aws.options())) {
      List<RunRecord> runs = runId == null ? journal.runs() : List.of(journal.run(runId));
      List<RunStatus> statuses = new ArrayList<>();
      for (RunRecord r : runs) {
        statuses.add(new RunStatus(r, journal.phases(r.id()), journal.actions(r.id()), lastReadings(journal.readings(r.id())), journal.events(r.id())));
      }
      if (format == Format.json) {
        out.println(JsonMapper.builder().addModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT).build()
            .writeValueAsString(statuses));
      } else if (statuses.isEmpty()) {
        out.println("no runs in " + journal.location());
      } else {
        statuses.forEach(s -> text(s, out));
      }
      out.flush();
      return ExitCode.OK.code;
    }
  }

  /** Per phase, the readings of its latest check. */
  static List<GuardReading> lastReadings(List<GuardReading> all) {
    List<GuardReading> out = new ArrayList<>();
    all.stream().map(GuardReading::phase).distinct().forEach(phase -> {
      Instant last = all.stream().filter(r -> r.phase() == phase).map(GuardReading::checkedAt).max(Instant::compareTo).orElseThrow();
      all.stream().filter(r -> r.phase() == phase && r.checkedAt().equals(last)).forEach(out::add);
    });
    return out;
  }

  private static void text(RunStatus s, PrintWriter out) {
    RunRecord r = s.run();
    out.printf(Locale.ROOT, "run %d  %s  plan %s (%s, sha256 %s)  %s account %s  blueprint %s%n", r.id(), r.state(), r.planId(), r.planSource(),
        ExecSupport.shortSha(r.planSha256()), r.settings().target(), r.account(), r.blueprint());
    out.printf(Locale.ROOT, "  started %s, last change %s%n", r.createdAt(), r.updatedAt());
    if (r.outcome() != null) out.println("  outcome: " + r.outcome());
    for (PhaseRecord p : s.phases()) {
      String when = switch (p.state()) {
        case AWAITING_WINDOW -> "applied " + p.appliedAt() + "; a change waits for the maintenance window, next look " + p.nextCheckAt();
        case OBSERVING -> (p.effectiveAt() != null && !p.effectiveAt().equals(p.appliedAt()) ? "took effect " + p.effectiveAt() + ", " : "")
            + "observing until " + p.observeUntil() + ", next check " + p.nextCheckAt();
        case PASSED -> p.observeUntil() == null ? "nothing changed" : "observed until " + p.observeUntil();
        case ROLLED_BACK, ROLLING_BACK -> p.breachRule() != null && p.breachValue() == null ? "cause: " + p.breachRule()
            : p.breachRule() != null
            ? String.format(Locale.ROOT, "breach: %s = %.4g > %.4g", p.breachRule(), p.breachValue(), p.breachThreshold())
            : "cause: " + p.error();
        default -> "";
      };
      out.printf(Locale.ROOT, "  phase %d %-22s %-12s %s%n", p.number(), p.name(), p.state(), when);
      for (ActionRecord a : s.actions()) {
        if (a.phase() != p.number()) continue;
        out.printf(Locale.ROOT, "    %-12s %-11s %-28s %s %s -> %s%s%n", a.actionId(), a.state(), a.kind(), a.resourceId(), a.plannedBefore(), a.after(),
            a.message() == null ? "" : "  (" + a.message() + ")");
        if (a.effectiveAt() != null) out.printf(Locale.ROOT, "                 took effect %s (maintenance window)%n", a.effectiveAt());
        if (a.cleanup() != null) {
          out.printf(Locale.ROOT, "                 clean-up %s%s%s%n", a.cleanup(), a.cleanupAt() == null ? "" : " " + a.cleanupAt(),
              a.cleanupMessage() == null ? "" : ": " + a.cleanupMessage());
        }
      }
      for (GuardReading g : s.lastReadings()) if (g.phase() == p.number()) out.println("    guard @" + g.checkedAt() + "  " + g.describe());
    }
  }
}
