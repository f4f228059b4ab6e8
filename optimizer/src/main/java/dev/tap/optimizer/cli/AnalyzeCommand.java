package dev.tap.optimizer.cli;

import dev.tap.optimizer.plan.RecommendationFiles;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tap analyze}: every recommendation with its evidence, confidence, savings and backtest. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Analyse an account's metrics against a policy profile and list every recommendation:",
      "before/after, monthly cost, confidence, backtest and whether it makes the plan.",
      "Changes nothing. Without --outputs or --snapshot it analyses the embedded simulated account."
    },
    footer = {
      "",
      "Examples:",
      "  tap analyze                                  # simulated trading account, trading profile",
      "  tap analyze --sim --profile saas             # simulated saas account",
      "  tap analyze --outputs cfn-outputs/flat-outputs.json --aws-profile prod --out report/",
      "  tap analyze --profile staging --min-confidence 0.7 --format json",
      "  tap analyze --discover --sim trading         # everything the simulated account holds, volumes too",
      "  tap analyze --discover --regions us-east-1,eu-west-1 --tag Environment=prod --exclude-tag Team=payments",
      "",
      "Exit codes: 0 ok, 1 failure, 2 bad usage or input, 3 AWS access problem."
    })
public final class AnalyzeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AnalysisOptions options;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    AnalysisRun.Result r = new AnalysisRun(options, Clock.systemUTC()).run(spec.commandLine().getErr());
    if (options.format == AnalysisOptions.Format.json) {
      out.print(RecommendationFiles.json(r.analysis()));
    } else {
      AnalysisText.report(out, r, true, false);
    }
    out.flush();
    return 0;
  }
}
