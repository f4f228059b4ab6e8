package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.AwsOptions;
import picocli.CommandLine.Option;

/**
 * The AWS connection options shared by every command that talks to AWS; use it as
 * {@code @Mixin AwsOptionsMixin aws;} and build clients with {@code AwsClients.create(aws.options())}.
 */
public final class AwsOptionsMixin {

  @Option(names = "--aws-profile", paramLabel = "NAME", description = "Profile from ~/.aws/config (default: AWS_PROFILE, then the default credential chain).")
  String profile;

  @Option(names = "--region", paramLabel = "REGION",
      description = "Region for every call; overrides StackRegion and ARNs in the outputs (default: those, then AWS_REGION / the profile's region).")
  String region;

  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "Send every AWS call to this URL, e.g. a local emulator (default: AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, then AWS).")
  String endpointUrl;

  public AwsOptions options() {
    return new AwsOptions(profile, region, endpointUrl);
  }
}
