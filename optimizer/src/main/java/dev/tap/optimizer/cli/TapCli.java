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
      dev.tap.optimizer.pricing.PricesCommand.class,
      AnalyzeCommand.class,
      PlanCommand.class,
      DemoCommand.class,
      dev.tap.optimizer.report.ReportCommand.class,
      dev.tap.optimizer.snapshot.SnapshotCommand.class,
      dev.tap.optimizer.family.sagemaker.MlCommand.class,
      ApplyCommand.class, ResumeCommand.class, RollbackCommand.class, StatusCommand.class,
      dev.tap.optimizer.loadtest.LoadTestCommand.class,
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
    return cl;
  }

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
