package dev.tap.optimizer.report;

import dev.tap.optimizer.plan.AtomicFiles;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The one entry that writes a run's reports: {@code tap report} and {@code tap demo} call it. */
public final class Reports {
  private Reports() {}

  /** Temporary files are created owner-only; a report is for the team, so it gets rw-r--r--. */
  /**
   * Writes the asked formats into {@code outDir}, whole or not at all: each file is rendered to a
   * hidden temporary file beside its target, and all are moved into place only once every one was
   * written; on any failure no report file is changed.
   *
   * @return the files written, in format order
   */
  public static List<Path> writeAll(RunData data, Path outDir, Set<ReportFormat> formats, ReportProgress progress) {
    RunView view = new RunView(data);
    Map<Path, Path> temps = new LinkedHashMap<>();
    try {
      Files.createDirectories(outDir);
      for (ReportFormat format : EnumSet.copyOf(formats)) {
        Path target = outDir.resolve(format.fileName).toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + format.fileName, ".tmp");
        temps.put(target, temp);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temp))) {
          ReportWriter.of(format).write(view, out, progress);
        }
        AtomicFiles.readableByAll(temp);
      }
      List<Path> written = new ArrayList<>();
      for (Map.Entry<Path, Path> e : temps.entrySet()) {
        try {
          Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException notAtomic) {
          Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING);
        }
        written.add(e.getKey());
      }
      return written;
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "cannot write the reports into " + outDir + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + "). Choose a directory you can write to with --out DIR; no report file was changed.", e);
    } finally {
      for (Path temp : temps.values()) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort: a leftover is hidden and named after its report
        }
      }
    }
  }
}
