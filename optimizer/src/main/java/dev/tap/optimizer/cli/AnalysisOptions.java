package dev.tap.optimizer.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options shared by {@code tap analyze} and {@code tap plan}: where the account comes from, the policy, the outputs. */
public final class AnalysisOptions {

  public enum Format { text, json }

  @Option(names = "--profile", paramLabel = "NAME",
      description = "Policy profile: trading, saas or staging (default: the blueprint analysed, else trading).")
  String profile;

  @Option(names = "--policy", paramLabel = "FILE", description = "YAML file whose keys override the profile's thresholds (docs/analysis.md lists them).")
  Path policy;

  @Option(names = "--outputs", paramLabel = "FILE",
      description = "Analyse the real AWS account named by this deployment-outputs file (cdk --outputs-file, flat-outputs.json, Terraform).")
  Path outputs;

  @Option(names = "--sim", arity = "0..1", paramLabel = "BLUEPRINT", fallbackValue = "",
      description = "Analyse the embedded simulated account of BLUEPRINT (trading, saas, staging; default: the profile's). "
          + "This is the default when neither --outputs, --snapshot nor --discover is given.")
  String sim;

  @Option(names = "--snapshot", paramLabel = "DIR", description = "Analyse a snapshot saved by 'tap snapshot --out DIR', offline.")
  Path snapshot;

  @Option(names = "--lookback-days", paramLabel = "DAYS", description = "Days of metrics analysed (default: the profile's: trading 90, saas 60, staging 45).")
  Integer lookbackDays;

  @Option(names = "--min-confidence", paramLabel = "0..1", description = "Leave out recommendations whose confidence is below this (default: the profile's minConfidence, 0).")
  Double minConfidence;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (a table) or json. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write recommendations.csv, recommendations.json and plan.json into DIR (whole or not at all).")
  Path out;

  @Option(names = "--allow-restart", description = "Plan EC2 instance type changes (a stop and start) for instances without a MaintenanceWindow tag "
      + "(sets the policy's ec2.allowRestart).")
  boolean allowRestart;

  @Option(names = "--allow-arch-change", description = "Also consider the other architecture (Graviton arm64) for EC2 and Auto Scaling types, "
      + "reported with an architecture caveat (sets the policy's ec2.allowArchChange).")
  boolean allowArchChange;

  @Mixin AwsOptionsMixin aws;

  @Mixin PriceListOption prices;

  @Mixin DiscoveryOptions discovery;
}
