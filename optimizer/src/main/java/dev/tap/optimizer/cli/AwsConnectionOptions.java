package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.AwsOptions;
import picocli.CommandLine.Option;

/**
 * Who calls AWS and where to: {@code --aws-profile} and {@code --endpoint-url}. Part of {@link
 * AwsOptionsMixin}; used alone by a command whose {@code --region} means something else ({@code tap
 * prices refresh} prices regions, but calls the Price List API in us-east-1).
 */
public final class AwsConnectionOptions {

  @Option(names = "--aws-profile", paramLabel = "NAME", description = "Profile from ~/.aws/config (default: AWS_PROFILE, then the default credential chain).")
  String profile;

  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "Send every AWS call to this URL, e.g. a local emulator (default: AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, then AWS).")
  String endpointUrl;

  /** These two, with the region left to each call. */
  public AwsOptions options() {
    return new AwsOptions(profile, null, endpointUrl);
  }
}
