package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.AwsOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The AWS connection options shared by every command that talks to AWS; use it as
 * {@code @Mixin AwsOptionsMixin aws;} and build clients with {@link AwsClients#create}{@code (aws.options())}.
 */
public final class AwsOptionsMixin {

  @Mixin AwsConnectionOptions connection;

  @Option(names = "--region", paramLabel = "REGION",
      description = "Region for every call; overrides StackRegion and ARNs in the outputs (default: those, then AWS_REGION / the profile's region).")
  String region;

  public AwsOptions options() {
    return new AwsOptions(connection.profile, region, connection.endpointUrl);
  }
}
