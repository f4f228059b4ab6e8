package dev.tap.optimizer.plan;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Output files written whole or not at all: each goes to a temporary file beside its target and is
 * moved into place only when every file of the set was written.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * A temporary file is created readable by its owner only; the outputs are for a team to read
   * (plans, reports), so they get the usual rw-r--r-- before they are moved into place.
   */
  public static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file inherits the directory's access rules
    }
  }

  public static void write(Path file, String content) {
    writeAll(Map.of(file, content));
  }

  /** Writes every file, or none of them when one cannot be written. */
  public static void writeAll(Map<Path, String> files) {
    Map<Path, byte[]> bytes = new LinkedHashMap<>();
    files.forEach((file, content) -> bytes.put(file, content.getBytes(StandardCharsets.UTF_8)));
    writeAllBytes(bytes);
  }

  /** As {@link #writeAll}, for files that are not text (a workbook). */
  public static void writeAllBytes(Map<Path, byte[]> files) {
    Map<Path, Path> temps = new LinkedHashMap<>();
    try {
      for (Map.Entry<Path, byte[]> e : files.entrySet()) {
        Path target = e.getKey().toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        temps.put(target, temp);
        Files.write(temp, e.getValue());
        readableByAll(temp);
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
