package dev.tap.blueprints.control;

import static dev.tap.blueprints.TemplateJson.list;
import static dev.tap.blueprints.TemplateJson.map;
import static dev.tap.blueprints.TemplateJson.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tap.blueprints.Synthesized;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two shell scripts of the nightly task (the AWS CLI containers), taken from the synthesized task
 * definition and run with sh: /tap becomes a temporary directory, and {@code aws} a stub that records
 * its arguments.
 */
class NightlyTaskScriptsTest {
  private static Map<String, String> scripts;

  @BeforeAll
  static void scripts() {
    scripts = new HashMap<>();
    list(single(Synthesized.of(ControlBlueprint.NAME).primary(), "AWS::ECS::TaskDefinition").get("ContainerDefinitions")).forEach(c -> {
      Map<String, Object> container = map(c);
      List<Object> command = list(container.get("Command"));
      if (list(container.getOrDefault("EntryPoint", List.of())).equals(List.of("sh", "-c"))) {
        scripts.put(String.valueOf(container.get("Name")), String.valueOf(command.get(0)));
      }
    });
  }

  @Test
  void awsConfig_writesOneProfilePerMemberRoleAssumedFromTheTaskRole(@TempDir Path dir) throws Exception {
    Result r = sh(scripts.get("aws-config").replace("/tap", dir.toString()), dir, Map.of("TAP_ACCOUNT", "123456789012", "TAP_PARTITION", "aws",
        "TAP_READ_ROLE", "tap-dev-control-member-read", "TAP_APPLY_ROLE", "tap-dev-control-member-apply"));
    assertThat(r.exit).as(r.output).isZero();
    assertThat(Files.readString(dir.resolve("aws/config"))).isEqualTo("""
        [profile tap-read]
        role_arn = arn:aws:iam::123456789012:role/tap-dev-control-member-read
        credential_source = EcsContainer
        role_session_name = tap-control

        [profile tap-apply]
        role_arn = arn:aws:iam::123456789012:role/tap-dev-control-member-apply
        credential_source = EcsContainer
        role_session_name = tap-control

        """);
    assertThat(dir.resolve("out")).isDirectory();
  }

  @Test
  void upload_copiesSnapshotAndPlanUnderTheNightAccountAndRegion(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("out/plan"));
    Files.createDirectories(dir.resolve("out/snapshot"));
    Files.writeString(dir.resolve("out/plan/plan.json"), "{}");
    Result r = upload(dir);
    assertThat(r.exit).as(r.output).isZero();
    assertThat(Files.readAllLines(dir.resolve("aws-calls"))).containsExactly(
        "s3 cp --recursive --only-show-errors " + dir + "/out/snapshot s3://results-bucket/snapshots/2026-12-07/123456789012/eu-west-1/",
        "s3 cp --recursive --only-show-errors " + dir + "/out/plan s3://results-bucket/plans/2026-12-07/123456789012/eu-west-1/");
  }

  /** No plan (the snapshot or plan container failed): what there is goes up, and the task fails, so the item counts as failed. */
  @Test
  void upload_failsTheTaskWithoutAPlan(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("out/plan"));
    Files.createDirectories(dir.resolve("out/snapshot"));
    Result r = upload(dir);
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.output).contains("no plan.json");
    assertThat(Files.readAllLines(dir.resolve("aws-calls"))).hasSize(2);
  }

  private Result upload(Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path aws = bin.resolve("aws");
    Files.writeString(aws, "#!/bin/sh\necho \"$*\" >> " + dir.resolve("aws-calls") + "\n");
    aws.toFile().setExecutable(true);
    return sh(scripts.get("upload").replace("/tap", dir.toString()), dir, Map.of("PATH", bin + ":" + System.getenv("PATH"),
        "TAP_BUCKET", "results-bucket", "TAP_NIGHT", "2026-12-07", "TAP_ACCOUNT", "123456789012", "TAP_REGION", "eu-west-1"));
  }

  record Result(int exit, String output) {}

  private static Result sh(String script, Path dir, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      assumeTrue(false, "no sh on this machine: the task's scripts are not run");
      throw e;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
