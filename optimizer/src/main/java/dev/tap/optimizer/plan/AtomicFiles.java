package dev.tap.optimizer.plan;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Output files written whole or not at all: each goes to a temporary file beside its target and is
 * moved into place only when every file of the set was written.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void write(Path file, String content) {
    writeAll(Map.of(file, content));
  }

  /** Writes every file, or none of them when one cannot be written. */
  public static void writeAll(Map<Path, String> files) {
    Map<Path, Path> temps = new LinkedHashMap<>();
    try {
      for (Map.Entry<Path, String> e : files.entrySet()) {
        Path target = e.getKey().toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        temps.put(target, temp);
        Files.writeString(temp, e.getValue(), StandardCharsets.UTF_8);
      }
      for (Map.Entry<Path, Path> e : temps.entrySet()) {
        try {
          Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException notAtomic) {
          Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      for (Path temp : temps.values()) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort: the temporary file is hidden and named after its target
        }
      }
      throw new UserError(ExitCode.BAD_INPUT,
          "cannot write " + e.getMessage() + " (" + e.getClass().getSimpleName()
              + "). Choose a directory you can write to with --out DIR; no output file was changed.", e);
    }
  }
}
