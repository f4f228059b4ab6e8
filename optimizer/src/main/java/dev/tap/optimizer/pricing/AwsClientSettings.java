package dev.tap.optimizer.pricing;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Where and as whom to call AWS. {@code profile}, {@code endpointOverride} and {@code credentials}
 * may be null: the default credential chain (or the named profile) and the public endpoint are
 * used then.
 */
public record AwsClientSettings(
    Region region, String profile, URI endpointOverride, AwsCredentialsProvider credentials) {

  public static AwsClientSettings defaults(Region region) {
    return new AwsClientSettings(region, null, null, null);
  }
}
