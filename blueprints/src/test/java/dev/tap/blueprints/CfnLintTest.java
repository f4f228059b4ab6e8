package dev.tap.blueprints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * cfn-lint on every synthesized template: zero errors. Skips, saying so, where cfn-lint is not
 * installed (it is in CI's image).
 *
 * <p>Warnings kept, with their reason: W3010 (hard-coded availability zones): zones are explicit
 * context values because an account-agnostic synth would see only two; BlueprintContext validates
 * them against the region. W3005 (DependsOn beside a GetAtt) on the staging functions, the ML
 * model and the control plane's state machine: they wait for their role's policy (CDK adds the role
 * itself to the DependsOn too); harmless.
 */
class CfnLintTest {

  @Test
  void everyTemplatePassesCfnLint() throws Exception {
    assumeTrue(cfnLintVersion() != null, "cfn-lint is not installed (pip install cfn-lint): template lint skipped");
    List<String> files = new ArrayList<>();
    for (Synthesized s : Synthesized.all()) {
      for (var stack : s.stacks) {
        Path template = Path.of(s.assembly.getDirectory()).resolve(s.assembly.getStackByName(stack.getStackName()).getTemplateFile());
        assertThat(template).exists();
        files.add(template.toString());
      }
    }
    List<String> cmd = new ArrayList<>(List.of("cfn-lint", "--format", "parseable", "--"));
    cmd.addAll(files);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();

    List<String> errors = new ArrayList<>();
    Map<String, Integer> warnings = new TreeMap<>();
    for (String line : output.lines().toList()) {
      // parseable: file:line:col:endline:endcol:RULE:message
      String[] parts = line.split(":", 7);
      if (parts.length < 7) continue;
      String rule = parts[5];
      if (rule.startsWith("E")) errors.add(Path.of(parts[0]).getFileName() + ":" + parts[1] + " " + rule + " " + parts[6]);
      else warnings.merge(rule, 1, Integer::sum);
    }
    System.out.println("cfn-lint " + cfnLintVersion() + " on " + files.size() + " templates: " + errors.size() + " errors, warnings by rule " + warnings);
    assertThat(errors).as("cfn-lint errors").isEmpty();
    assertThat(p.exitValue() & 2).as("cfn-lint exit code bit 2 (errors); output:\n" + output).isZero();
  }

  private static String cfnLintVersion() {
    try {
      Process p = new ProcessBuilder("cfn-lint", "--version").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? v : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }
}
