package dev.tap.optimizer.pricing;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A price list or catalogue written whole or not at all: through a temporary file in the same
 * directory, then a move, so a run never reads half a file. (pricing cannot use plan.AtomicFiles:
 * plan depends on pricing.)
 */
final class WholeFile {
  private WholeFile() {}

  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code body} to {@code out}; {@code what} names the file in the error ("price list", "EC2 catalogue"). */
  static void write(Path out, String what, Body body) {
    Path target = out.toAbsolutePath();
    Path tmp = null;
    try {
      Files.createDirectories(target.getParent());
      tmp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
      try (OutputStream o = Files.newOutputStream(tmp)) {
        body.writeTo(o);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UserError(ExitCode.FAILURE, "cannot write " + what + " " + target + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file has a .tmp suffix and is safe to delete by hand
        }
      }
    }
  }
}
