package dev.tap.optimizer.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writesEveryFileWholeAndReadableByTheTeam() throws Exception {
    Map<Path, byte[]> files = new LinkedHashMap<>();
    files.put(dir.resolve("a/plan.json"), "{}".getBytes());
    files.put(dir.resolve("b.xlsx"), new byte[] {1, 2, 3});
    AtomicFiles.writeAllBytes(files);
    assertThat(Files.readString(dir.resolve("a/plan.json"))).isEqualTo("{}");
    assertThat(Files.readAllBytes(dir.resolve("b.xlsx"))).containsExactly(1, 2, 3);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("b.xlsx")))).isEqualTo("rw-r--r--");
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a", "b.xlsx");
    }
  }

  @Test
  void changesNoFileWhenOneCannotBeWritten() throws Exception {
    Path kept = dir.resolve("kept.json");
    Files.writeString(kept, "before");
    Files.writeString(dir.resolve("blocker"), "a file where a directory is needed");
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(kept, "after");
    files.put(dir.resolve("blocker/x.json"), "x");
    assertThatThrownBy(() -> AtomicFiles.writeAll(files)).isInstanceOf(UserError.class).hasMessageContaining("no output file was changed");
    assertThat(Files.readString(kept)).isEqualTo("before");
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("kept.json", "blocker");
    }
  }
}
