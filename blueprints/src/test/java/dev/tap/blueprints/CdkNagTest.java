package dev.tap.blueprints;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

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

  /** Proof the pack ran on every stack: it logs the suppressions it honoured (logIgnores), each with its reason. */
  @Test
  void awsSolutionsChecks_ranAndHonouredTheSuppressions() {
    for (Synthesized s : Synthesized.all()) {
      for (Stack stack : s.stacks) {
        var infos = Annotations.fromStack(stack).findInfo("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(infos).as(stack.getStackName() + ": cdk-nag suppression reports").isNotEmpty();
        assertThat(infos).allSatisfy(m -> assertThat(String.valueOf(m.getEntry().getData()))
            .containsPattern("AwsSolutions-\\w+ was triggered but suppressed\\. Provided reason: \".{10,}\""));
      }
    }
  }
}
