package dev.tap.optimizer.cli;

import dev.tap.optimizer.plan.PlanJson;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tap plan}: the phased plan that {@code tap apply} executes. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Analyse an account and print the phased plan: the ML platform (simulated trading account), DynamoDB, compute and cache,",
      "then databases, each phase followed by an observation window. Only backtested actions",
      "are in it; the others are listed with the reason. Changes nothing: 'tap apply' takes plan.json."
    },
    footer = {
      "",
      "Examples:",
      "  tap plan --out plan/                        # simulated trading account",
      "  tap plan --sim saas --format json",
      "  tap plan --outputs cfn-outputs/flat-outputs.json --region us-east-1 --out plan/",
      "",
      "Exit codes: 0 ok, 1 failure, 2 bad usage or input, 3 AWS access problem."
    })
public final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AnalysisOptions options;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    AnalysisRun.Result r = new AnalysisRun(options, Clock.systemUTC()).run(spec.commandLine().getErr());
    if (options.format == AnalysisOptions.Format.json) {
      out.print(PlanJson.toJson(r.analysis().plan()));
    } else {
      AnalysisText.report(out, r, false, true);
    }
    out.flush();
    return 0;
  }
}
