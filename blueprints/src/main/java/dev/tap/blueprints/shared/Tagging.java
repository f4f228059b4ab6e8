package dev.tap.blueprints.shared;

import java.util.List;
import software.amazon.awscdk.TagProps;
import software.amazon.awscdk.Tags;
import software.constructs.IConstruct;

/** The tags every TAP resource carries (SPEC section 1). */
public final class Tagging {
  private Tagging() {}

  /**
   * Dashboards are left out: CloudFormation accepts their Tags only recently and cfn-lint's schema
   * (1.51) still rejects them, while a dashboard carries its blueprint and suffix in its name.
   */
  private static final TagProps PROPS = TagProps.builder().excludeResourceTypes(List.of("AWS::CloudWatch::Dashboard")).build();

  public static void apply(IConstruct scope, Names names) {
    add(scope, "Platform", "TAP");
    add(scope, "Environment", names.suffix());
    add(scope, "ManagedBy", "CDK");
    add(scope, "Blueprint", names.blueprint());
  }

  /** A further tag, with the same exclusions. */
  public static void add(IConstruct scope, String key, String value) {
    Tags.of(scope).add(key, value, PROPS);
  }
}
