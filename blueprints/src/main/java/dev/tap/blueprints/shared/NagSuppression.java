package dev.tap.blueprints.shared;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * Records a cdk-nag rule suppression on CloudFormation resources, in the {@code cdk_nag} template
 * metadata that cdk-nag's checks read. Written here rather than through cdk-nag's own helper so that
 * the blueprints do not need cdk-nag at run time (it is a test dependency). Every suppression names
 * the rule and the reason, which cdk-nag prints in its report.
 */
public final class NagSuppression {
  private NagSuppression() {}

  /**
   * Suppresses {@code rule} on every CloudFormation resource at or below {@code scope}.
   *
   * @param appliesTo the findings of a granular rule (e.g. {@code Resource::*}); none = the whole rule
   */
  public static void add(IConstruct scope, String rule, String reason, String... appliesTo) {
    if (reason == null || reason.length() < 10) throw new IllegalArgumentException("a suppression of " + rule + " needs a reason of 10 characters or more");
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", rule);
    entry.put("reason", reason);
    if (appliesTo.length > 0) entry.put("appliesTo", List.of(appliesTo));
    for (IConstruct c : scope.getNode().findAll()) {
      if (c instanceof CfnResource resource) append(resource, entry);
    }
  }

  @SuppressWarnings("unchecked")
  private static void append(CfnResource resource, Map<String, Object> entry) {
    Object existing = resource.getMetadata("cdk_nag");
    List<Object> rules = new ArrayList<>();
    if (existing instanceof Map<?, ?> m && m.get("rules_to_suppress") instanceof List<?> l) rules.addAll(l);
    rules.add(entry);
    resource.addMetadata("cdk_nag", Map.of("rules_to_suppress", rules));
  }
}
