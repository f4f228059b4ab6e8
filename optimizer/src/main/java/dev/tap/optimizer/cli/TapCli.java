package dev.tap.optimizer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code tap} command. Every subcommand is one class registered here. */
@Command(
    name = "tap",
    mixinStandardHelpOptions = true,
    versionProvider = TapCli.Version.class,
    description = {
      "TAP defines AWS platforms as CDK blueprints and right-sizes them from their CloudWatch metrics.",
      "",
      "Nothing changes cloud resources unless a command says so and you confirm it."
    },
    footer = {
      "",
      "Run 'tap COMMAND --help' for the options of one command.",
      "Exit codes: 0 ok, 1 failure, 2 bad usage or input, 3 AWS access problem, 4 refused for safety, 5 rolled back."
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      SynthCommand.class,
      PreflightCommand.class,
      PricesCommand.class,
      AnalyzeCommand.class,
      PlanCommand.class,
      DemoCommand.class,
      ReportCommand.class,
      SnapshotCommand.class,
      MlCommand.class,
      ApplyCommand.class, ResumeCommand.class, RollbackCommand.class, StatusCommand.class,
      LoadTestCommand.class,
      IamPolicyCommand.class,
      OrgCommand.class,
    })
public final class TapCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The one way to build the command line, used by {@link #main} and by tests. */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new TapCli());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    // the commands' descriptions are written as lines of up to 120 characters; 80 would break each in two
    cl.setUsageHelpWidth(120);
    cl.setExitCodeExceptionMapper(ErrorHandler::exitCodeOf);
    cl.getSubcommands().forEach((name, sub) -> {
      String summary = SUMMARIES.get(name);
      if (summary != null) sub.getCommandSpec().usageMessage().header(summary);
    });
    return cl;
  }

  /** One line per command for 'tap --help' (picocli lists a command by its header, else its description's first line). */
  static final java.util.Map<String, String> SUMMARIES = java.util.Map.ofEntries(
      java.util.Map.entry("synth", "Synthesize the blueprints (trading, saas, staging, ml, control) offline into blueprints/cdk.out/."),
      java.util.Map.entry("preflight", "Before a first deploy: a blueprint's quota needs against the account's Service Quotas and usage."),
      java.util.Map.entry("prices", "Show (or refresh) the dated AWS price list that savings are computed with."),
      java.util.Map.entry("analyze", "List every recommendation for an account, with evidence, confidence, savings and backtest."),
      java.util.Map.entry("plan", "Write the phased plan (plan.json) that 'tap apply' executes."),
      java.util.Map.entry("demo", "Run the whole loop on the embedded simulated account: analyse, plan, apply, observe, roll back, report."),
      java.util.Map.entry("report", "Write report.xlsx, dashboard.html, CSV/JSON (and the ML notebook) from a run's own records."),
      java.util.Map.entry("snapshot", "Save an account's inventory and metrics to a directory for offline analysis."),
      java.util.Map.entry("ml", "Size the ML platform's endpoints and training (us-west-2) and write ml-report.ipynb."),
      java.util.Map.entry("apply", "Apply a plan phase by phase with observation windows and automatic rollback (asks first)."),
      java.util.Map.entry("resume", "Continue unfinished runs from the journal alone; safe from cron."),
      java.util.Map.entry("rollback", "Undo a run's changes, latest first (asks first)."),
      java.util.Map.entry("status", "Show runs, phases, actions and the guard's last readings from the journal."),
      java.util.Map.entry("loadtest", "Drive open-loop load at a deployment's databases, caches, functions and HTTP endpoints."),
      java.util.Map.entry("iam-policy", "Print the minimal IAM policy for analyze, or for applying a plan (its resources' ARNs)."),
      java.util.Map.entry("org", "Analyse, plan or snapshot every account and region of an AWS Organization into one report."));

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TapCli.class.getPackage().getImplementationVersion();
      return new String[] {"tap " + (v == null ? "development build" : v)};
    }
  }
}
