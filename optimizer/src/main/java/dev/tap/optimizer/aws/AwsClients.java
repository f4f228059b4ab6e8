package dev.tap.optimizer.aws;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.dax.DaxClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The one place that builds AWS SDK clients: credentials from {@code --aws-profile} or the default
 * chain, region from {@code --region}, the resource's own region, or the SDK's region chain, the
 * endpoint from {@code --endpoint-url} (else the SDK honours {@code AWS_ENDPOINT_URL[_SERVICE]}),
 * adaptive retries for throttling, bounded timeouts, and the URL-connection HTTP client (no Netty,
 * no Apache: the optimizer makes few, sequential calls). Clients are cached per service and region.
 * Every call goes through {@link #call}, which turns SDK failures into {@link UserError}s.
 */
public final class AwsClients implements AutoCloseable {

  static final int DEFAULT_MAX_ATTEMPTS = 6;

  /** The Price List API and Cost Explorer are called in us-east-1 whatever --region says: their data is global. */
  public static final String BILLING_REGION = "us-east-1";

  private final AwsOptions options;
  private final AwsCredentialsProvider credentials;
  private final RetryStrategy retryStrategy;
  private final RetryStrategy metricDataRetryStrategy;
  private final RetryStrategy dynamoDbRetryStrategy;
  private final int maxAttempts;
  private final BackoffStrategy throttlingBackoff;
  private final SdkHttpClient http;
  private final Map<String, SdkClient> clients = new ConcurrentHashMap<>();
  private volatile String chainRegion;
  private volatile CallerIdentity caller;

  public static AwsClients create(AwsOptions options) {
    AwsCredentialsProvider credentials = options.profile() != null
        ? ProfileCredentialsProvider.builder().profileName(options.profile()).build()
        : DefaultCredentialsProvider.builder().build();
    return new AwsClients(options, credentials, DEFAULT_MAX_ATTEMPTS, BackoffStrategy.exponentialDelay(Duration.ofSeconds(1), Duration.ofSeconds(20)));
  }

  /** Tests pass their own credentials and a short throttling back-off. */
  AwsClients(AwsOptions options, AwsCredentialsProvider credentials, int maxAttempts, BackoffStrategy throttlingBackoff) {
    this.options = options;
    this.credentials = credentials;
    this.maxAttempts = maxAttempts;
    this.throttlingBackoff = throttlingBackoff;
    // ADAPTIVE: besides backing off, a client-side rate limiter slows every later call after a throttle,
    // which is what a long GetMetricData sweep needs.
    this.retryStrategy = AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
        .maxAttempts(maxAttempts)
        .throttlingBackoffStrategy(throttlingBackoff)
        .build();
    // GetMetricData: a throttle goes straight back to the metrics engine, whose rate budget for the
    // account-region slows every concurrent call (AIMD) and retries the call; an SDK retry would hide
    // it inside one thread. Server and network errors are still retried here.
    this.metricDataRetryStrategy = StandardRetryStrategy.builder()
        .useClientDefaults(false)
        .retryOnException(AwsClients::transientButNotThrottling)
        .maxAttempts(maxAttempts)
        .backoffStrategy(throttlingBackoff)
        .throttlingBackoffStrategy(throttlingBackoff)
        .circuitBreakerEnabled(false)
        .build();
    // DynamoDB (the shared journal, and the family's table calls): STANDARD, the same attempts and throttling back-off,
    // but no client-side rate limiter and no retry quota. The journal's calls are few and one at a time; after a throttle
    // the adaptive limiter would hold back the next writes too (a lock renewal that must land within its lease), and a
    // drained retry quota would fail a journal write hours into a run without sending it once (docs/journal.md).
    this.dynamoDbRetryStrategy = AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(maxAttempts)
        .throttlingBackoffStrategy(throttlingBackoff)
        .circuitBreakerEnabled(false)
        .build();
    this.http = UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(5))
        .socketTimeout(Duration.ofSeconds(60))
        .build();
    if (options.region() != null) requireKnownRegion(options.region(), "--region");
  }

  public AwsOptions options() {
    return options;
  }

  /**
   * Clients for another principal (a member account's assumed role, {@code tap org}) pinned to
   * {@code region}, with this one's endpoint, retries and timeouts; closed by their owner.
   */
  AwsClients withCredentials(AwsCredentialsProvider other, String region) {
    return new AwsClients(new AwsOptions(options.profile(), region, options.endpointUrl()), other, maxAttempts, throttlingBackoff);
  }

  /** The credentials this process calls with. */
  AwsCredentialsProvider credentials() {
    return credentials;
  }

  /**
   * The region a call about a resource goes to: {@code --region} when given, else the resource's own
   * region (its stack's StackRegion or its ARN), else the SDK's chain (AWS_REGION, profile).
   */
  public String region(String resourceRegion) {
    if (options.region() != null) return options.region();
    if (resourceRegion != null && !resourceRegion.isBlank()) return requireKnownRegion(resourceRegion, "the outputs or ARN");
    return defaultRegion();
  }

  /** The region of the SDK's chain ({@code --region} first), for calls that concern no one resource. */
  public String defaultRegion() {
    if (options.region() != null) return options.region();
    if (chainRegion == null) {
      try {
        chainRegion = DefaultAwsRegionProviderChain.builder().profileName(options.profile()).build().getRegion().id();
      } catch (SdkException e) {
        throw new UserError(ExitCode.BAD_INPUT, "No AWS region is configured and the outputs name none. Pass --region (for example --region us-east-1), set AWS_REGION, or set 'region' in the profile" + (options.profile() == null ? "" : " '" + options.profile() + "'") + ".", e);
      }
    }
    return chainRegion;
  }

  /** The account and principal tap runs as (STS GetCallerIdentity), fetched once. */
  public CallerIdentity callerIdentity() {
    return callerIdentity(null);
  }

  /** As {@link #callerIdentity()}, asking STS in {@code regionHint} (a region the run uses) unless {@code --region} is given. */
  public CallerIdentity callerIdentity(String regionHint) {
    if (caller == null) {
      String region = region(regionHint);
      var r = call("sts:GetCallerIdentity", region, () -> sts(region).getCallerIdentity());
      caller = new CallerIdentity(r.account(), r.arn(), r.userId());
    }
    return caller;
  }

  public CloudWatchClient cloudWatch(String region) {
    return client("cloudwatch", region, CloudWatchClient::builder);
  }

  /** CloudWatch for GetMetricData: throttling is not retried by the SDK but surfaced ({@link AwsCloudWatch}). */
  public CloudWatchClient cloudWatchMetricData(String region) {
    return build("cloudwatch-metricdata", region(region), CloudWatchClient::builder, metricDataRetryStrategy);
  }

  /** Server errors (5xx) and I/O failures other than throttling: worth the same request again at once. */
  static boolean transientButNotThrottling(Throwable t) {
    if (t instanceof software.amazon.awssdk.core.exception.SdkServiceException e) return !e.isThrottlingException() && e.statusCode() >= 500;
    for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof java.io.IOException) return true;
    return false;
  }

  public RdsClient rds(String region) {
    return client("rds", region, RdsClient::builder);
  }

  public AutoScalingClient autoScaling(String region) {
    return client("autoscaling", region, AutoScalingClient::builder);
  }

  public Ec2Client ec2(String region) {
    return client("ec2", region, Ec2Client::builder);
  }

  public ElastiCacheClient elastiCache(String region) {
    return client("elasticache", region, ElastiCacheClient::builder);
  }

  public DynamoDbClient dynamoDb(String region) {
    return build("dynamodb", region(region), DynamoDbClient::builder, dynamoDbRetryStrategy);
  }

  public DaxClient dax(String region) {
    return client("dax", region, DaxClient::builder);
  }

  public LambdaClient lambda(String region) {
    return client("lambda", region, LambdaClient::builder);
  }

  public ElasticLoadBalancingV2Client elb(String region) {
    return client("elasticloadbalancing", region, ElasticLoadBalancingV2Client::builder);
  }

  /** The Resource Groups Tagging API (GetResources with tag filters, for {@code --discover --tag}). */
  public software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient tagging(String region) {
    return client("tagging", region, software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient::builder);
  }

  public SecretsManagerClient secretsManager(String region) {
    return client("secretsmanager", region, SecretsManagerClient::builder);
  }

  public software.amazon.awssdk.services.sagemaker.SageMakerClient sageMaker(String region) {
    return client("sagemaker", region, software.amazon.awssdk.services.sagemaker.SageMakerClient::builder);
  }

  public software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient applicationAutoScaling(String region) {
    return client("application-autoscaling", region, software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient::builder);
  }

  public software.amazon.awssdk.services.ssm.SsmClient ssm(String region) {
    return client("ssm", region, software.amazon.awssdk.services.ssm.SsmClient::builder);
  }

  /** Service Quotas (tap preflight): the applied and default values of a quota. */
  public software.amazon.awssdk.services.servicequotas.ServiceQuotasClient serviceQuotas(String region) {
    return client("servicequotas", region, software.amazon.awssdk.services.servicequotas.ServiceQuotasClient::builder);
  }

  public StsClient sts(String region) {
    return client("sts", region, StsClient::builder);
  }

  /**
   * AWS Organizations: one endpoint per partition (us-east-1 for the commercial one), whatever
   * {@code --region} says.
   */
  public software.amazon.awssdk.services.organizations.OrganizationsClient organizations() {
    String home = defaultRegion();
    String r = home.startsWith("cn-") ? "cn-northwest-1" : home.startsWith("us-gov-") ? "us-gov-west-1" : BILLING_REGION;
    return build("organizations", r, software.amazon.awssdk.services.organizations.OrganizationsClient::builder);
  }

  public PricingClient priceList() {
    return build("pricing", BILLING_REGION, PricingClient::builder);
  }

  public CostExplorerClient costExplorer() {
    return build("ce", BILLING_REGION, CostExplorerClient::builder);
  }

  /**
   * Runs one AWS call named by its IAM action ({@code rds:DescribeDBClusters}) and turns any SDK
   * failure into a {@link UserError} that names the action, region and endpoint.
   */
  public <T> T call(String action, String region, Supplier<T> fn) {
    try {
      return fn.get();
    } catch (SdkException e) {
      throw AwsErrors.toUserError(e, action, region, endpointDescription(action, region), maxAttempts);
    }
  }

  /** As {@link #call}, but a "not found" answer (error code containing NotFound) is an empty result. */
  public <T> Optional<T> callIfFound(String action, String region, Supplier<T> fn) {
    try {
      return Optional.ofNullable(fn.get());
    } catch (AwsServiceException e) {
      if (AwsErrors.isNotFound(e)) return Optional.empty();
      throw AwsErrors.toUserError(e, action, region, endpointDescription(action, region), maxAttempts);
    } catch (SdkException e) {
      throw AwsErrors.toUserError(e, action, region, endpointDescription(action, region), maxAttempts);
    }
  }

  /** The URL a call went to, as far as we know it, for error messages. */
  String endpointDescription(String action, String region) {
    if (options.endpointUrl() != null) return options.endpointUrl() + " (--endpoint-url)";
    String service = action.substring(0, action.indexOf(':'));
    AwsErrors.Service s = AwsErrors.Service.of(service);
    String specific = System.getenv("AWS_ENDPOINT_URL_" + s.envName);
    if (specific != null && !specific.isBlank()) return specific + " (AWS_ENDPOINT_URL_" + s.envName + ")";
    String general = System.getenv("AWS_ENDPOINT_URL");
    if (general != null && !general.isBlank()) return general + " (AWS_ENDPOINT_URL)";
    return "https://" + s.hostPrefix + "." + region + ".amazonaws.com";
  }

  /** A client in the region a call about a resource of {@code region} goes to ({@link #region(String)}). */
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(String service, String region, Supplier<B> builder) {
    return build(service, region(region), builder);
  }

  @SuppressWarnings("unchecked")
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C build(String service, String r, Supplier<B> builder) {
    return build(service, r, builder, retryStrategy);
  }

  @SuppressWarnings("unchecked")
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C build(String service, String r, Supplier<B> builder,
      RetryStrategy retries) {
    return (C) clients.computeIfAbsent(service + "@" + r, k -> {
      B b = builder.get();
      b.region(Region.of(r))
          .credentialsProvider(credentials)
          .overrideConfiguration(ClientOverrideConfiguration.builder()
              .retryStrategy(retries)
              .apiCallAttemptTimeout(Duration.ofSeconds(60))
              .apiCallTimeout(Duration.ofMinutes(5))
              .build());
      if (options.endpointUri() != null) b.endpointOverride(options.endpointUri());
      // one HTTP client for all service clients; closed by close(), not by them
      b.httpClient(http);
      return b.build();
    });
  }

  /** {@code region} when the SDK knows it, else a {@link UserError} naming where it came from. */
  public static String requireKnownRegion(String region, String source) {
    if (Region.regions().stream().noneMatch(r -> r.id().equals(region))) {
      throw new UserError(ExitCode.BAD_INPUT, "Unknown AWS region '" + region + "' (from " + source + "). Use a region code such as us-east-1 or eu-west-1 ("
          + "'aws ec2 describe-regions' lists those enabled for your account).");
    }
    return region;
  }

  @Override
  public void close() {
    clients.values().forEach(SdkClient::close);
    clients.clear();
    http.close();
  }
}
