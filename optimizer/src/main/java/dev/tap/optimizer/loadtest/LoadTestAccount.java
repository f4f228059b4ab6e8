package dev.tap.optimizer.loadtest;

import java.time.Duration;

/**
 * What a load test needs from the AWS account of a deployment: who the credentials belong to, its
 * secrets and its Lambda functions. The aws package implements it; the command builds it only when
 * a target or the account check needs it, so a run against local servers never touches AWS.
 */
public interface LoadTestAccount extends SecretSource {

  /** The account and principal of the credentials in use. */
  record Caller(String account, String arn) {}

  /** Who the credentials belong to (STS GetCallerIdentity), asked in {@code regionHint} unless a region is forced. */
  Caller caller(String regionHint);

  /** A target invoking {@code function} synchronously with {@code payload}; {@code region} null means the default region. */
  LoadTarget lambda(String name, String function, String region, String payload, Duration timeout);
}
