package dev.tap.optimizer.aws;

/** Who tap runs as (STS GetCallerIdentity): the account for the snapshot and for safety checks. */
public record CallerIdentity(String account, String arn, String userId) {}
