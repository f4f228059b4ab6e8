package dev.tap.optimizer.cli;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.CrashHook;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.Guard;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.PhaseRecord;
import dev.tap.optimizer.exec.RunLock;
import dev.tap.optimizer.exec.RunRecord;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.family.Stage;
import dev.tap.optimizer.family.sagemaker.MlRun;
import dev.tap.optimizer.family.sagemaker.Rollout;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.plan.PlanJson;
import dev.tap.optimizer.pricing.SpendReport;
import dev.tap.optimizer.report.JournalOutcomes;
import dev.tap.optimizer.report.ReportFormat;
import dev.tap.optimizer.report.ReportProgress;
import dev.tap.optimizer.report.Reports;
import dev.tap.optimizer.report.RunData;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.report.ml.MlReportFiles;
import dev.tap.optimizer.report.ml.MlResourceMetrics;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import dev.tap.optimizer.sim.actions.SimTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tap demo}: the whole loop on the embedded simulated trading account (with its ML
 * platform): analyse, plan, apply phase by phase with observation windows on a virtual clock, an
 * injected load surge that the guard catches and rolls back, then the reports of the run.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole loop on the embedded simulated trading account and its ML platform (us-west-2), no AWS account needed:",
      "analyse 90 days of metrics, plan, apply the plan phase by phase with a 48 h observation window after each (on a",
      "virtual clock, so it takes seconds), and write the reports. By default a load surge hits the compute and cache tier",
      "right after that phase is applied: the guard sees the SLO slip and rolls the phase back, while the phase before it",
      "is kept. Afterwards: tap status --state <out>/tap-state.db"
    },
    footer = {"", "Examples:", "  tap demo", "  tap demo --inject-breach none", "  tap demo --out /tmp/tap-demo --surge 5",
        "", "Exit code 0 when the demo ran (a rollback is part of the demo), 2 on bad options."})
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "tap-demo", description = "Where to write the files (default: ./${DEFAULT-VALUE}/).")
  Path out;

  /** Which phase the simulated surge follows. */
  enum Breach {
    none(null), compute(Stage.COMPUTE.name()), database(Stage.DATABASES.name());

    final String phase;

    Breach(String phase) {
      this.phase = phase;
    }
  }

  @Option(names = "--inject-breach", paramLabel = "PHASE", defaultValue = "compute",
      description = "After which phase a load surge hits the resources it changed: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Breach inject;

  @Option(names = "--surge", paramLabel = "FACTOR", defaultValue = "3",
      description = "How many times the usual load the injected surge brings, for 24 hours (default: ${DEFAULT-VALUE}).")
  double surge;

  @Mixin PriceListOption prices;

  /** The ML endpoint's rollouts as the demo's own run made them, for its notebook. */
  private List<Rollout.Record> appliedRollouts = List.of();

  /** Long enough for the guard's consecutive checks to trip, short against the 48 h window. */
  static final Duration SURGE_LENGTH = Duration.ofHours(24);

  @Override
  public Integer call() {
    if (!(surge > 1 && surge <= 20)) throw new UserError(ExitCode.BAD_INPUT, "--surge " + surge + " is out of range: use a factor above 1 and at most 20.");
    PrintWriter o = spec.commandLine().getOut();
    AnalysisOptions options = new AnalysisOptions();
    options.sim = "trading";
    options.policy.profile = "trading";
    options.format = AnalysisOptions.Format.text;
    options.out = out;
    options.prices = prices;
    AnalysisRun.Result r = new AnalysisRun(options, Clock.systemUTC()).run(spec.commandLine().getErr());
    AnalysisText.report(o, r, true, true);
    Plan plan = r.analysis().plan();
    Optional<Phase> injected = inject.phase == null ? Optional.empty() : plan.phases().stream().filter(p -> p.name().equals(inject.phase)).findFirst();
    if (inject.phase != null && injected.isEmpty()) {
      throw new UserError(ExitCode.BAD_INPUT, "--inject-breach " + inject + ": the plan has no '" + inject.phase + "' phase (its phases: "
          + plan.phases().stream().map(Phase::name).collect(Collectors.joining(", ")) + "), so there is nothing for the surge to follow. "
          + "Use --inject-breach " + EnumSet.allOf(Breach.class).stream().filter(b -> b.phase == null
              || plan.phases().stream().anyMatch(p -> p.name().equals(b.phase))).map(Enum::name).collect(Collectors.joining(" or ")) + ".");
    }

    Path state = out.resolve(ExecSupport.DEFAULT_STATE);
    RunRecord run = apply(plan, state, injected, o);
    writeReports(r, state, run);
    summary(plan, state, run.id(), o);
    return ExitCode.OK.code;
  }

  /** Applies the plan on a fresh simulated account; the demo's journal starts empty each time. */
  private RunRecord apply(Plan plan, Path state, Optional<Phase> injected, PrintWriter o) {
    try {
      Files.createDirectories(out);
      Files.deleteIfExists(state);
    } catch (IOException e) {
      throw new UserError(ExitCode.FAILURE, "could not prepare " + state + ": " + e.getMessage() + "; check the directory is writable", e);
    }
    o.println();
    o.println("Applying the plan on the simulated account (journal " + state + "; each 48 h window passes on a virtual clock):");
    try (Journal journal = SqliteJournal.open(state); SimTarget account = SimTarget.fresh(SimBlueprint.TRADING)) {
      injected.ifPresent(p -> {
        Set<String> ids = p.actions().stream().map(Action::resourceId).collect(Collectors.toSet());
        account.simAccount().surgeOnFirstChange(ids, surge, SURGE_LENGTH);
        o.printf(Locale.ROOT, "  (injected: a %.1fx load surge on %s for %d h from the moment phase %d is applied)%n", surge,
            String.join(", ", ids.stream().sorted().toList()), SURGE_LENGTH.toHours(), p.number());
      });
      Executor executor = new Executor(journal, account.registry(), new Guard(account.metrics(), account::metrics), account.clock(), CrashHook.NONE,
          line -> o.println("  " + line)); // indented under the demo's own lines
      executor.checkSupported(plan);
      RunSettings settings = new RunSettings(RunSettings.SIM, SimAccount.ENVIRONMENT, null, false,
          GuardSetup.of(plan, dev.tap.optimizer.policy.PolicyLoader.profile("trading"), executor.preflight(plan), o::println));
      Path planFile = out.resolve("plan.json");
      // the demo's account is its own, fresh each time: its lock lives in the demo's output directory, apart from the user's
      account.withLockHome(out.resolve(".sim-lock"));
      try (RunLock lock = ExecSupport.lock(account, RunLock.regions(plan), journal, null, false, o)) {
        long runId = executor.start(plan, PlanJson.contentSha256(plan), planFile.toString(), settings);
        RunState end = ExecSupport.drive(executor, account, journal, runId, true, o);
        if (end == RunState.RUNNING) throw new IllegalStateException("the simulated run did not finish");
        account.ml().ifPresent(ml -> appliedRollouts = List.copyOf(ml.rollouts()));
        account.ml().ifPresent(ml -> ml.rollouts().forEach(rollout -> {
          o.println("  rollout of " + rollout.candidate() + " on the ML endpoint: " + rollout.outcome());
          rollout.steps().forEach(step -> o.printf(Locale.ROOT, "    %-8s %3d %% candidate  %s  %s%n", step.phase(), step.candidatePercent(),
              step.passed() ? "passed" : "FAILED", step.detail()));
        }));
        return journal.run(runId);
      }
    }
  }

  private void writeReports(AnalysisRun.Result r, Path state, RunRecord run) {
    Plan plan = r.analysis().plan();
    // Made now, on the wall clock: the run's own span (on the simulator's virtual clock) comes from the journal.
    // the ML endpoint's metrics are in the ML platform's own run record, not in the account's snapshot
    List<ResourceMetrics> metrics = new java.util.ArrayList<>(r.metrics());
    metrics.addAll(MlResourceMetrics.of(r.ml()));
    RunData data = RunData.planned(plan, r.snapshot().resources(), metrics, new SpendReport.Unavailable(ReportSpend.SIMULATED), Clock.systemUTC().instant());
    try (Journal journal = SqliteJournal.openExisting(state)) {
      data = JournalOutcomes.attach(data, journal, Optional.of(run.id()));
    }
    Reports.writeAll(data, out.resolve("report"), EnumSet.allOf(ReportFormat.class), ReportProgress.silent());
    if (r.ml() != null) {
      // The notebook shows the rollout this run made, not the one the analysis simulated beforehand.
      MlRun ml = r.ml();
      if (!appliedRollouts.isEmpty()) {
        ml = new MlRun(ml.schemaVersion(), ml.seed(), ml.createdAt(), ml.region(), ml.trafficSource(), ml.priceList(), ml.endpoint(), ml.sizing(),
            ml.hourly(), ml.latency(), ml.training(), appliedRollouts, ml.actions());
      }
      MlReportFiles.write(out.resolve("ml"), ml);
    }
  }

  /** What changed, what was rolled back and why, and the savings kept. */
  private void summary(Plan plan, Path state, long runId, PrintWriter o) {
    Map<String, Double> savings = plan.actions().stream().collect(Collectors.toMap(Action::id, Action::monthlySavings));
    try (Journal journal = SqliteJournal.open(state)) {
      RunRecord run = journal.run(runId);
      o.println();
      o.println("Summary of run " + runId + ": " + run.state() + (run.outcome() == null ? "" : " - " + run.outcome()));
      double kept = 0, undone = 0;
      for (PhaseRecord p : journal.phases(runId)) {
        List<ActionRecord> actions = journal.actions(runId, p.number());
        o.printf(Locale.ROOT, "  phase %d %s: %s%n", p.number(), p.name(), p.state());
        for (ActionRecord a : actions) {
          o.printf(Locale.ROOT, "    %-8s %-30s %-10s %s%n", a.actionId(), a.resourceId(), a.state(), a.message() == null ? "" : a.message());
          if (a.state() == ActionState.DONE) kept += savings.getOrDefault(a.actionId(), 0.0);
          if (a.state() == ActionState.UNDONE) undone += savings.getOrDefault(a.actionId(), 0.0);
        }
      }
      o.printf(Locale.ROOT, "  savings kept: %,.2f USD a month; rolled back: %,.2f USD a month.%n", kept, undone);
      o.println();
      o.println("The demo's files are in " + out.toAbsolutePath().normalize() + "/: recommendations.csv, recommendations.json, plan.json,");
      o.println("  tap-state.db (the journal), report/ (report.xlsx, dashboard.html, recommendations.csv, run.json),");
      o.println("  ml/ (ml-report.ipynb, ml-run.json).");
      o.println("See the run again with: tap status --state " + state);
      o.flush();
    }
  }
}
