package dev.tap.optimizer.pricing;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.pricing.PricingClient;

/**
 * Builds the SDK clients of the pricing package (Price List API and Cost Explorer) from {@link
 * AwsClientSettings}: one place, so it can merge into the general AWS client factory later.
 */
public final class PricingClients {
  /** The Price List API and Cost Explorer are served from us-east-1 (global data). */
  public static final Region HOME_REGION = Region.US_EAST_1;

  private PricingClients() {}

  public static PricingClient pricing(AwsClientSettings settings) {
    return configure(PricingClient.builder(), settings).build();
  }

  public static CostExplorerClient costExplorer(AwsClientSettings settings) {
    return configure(CostExplorerClient.builder(), settings).build();
  }

  private static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(
      B builder, AwsClientSettings s) {
    builder.region(s.region() == null ? HOME_REGION : s.region())
        .credentialsProvider(credentials(s))
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(RetryMode.ADAPTIVE_V2)
            .apiCallTimeout(Duration.ofMinutes(2))
            .build());
    if (s.endpointOverride() != null) {
      builder.endpointOverride(s.endpointOverride());
    }
    // Name the HTTP client: with several on the classpath the SDK refuses to pick one.
    builder.httpClientBuilder(UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(Duration.ofSeconds(60)));
    return builder;
  }

  private static AwsCredentialsProvider credentials(AwsClientSettings s) {
    if (s.credentials() != null) {
      return s.credentials();
    }
    if (s.profile() != null) {
      return ProfileCredentialsProvider.create(s.profile());
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
