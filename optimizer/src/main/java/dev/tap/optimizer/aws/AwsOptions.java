package dev.tap.optimizer.aws;

import java.net.URI;
import java.net.URISyntaxException;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;

/**
 * How to reach AWS, as the user gave it: {@code --aws-profile}, {@code --region} and
 * {@code --endpoint-url}. Each is null when not given; the SDK's chains (environment, shared config
 * files, instance metadata) fill what is missing, and {@code AWS_ENDPOINT_URL} /
 * {@code AWS_ENDPOINT_URL_<SERVICE>} are honoured by the SDK itself.
 */
public record AwsOptions(String profile, String region, String endpointUrl) {

  public static final AwsOptions DEFAULTS = new AwsOptions(null, null, null);

  public AwsOptions {
    profile = blankToNull(profile);
    region = blankToNull(region);
    endpointUrl = blankToNull(endpointUrl);
    if (endpointUrl != null) endpointUri(endpointUrl);
  }

  URI endpointUri() {
    return endpointUrl == null ? null : endpointUri(endpointUrl);
  }

  private static URI endpointUri(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().matches("https?")) throw new URISyntaxException(url, "needs http:// or https:// and a host");
      return uri;
    } catch (URISyntaxException e) {
      throw new UserError(ExitCode.BAD_INPUT, "--endpoint-url " + url + " is not a URL (" + e.getReason() + "). Example: --endpoint-url http://127.0.0.1:5000");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
