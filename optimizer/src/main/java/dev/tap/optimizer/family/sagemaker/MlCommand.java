package dev.tap.optimizer.family.sagemaker;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tap ml}: M1-M4 on the simulated us-west-2 ML platform; writes ml-run.json and ml-report.ipynb. */
@Command(
    name = "ml",
    mixinStandardHelpOptions = true,
    description = {
      "Analyse the simulated ML inference platform (us-west-2): endpoint right-sizing with autoscaling,",
      "managed spot training, and the rollout gates (shadow, canary/linear, A/B). Writes ml-run.json and",
      "ml-report.ipynb (outputs already rendered). Changes nothing outside the output directory."
    })
public final class MlCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).", defaultValue = "tap-out")
  Path out;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the simulated platform (default: ${DEFAULT-VALUE}).", defaultValue = "42")
  long seed;

  @Option(names = "--data", paramLabel = "DIR", description = "Directory of the shared real data (default: ${DEFAULT-VALUE}); "
      + "without it a seeded diurnal traffic generator is used.", defaultValue = "../shared/data")
  Path data;

  private final Clock clock;

  public MlCommand() {
    this(Clock.systemUTC());
  }

  MlCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    var w = spec.commandLine().getOut();
    MlRun run = MlReport.run(out, clock, seed, data, msg -> spec.commandLine().getErr().println(msg));
    for (var a : run.actions()) {
      w.println(String.format(Locale.ROOT, "%-24s %-28s $%,10.0f -> $%,10.0f /month  %s", a.kind(), a.resourceId(),
          a.monthlyCostBefore(), a.monthlyCostAfter(), a.rationale()));
    }
    for (var r : run.rollouts()) {
      w.println("rollout " + r.candidate() + ": " + r.outcome() + (r.failedGate() == null ? "" : " (failed gate: " + r.failedGate() + ")"));
    }
    w.println("wrote " + out.resolve(MlReport.RUN_JSON) + " and " + out.resolve(MlReport.NOTEBOOK));
    return 0;
  }
}
