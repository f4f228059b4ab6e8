package dev.tap.optimizer.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options shared by {@code tap analyze} and {@code tap plan}: where the account comes from, the policy ({@link PolicyOptions}), the outputs. */
public final class AnalysisOptions {

  public enum Format { text, json }

  @Option(names = "--outputs", paramLabel = "FILE",
      description = "Analyse the real AWS account named by this deployment-outputs file (cdk --outputs-file, flat-outputs.json, Terraform).")
  Path outputs;

  @Option(names = "--sim", arity = "0..1", paramLabel = "BLUEPRINT", fallbackValue = "",
      description = "Analyse the embedded simulated account of BLUEPRINT (trading, saas, staging; default: the profile's). "
          + "This is the default when neither --outputs, --snapshot nor --discover is given.")
  String sim;

  @Option(names = "--snapshot", paramLabel = "DIR", description = "Analyse a snapshot saved by 'tap snapshot --out DIR', offline.")
  Path snapshot;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (a table) or json. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write recommendations.csv, recommendations.json and plan.json into DIR (whole or not at all).")
  Path out;

  /** Initialised so that a command building these options in code (tap demo, tap org) has them too; picocli fills this instance. */
  @Mixin PolicyOptions policy = new PolicyOptions();

  @Mixin AwsOptionsMixin aws;

  @Mixin PriceListOption prices;

  @Mixin DiscoveryOptions discovery;
}
