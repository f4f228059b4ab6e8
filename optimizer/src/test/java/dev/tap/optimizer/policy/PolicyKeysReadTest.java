package dev.tap.optimizer.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A policy key that nothing reads is an error: every schema key must be read outside the policy
 * package, through its record accessor ({@code .rollbackErrorRatePct()}) or by its path (a family's
 * health signal names {@code "guard.lambda.throttlesMaxPerMinute"}).
 */
class PolicyKeysReadTest {

  static String mainSources() {
    Path root = Path.of("src/main/java/dev/tap/optimizer");
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.startsWith(root.resolve("policy"))).toList()) {
        all.append(Files.readString(f)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all.toString();
  }

  static List<String> unread(String code, List<PolicyKey> keys) {
    List<String> unread = new ArrayList<>();
    for (PolicyKey k : keys) {
      String leaf = k.path().substring(k.path().lastIndexOf('.') + 1);
      if (!code.contains("." + leaf + "()") && !code.contains("\"" + k.path() + "\"")) unread.add(k.path());
    }
    return unread;
  }

  @Test
  void everySchemaKeyIsReadOutsideThePolicyPackage() {
    assertThat(unread(mainSources(), PolicySchema.KEYS))
        .as("policy keys that nothing reads: read them or remove them from PolicySchema and the profiles").isEmpty();
  }

  @Test
  void aKeyNothingReadsIsFound() {
    PolicyKey orphan = PolicyKey.number("guard.noSuchThresholdPct", 0, 1, "read by nothing");
    assertThat(unread(mainSources(), List.of(orphan, PolicySchema.key("slo.rollbackErrorRatePct")))).containsExactly("guard.noSuchThresholdPct");
  }
}
