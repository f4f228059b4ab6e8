package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The control-plane blueprint's member roles (blueprints module, which does not depend on the
 * optimizer) carry the output of {@code tap iam-policy} as resource files; this holds each file to
 * the command's output, byte for byte, so a change of {@code IamPermissions} fails here until the
 * file is regenerated with the command the message names. {@code ControlBlueprintTest} holds the
 * synthesized StackSet to the files.
 */
class IamPolicyFilesTest {
  private static final Path DIR = Path.of("../blueprints/src/main/resources/dev/tap/blueprints/control");

  @ParameterizedTest(name = "{1} = tap iam-policy --for {0}")
  @CsvSource({"analyze, member-read-policy.json", "apply, member-apply-policy.json"})
  void memberRolePolicyFileIsTheCommandsOutput(String purpose, String file) throws Exception {
    var r = ExecCommandsTest.tap("iam-policy", "--for", purpose);
    assertThat(r.exit()).as(r.err()).isZero();
    Path path = DIR.resolve(file);
    assertThat(path).as("the control blueprint's policy file").exists();
    assertThat(Files.readString(path).strip())
        .as("%s differs from 'tap iam-policy --for %s'; regenerate it: ./tap iam-policy --for %s > blueprints/src/main/resources/dev/tap/blueprints/control/%s",
            file, purpose, purpose, file)
        .isEqualTo(r.out().strip());
  }
}
