package dev.tap.optimizer.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tap demo}: analyse and plan the simulated trading account, no AWS account needed. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run analyze + plan on the embedded simulated trading account (90 days of metrics) and",
      "write recommendations.csv, recommendations.json and plan.json. Needs no AWS account."
    },
    footer = {"", "Examples:", "  tap demo", "  tap demo --out /tmp/tap-demo"})
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "tap-demo", description = "Where to write the files (default: ./${DEFAULT-VALUE}/).")
  Path out;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    AnalysisOptions options = new AnalysisOptions();
    options.sim = "trading";
    options.profile = "trading";
    options.format = AnalysisOptions.Format.text;
    options.out = out;
    AnalysisRun.Result r = new AnalysisRun(options, Clock.systemUTC()).run(spec.commandLine().getErr());
    AnalysisText.header(o, r);
    AnalysisText.recommendations(o, r.analysis());
    AnalysisText.plan(o, r.analysis());
    AnalysisText.findingsAndSkipped(o, r.analysis());
    AnalysisText.totals(o, r);
    // The same run's reports, and the ML platform (us-west-2) that the trading account also runs.
    var data = dev.tap.optimizer.report.RunData.planned(r.analysis().plan(), r.snapshot().resources(), r.metrics(),
        new dev.tap.optimizer.pricing.SpendReport.Unavailable("the simulated account has no Cost Explorer"), r.analysis().plan().createdAt());
    dev.tap.optimizer.report.Reports.writeAll(data, out.resolve("report"), java.util.EnumSet.allOf(dev.tap.optimizer.report.ReportFormat.class),
        dev.tap.optimizer.report.ReportProgress.silent());
    int mlActions = dev.tap.optimizer.family.sagemaker.MlReport.run(out.resolve("ml"), Clock.systemUTC(), 42).size();
    o.println();
    o.println("The demo's files are in " + out.toAbsolutePath().normalize() + "/: recommendations.csv, recommendations.json, plan.json;");
    o.println("  report/ (report.xlsx, dashboard.html, recommendations.csv, run.json); ml/ (ml-report.ipynb, ml-run.json, " + mlActions + " ML actions).");
    o.flush();
    return 0;
  }
}
