package dev.tap.blueprints.shared;

import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PermissionsBoundary;

/** Creates a blueprint stack: its name, region, optional account, description and TAP tags. */
public final class TapStacks {
  private TapStacks() {}

  /** {@code Tap-{blueprint}-{suffix}}, plus {@code -{qualifier}} for a blueprint's extra stacks (e.g. a secondary region). */
  public static String stackName(Names names, String qualifier) {
    return "Tap-" + names.blueprint() + "-" + names.suffix() + (qualifier == null ? "" : "-" + qualifier);
  }

  public static Stack create(App app, BlueprintContext context, Names names, String qualifier, String region, String description) {
    Environment.Builder env = Environment.builder().region(region);
    context.account().ifPresent(env::account);
    String name = stackName(names, qualifier);
    Stack stack = new Stack(app, name, StackProps.builder().stackName(name).env(env.build()).description(description).build());
    Tagging.apply(stack, names);
    // every IAM role of the stack (the blueprint's and CDK's helpers') gets the account's boundary policy
    context.permissionsBoundary().ifPresent(boundary -> PermissionsBoundary.of(stack).apply(boundary.startsWith("arn:")
        ? ManagedPolicy.fromManagedPolicyArn(stack, "PermissionsBoundary", boundary)
        : ManagedPolicy.fromManagedPolicyName(stack, "PermissionsBoundary", boundary)));
    // Kept warning (cfn-lint W3010): zones are explicit context values, because an account-agnostic
    // synth would otherwise see only 2 zones; they are validated against the region instead.
    Validations.of(stack).acknowledge(Acknowledgment.builder().id("CloudFormation-Validate::W3010")
        .reason("availability zones come from context (validated against the region), not from a lookup").build());
    return stack;
  }
}
