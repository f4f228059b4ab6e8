package dev.tap.blueprints.shared;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * A blueprint's data bucket as every blueprint wants it (KMS with a bucket key, no public access,
 * TLS only, owner-enforced objects) and its server-access-log bucket (S3-managed keys, logs kept
 * 90 days): one place, so the ml and control blueprints cannot drift apart.
 */
public final class LoggedBuckets {
  private LoggedBuckets() {}

  /** The access-log bucket ({@code AccessLogs}) of the bucket that {@code purpose} names, e.g. "the model bucket's". */
  public static Bucket accessLogs(Construct scope, String purpose, RemovalPolicy keep) {
    Bucket logs = Bucket.Builder.create(scope, "AccessLogs")
        .encryption(BucketEncryption.S3_MANAGED)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .enforceSsl(true)
        .lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(90)).build()))
        .removalPolicy(keep)
        .build();
    Nag.suppress(logs, "AwsSolutions-S1",
        "This bucket receives " + purpose + " server access logs; logging access to it in another bucket would only move the question.");
    return logs;
  }

  /** A data bucket encrypted with {@code key}, logging to {@code logs} under {@code logPrefix}; the caller adds lifecycle and removal. */
  public static Bucket.Builder encrypted(Construct scope, String id, IKey key, Bucket logs, String logPrefix) {
    return Bucket.Builder.create(scope, id)
        .encryption(BucketEncryption.KMS)
        .encryptionKey(key)
        .bucketKeyEnabled(true)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .enforceSsl(true)
        .serverAccessLogsBucket(logs)
        .serverAccessLogsPrefix(logPrefix);
  }
}
