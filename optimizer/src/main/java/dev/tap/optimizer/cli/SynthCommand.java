package dev.tap.optimizer.cli;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Synthesizes the CDK blueprints offline. The optimizer has no CDK dependency, so this delegates to
 * the blueprints module through the Maven wrapper of the checkout TAP runs from.
 */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Synthesize every blueprint (trading, saas, staging, ml, control) offline into blueprints/cdk.out/",
      "and print each stack with its resource count. Needs no AWS credentials.",
    },
    footer = {
      "",
      "Examples:",
      "  tap synth",
      "  tap synth -c environmentSuffix=prod -c blueprints=trading",
    })
public final class SynthCommand implements java.util.concurrent.Callable<Integer> {

  @Option(
      names = {"-c", "--context"},
      paramLabel = "KEY=VALUE",
      description = "CDK context value, as for 'cdk synth -c' (repeatable). See README for keys.")
  List<String> context = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    synthesize(context);
    return 0;
  }

  /** Runs the blueprints' synthesis with these {@code key=value} context pairs; returns the cloud assembly directory. */
  static Path synthesize(List<String> context) throws java.io.IOException, InterruptedException {
    Path home = Path.of(System.getProperty("tap.home", ".")).toAbsolutePath().normalize();
    Path mvnw = home.resolve("mvnw");
    if (!Files.isExecutable(mvnw) || !Files.isDirectory(home.resolve("blueprints"))) {
      throw new UserError(
          ExitCode.BAD_INPUT,
          "synth needs the TAP source checkout (mvnw and blueprints/ not found in "
              + home
              + "). Run it through the ./tap launcher at the root of the checkout.");
    }
    List<String> cmd = new ArrayList<>(List.of(mvnw.toString(), "-q", "-pl", "blueprints", "compile", "exec:java"));
    if (!context.isEmpty()) {
      cmd.add("-Dexec.args=" + String.join(" ", context.stream().map(c -> "-c " + c).toList()));
    }
    Process p = new ProcessBuilder(cmd).directory(home.toFile()).inheritIO().start();
    int rc = p.waitFor();
    if (rc == ExitCode.BAD_INPUT.code) {
      throw new UserError(ExitCode.BAD_INPUT, "synthesis refused the context; the message above names the key and its accepted values.");
    }
    if (rc != 0) {
      throw new UserError(ExitCode.FAILURE, "synthesis failed; the messages above name the context key or construct at fault.");
    }
    return home.resolve("blueprints").resolve("cdk.out");
  }
}
