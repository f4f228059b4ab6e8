package dev.tap.blueprints.shared;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.constructs.IConstruct;

/** cdk-nag suppressions, each naming the rule and the reason, on a construct and its children. */
public final class Nag {
  private Nag() {}

  public static void suppress(IConstruct construct, String rule, String reason) {
    NagSuppressions.addResourceSuppressions(construct, List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
  }

  /** Suppresses only the findings of {@code rule} whose subject matches {@code findingRegex} (e.g. {@code Resource::...}). */
  public static void suppressMatching(IConstruct construct, String rule, String findingRegex, String reason) {
    NagSuppressions.addResourceSuppressions(construct, List.of(NagPackSuppression.builder().id(rule).reason(reason)
        .appliesTo(List.of(RegexAppliesTo.builder().regex("/" + findingRegex + "/").build())).build()), true);
  }

  /** The wildcards CDK grants write for DynamoDB: the tables' own indexes and the KMS data-key actions on the blueprint key. */
  public static void suppressTableGrantWildcards(IConstruct role) {
    suppressMatching(role, "AwsSolutions-IAM5", "^Resource::<.*\\.Arn>/index/\\*$", "index/* covers the global secondary indexes of the named tables only");
    suppressMatching(role, "AwsSolutions-IAM5", "^Action::kms:(ReEncrypt|GenerateDataKey)\\*$",
        "KMS data-key action families, granted on the blueprint key ARN only");
  }
}
