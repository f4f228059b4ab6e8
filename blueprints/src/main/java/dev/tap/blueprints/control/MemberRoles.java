package dev.tap.blueprints.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.blueprints.shared.Names;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.Construct;

/**
 * The roles the nightly task assumes in each member account, as a service-managed StackSet: one
 * read-only role for {@code tap snapshot}/{@code plan} and one for {@code tap resume} of a run an
 * operator started. Their policies are exactly what {@code tap iam-policy --for analyze} and
 * {@code --for apply} print: the files {@link #READ_POLICY} and {@link #APPLY_POLICY} hold that
 * output ({@code IamPolicyFilesTest} in the optimizer compares them with the command on every build),
 * and {@code ControlBlueprintTest} compares the synthesized template with the files.
 *
 * <p>Service-managed rather than self-managed: Organizations deploys to every account of the OUs and to
 * accounts that join them later, without an administration/execution role pair in each of 1,000
 * accounts. IAM is global, so each account gets one stack instance, in the control plane's region.
 */
public final class MemberRoles extends Construct {
  /** Resource files, the output of {@code tap iam-policy --for analyze} and {@code --for apply}. */
  public static final String READ_POLICY = "member-read-policy.json", APPLY_POLICY = "member-apply-policy.json";
  static final String TRUSTED_ROLE_PARAMETER = "ControlTaskRoleArn";

  /** The roles' names, the same in every member account (the task builds their ARNs from the account id). */
  public record RoleNames(String read, String apply) {}

  private final CfnStackSet stackSet;
  private final RoleNames roleNames;

  public MemberRoles(Construct scope, String id, Names names, ControlConfig c, RoleNames roleNames, IRole trusted) {
    super(scope, id);
    this.roleNames = roleNames;
    CfnStackSet.Builder b = CfnStackSet.Builder.create(this, "StackSet")
        .stackSetName(names.of("member-roles"))
        .description("TAP control plane (" + names.suffix() + "): the roles its nightly task assumes in member accounts")
        .permissionModel("SERVICE_MANAGED")
        .callAs(c.stackSetCallAs())
        .autoDeployment(CfnStackSet.AutoDeploymentProperty.builder().enabled(true).retainStacksOnAccountRemoval(false).build())
        .capabilities(List.of("CAPABILITY_NAMED_IAM"))
        .managedExecution(Map.of("Active", true))
        .operationPreferences(CfnStackSet.OperationPreferencesProperty.builder()
            .maxConcurrentPercentage(25).failureTolerancePercentage(10).regionConcurrencyType("PARALLEL").build())
        .parameters(List.of(CfnStackSet.ParameterProperty.builder().parameterKey(TRUSTED_ROLE_PARAMETER).parameterValue(trusted.getRoleArn()).build()))
        .templateBody(templateBody(names));
    if (!c.organizationalUnits().isEmpty()) {
      b.stackInstancesGroup(List.of(CfnStackSet.StackInstancesProperty.builder()
          .deploymentTargets(CfnStackSet.DeploymentTargetsProperty.builder().organizationalUnitIds(c.organizationalUnits()).build())
          .regions(List.of(c.region()))
          .build()));
    }
    this.stackSet = b.build();
  }

  /** The member-account template (JSON): the two roles, trusting only the control plane's task role. */
  String templateBody(Names names) {
    Map<String, Object> resources = new LinkedHashMap<>();
    resources.put("ReadRole", role(roleNames.read(), "tap snapshot and tap plan (tap iam-policy --for analyze)", "tap-analyze", policy(READ_POLICY)));
    resources.put("ApplyRole", role(roleNames.apply(), "tap resume of a run an operator started (tap iam-policy --for apply)", "tap-apply", policy(APPLY_POLICY)));
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("AWSTemplateFormatVersion", "2010-09-09");
    template.put("Description", "TAP (" + names.suffix() + "): roles the control plane's nightly task assumes in this account");
    template.put("Parameters", Map.of(TRUSTED_ROLE_PARAMETER, Map.of("Type", "String", "Description", "ARN of the control plane's ECS task role")));
    template.put("Resources", resources);
    template.put("Outputs", Map.of(
        "ReadRoleArn", Map.of("Value", Map.of("Fn::GetAtt", List.of("ReadRole", "Arn"))),
        "ApplyRoleArn", Map.of("Value", Map.of("Fn::GetAtt", List.of("ApplyRole", "Arn")))));
    try {
      return new ObjectMapper().writeValueAsString(template);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> role(String name, String description, String policyName, Map<String, Object> document) {
    Map<String, Object> trust = Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
        "Effect", "Allow",
        "Principal", Map.of("AWS", Map.of("Ref", TRUSTED_ROLE_PARAMETER)),
        "Action", "sts:AssumeRole")));
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("RoleName", name);
    props.put("Description", description);
    props.put("AssumeRolePolicyDocument", trust);
    props.put("Policies", List.of(Map.of("PolicyName", policyName, "PolicyDocument", document)));
    return Map.of("Type", "AWS::IAM::Role", "Properties", props);
  }

  /** A policy file of this package, parsed. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> policy(String file) {
    try (InputStream in = MemberRoles.class.getResourceAsStream(file)) {
      if (in == null) throw new IllegalStateException("resource " + file + " is missing from dev/tap/blueprints/control");
      return new ObjectMapper().readValue(in, Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public CfnStackSet stackSet() {
    return stackSet;
  }

  public RoleNames roleNames() {
    return roleNames;
  }
}
