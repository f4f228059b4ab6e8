package dev.tap.optimizer.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The executor and the reports use the journal only through {@code exec.Journal}: neither names the
 * SQLite implementation nor JDBC, so another store (DynamoDB for teams) plugs in without touching them.
 */
class JournalLayeringTest {

  @ParameterizedTest
  @ValueSource(strings = {"exec", "report"})
  void usesTheJournalOnlyThroughThePort(String pkg) throws IOException {
    Path dir = Path.of("src/main/java/dev/tap/optimizer").resolve(pkg);
    assertThat(dir).isDirectory();
    try (Stream<Path> files = Files.walk(dir)) {
      List<String> offenders = files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> read(f).contains("dev.tap.optimizer.journal.") || read(f).contains("java.sql."))
          .map(Path::toString).toList();
      assertThat(offenders).isEmpty();
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
