package dev.tap.optimizer.cli;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.RunRecord;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.plan.PlanJson;
import dev.tap.optimizer.pricing.SpendReport;
import dev.tap.optimizer.report.JournalOutcomes;
import dev.tap.optimizer.report.ReportFormat;
import dev.tap.optimizer.report.ReportProgress;
import dev.tap.optimizer.report.ReportText;
import dev.tap.optimizer.report.Reports;
import dev.tap.optimizer.report.RunData;
import dev.tap.optimizer.report.RunView;
import dev.tap.optimizer.report.ml.MlReportFiles;
import dev.tap.optimizer.report.ml.MlResourceMetrics;
import dev.tap.optimizer.snapshot.SavedSnapshot;
import dev.tap.optimizer.snapshot.SnapshotReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tap report}: the workbook, dashboard, CSV and JSON of one plan, and of its run once applied. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write the reports a team reviews from a run's own records:",
      "report.xlsx, dashboard.html, recommendations.csv and run.json.",
      "Reads plan.json, the snapshot it was made from (--metrics) and, once",
      "'tap apply' ran, its journal (--state). Before apply every action is",
      "'planned' and observed SLOs read 'not observed yet'. For a plan of a real",
      "account it reads the last 60 days of actual spend from Cost Explorer",
      "(ce:GetCostAndUsage); that is its only AWS call."
    },
    footer = {"", "Examples:", "  tap report --plan tap-out/plan.json --metrics snap --out reports",
        "  tap report --state tap-state.db --run 3 --out reports --format xlsx,html"})
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--plan", paramLabel = "FILE", description = "plan.json written by 'tap plan' (default with --state: the file the run was applied from).")
  Path plan;

  @Option(names = "--metrics", paramLabel = "DIR",
      description = "Snapshot directory of 'tap snapshot' the plan was made from: adds the resources, the metric charts and the heat map.")
  Path metrics;

  @Option(names = "--state", paramLabel = "FILE|dynamodb://TABLE",
      description = "The journal 'tap apply' wrote (a SQLite file or dynamodb://TABLE[?region=REGION]): adds each action's status and the observed SLOs.")
  String state;

  @Option(names = "--run", paramLabel = "ID", description = "Run id in the journal (default: the latest run of the plan).")
  Long run;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory for the reports (created when absent).")
  Path out;

  @Option(names = "--format", paramLabel = "LIST", defaultValue = "xlsx,html,csv,json",
      description = "Comma-separated formats to write: xlsx, html, csv, json, ipynb (default: ${DEFAULT-VALUE}). "
          + "ipynb writes the ML platform's notebook ml-report.ipynb from --ml-run.")
  String format;

  @Option(names = "--ml-run", paramLabel = "FILE",
      description = "ml-run.json written by 'tap ml' or 'tap demo': the ML notebook (--format ipynb) and the endpoint's charts and "
          + "heat-map row (default: ml-run.json or ml/ml-run.json beside --plan).")
  Path mlRun;

  @Mixin AwsConnectionOptions aws;

  /** The report's time (schedules of unapplied phases start here); the system clock in production. */
  Clock clock = Clock.systemUTC();

  /** Where the actual spend comes from; tests replace it to stay off AWS. */
  Function<Plan, SpendReport> actualSpend = p -> ReportSpend.of(p, aws.options(), clock);

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean ipynb = false;
    StringBuilder others = new StringBuilder();
    for (String part : format.split(",")) {
      if (part.trim().equalsIgnoreCase(IPYNB)) ipynb = true; else others.append(part).append(',');
    }
    if (ipynb && others.toString().replace(",", "").isBlank()) return notebookOnly(o);
    Set<ReportFormat> formats = ReportFormat.parseList(others.toString());
    if (run != null && state == null) throw new UserError(ExitCode.BAD_INPUT, "--run needs --state FILE: the journal that holds the run.");
    Plan thePlan = PlanJson.read(planFile());
    List<Resource> resources = List.of();
    List<ResourceMetrics> lookback = List.of();
    if (metrics != null) {
      SavedSnapshot saved = SnapshotReader.read(metrics);
      resources = saved.snapshot().resources();
      lookback = saved.metrics();
      if (!saved.start().equals(thePlan.lookbackStart()) || !saved.end().equals(thePlan.lookbackEnd())) {
        err.printf(Locale.ROOT, "Note: the snapshot in %s covers %s to %s, the plan's lookback %s to %s; the charts show the snapshot's window.%n",
            metrics, saved.start(), saved.end(), thePlan.lookbackStart(), thePlan.lookbackEnd());
      }
    }
    // the ML endpoint's metrics are in the ML platform's run record (--ml-run, or beside the plan)
    Optional<Path> ml = foundMlRun();
    if (ml.isPresent()) {
      lookback = new java.util.ArrayList<>(lookback);
      lookback.addAll(MlResourceMetrics.of(MlReportFiles.readRun(ml.get())));
    }
    RunData data = RunData.planned(thePlan, resources, lookback, actualSpend.apply(thePlan), clock.instant());
    if (state != null) {
      try (Journal journal = StateLocation.parse(state).openExisting(aws.options())) {
        data = JournalOutcomes.attach(data, journal, Optional.ofNullable(run));
      }
    }
    List<Path> written = Reports.writeAll(data, out, formats, new TerminalProgress(err));
    RunView view = new RunView(data);
    o.printf(Locale.ROOT, "Wrote %s to %s%n", written.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", ")),
        out.toAbsolutePath().normalize());
    o.printf(Locale.ROOT, "%s (%s): %d actions in %d phases, monthly cost %s -> %s, savings %s a month, %s a year.%n",
        data.executed() ? "Run " + data.runId() + " of plan " + thePlan.id() : "Plan " + thePlan.id() + ", not applied yet", thePlan.blueprint(), view.actions().size(), thePlan.phases().size(), ReportText.money(view.monthlyBefore()),
        ReportText.money(view.monthlyAfter()), ReportText.money(view.monthlySavings()), ReportText.money(view.monthlySavings() * 12));
    if (ipynb) o.printf(Locale.ROOT, "Wrote %s%n", MlReportFiles.writeNotebook(mlRunFile(), out).toAbsolutePath().normalize());
    o.flush();
    return ExitCode.OK.code;
  }

  /** The notebook's format name: not a {@link ReportFormat}, because it is written from the ML run, not from the plan's records. */
  static final String IPYNB = "ipynb";

  private int notebookOnly(PrintWriter o) {
    Path nb = MlReportFiles.writeNotebook(mlRunFile(), out);
    o.printf(Locale.ROOT, "Wrote %s (and %s beside it for its code cells)%n", nb.toAbsolutePath().normalize(),
        MlReportFiles.RUN_JSON);
    o.flush();
    return ExitCode.OK.code;
  }

  /** --ml-run, or the run 'tap ml'/'tap demo' wrote beside the plan. */
  private Path mlRunFile() {
    return foundMlRun().orElseThrow(() -> new UserError(ExitCode.BAD_INPUT, "--format ipynb needs the ML run: pass --ml-run FILE (ml-run.json from 'tap ml', or <out>/ml/ml-run.json from 'tap demo')"
        + (plan == null ? "" : "; none found beside " + plan) + "."));
  }

  private Optional<Path> foundMlRun() {
    if (mlRun != null) return Optional.of(mlRun);
    if (plan != null) {
      Path dir = plan.toAbsolutePath().getParent();
      for (Path p : List.of(dir.resolve("ml-run.json"), dir.resolve("ml").resolve("ml-run.json"))) {
        if (java.nio.file.Files.isRegularFile(p)) return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** --plan, or with --state alone the plan file the run recorded. */
  private Path planFile() {
    if (plan != null) return plan;
    if (state == null) throw new UserError(ExitCode.BAD_INPUT, "tap report needs --plan FILE (plan.json from 'tap plan'), or --state FILE of an applied run.");
    try (Journal journal = StateLocation.parse(state).openExisting(aws.options())) {
      RunRecord r = run != null ? journal.run(run)
          : journal.runs().stream().max(Comparator.comparingLong(RunRecord::id))
              .orElseThrow(() -> new UserError(ExitCode.BAD_INPUT, state + " holds no run yet. Report the plan with --plan FILE."));
      if (r.planSource() == null || r.planSource().isBlank()) {
        throw new UserError(ExitCode.BAD_INPUT, "run " + r.id() + " in " + state + " does not record its plan file: pass it with --plan FILE.");
      }
      Path recorded = Path.of(r.planSource());
      if (!java.nio.file.Files.isRegularFile(recorded)) {
        throw new UserError(ExitCode.BAD_INPUT, "run " + r.id() + " in " + state + " was applied from " + r.planSource()
            + ", which is not there from " + Path.of("").toAbsolutePath() + ": pass the plan with --plan FILE.");
      }
      return recorded;
    }
  }

  /** Redraws one line per format on a terminal; prints nothing into pipes and logs. */
  static final class TerminalProgress implements ReportProgress {
    private final PrintWriter err;
    private final boolean terminal;

    TerminalProgress(PrintWriter err) {
      this.err = err;
      this.terminal = System.console() != null;
    }

    @Override
    public void step(ReportFormat format, String what, int done, int total) {
      if (!terminal) return;
      int percent = total == 0 ? 100 : 100 * done / total;
      String line = String.format(Locale.ROOT, "\rWriting %-20s %3d %% %-60s", format.fileName, percent, what.length() > 60 ? what.substring(0, 60) : what);
      err.print(line);
      if (done >= total) err.println();
      err.flush();
    }
  }
}
