package dev.tap.blueprints.shared;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The blueprint's customer-managed KMS key, rotated yearly. CloudWatch Logs encrypts with the key
 * itself (not through a grant), so the key policy names the regional Logs service, scoped to log
 * groups of this account and region.
 */
public final class EncryptionKey extends Construct {
  private final Key key;

  public EncryptionKey(Construct scope, String id, Names names, RemovalPolicy removalPolicy) {
    super(scope, id);
    Stack stack = Stack.of(this);
    this.key = Key.Builder.create(this, "Key")
        .alias("alias/" + names.of())
        .description("TAP " + names.blueprint() + " (" + names.suffix() + "): data at rest, logs, secrets")
        .enableKeyRotation(true)
        .removalPolicy(removalPolicy)
        .pendingWindow(software.amazon.awscdk.Duration.days(removalPolicy == RemovalPolicy.DESTROY ? 7 : 30))
        .build();
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("AllowCloudWatchLogs")
        .effect(Effect.ALLOW)
        .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
        .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
        .resources(List.of("*"))
        .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
            "arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount() + ":log-group:*")))
        .build());
    // CloudWatch alarms publish to the encrypted alarm topics as the service itself
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("AllowCloudWatchAlarmsToEncryptedTopics")
        .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
        .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
        .resources(List.of("*"))
        .build());
    // Auto Scaling's service-linked role launches instances with EBS volumes under this key and
    // publishes scaling events to an encrypted topic: allow principals of this account only through
    // EC2 and SNS (the pattern of the aws/ebs key), since the role may not exist when the key is made
    key.addToResourcePolicy(viaService("AllowAccountUseThroughEc2", stack, "ec2",
        List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant")));
    key.addToResourcePolicy(viaService("AllowAccountUseThroughSns", stack, "sns", List.of("kms:Decrypt", "kms:GenerateDataKey*")));
  }

  private static PolicyStatement viaService(String sid, Stack stack, String service, List<String> actions) {
    return PolicyStatement.Builder.create()
        .sid(sid)
        .principals(List.of(new AnyPrincipal()))
        .actions(actions)
        .resources(List.of("*"))
        .conditions(Map.of("StringEquals", Map.of("kms:CallerAccount", stack.getAccount(),
            "kms:ViaService", service + "." + stack.getRegion() + ".amazonaws.com")))
        .build();
  }

  /** KmsKeyArn and KmsKeyId. */
  public void addOutputs(StackOutputs o) {
    o.add("KmsKeyArn", key.getKeyArn(), "Customer-managed KMS key ARN");
    o.add("KmsKeyId", key.getKeyId(), "Customer-managed KMS key id");
  }

  public Key key() {
    return key;
  }
}
