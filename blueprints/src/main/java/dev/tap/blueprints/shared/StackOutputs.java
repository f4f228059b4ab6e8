package dev.tap.blueprints.shared;

import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;

/**
 * Emits the outputs of docs/outputs.md. Outputs are created at stack level so that the output key is
 * the CloudFormation logical id (and so the key in {@code cdk deploy --outputs-file} files).
 */
public final class StackOutputs {
  private final Stack stack;
  private final Names names;

  public StackOutputs(Stack stack, Names names) {
    this.stack = stack;
    this.names = names;
    add("StackRegion", stack.getRegion(), "Region the stack is deployed to");
    add("Blueprint", names.blueprint(), "TAP blueprint of this stack");
    add("EnvironmentSuffix", names.suffix(), "Environment suffix used in names and exports");
  }

  public StackOutputs add(String key, String value, String description) {
    CfnOutput.Builder.create(stack, key).value(value).description(description).exportName(names.exportName(key)).build();
    return this;
  }

  public StackOutputs addList(String key, List<String> values, String description) {
    return add(key, Fn.join(",", values), description);
  }

  public Names names() {
    return names;
  }
}
