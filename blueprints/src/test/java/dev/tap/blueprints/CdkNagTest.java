package dev.tap.blueprints;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/** cdk-nag AwsSolutionsChecks on every stack of every registered blueprint: no unsuppressed error. */
class CdkNagTest {

  @Test
  void awsSolutionsChecks_noUnsuppressedErrors() {
    List<String> errors = new ArrayList<>();
    for (Synthesized s : Synthesized.all()) {
      for (Stack stack : s.stacks) {
        Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
            .forEach(m -> errors.add(stack.getStackName() + " " + m.getId() + ": " + String.valueOf(m.getEntry().getData()).replaceFirst(":.*", "")));
      }
    }
    assertThat(errors).as("unsuppressed cdk-nag errors").isEmpty();
  }
}
