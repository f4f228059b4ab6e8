package dev.tap.optimizer.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a run as {@code loadtest.json} (the whole result) and {@code loadtest.csv} (one row per
 * target per second, then one {@code total} row per target). Each file is written to a temporary
 * file beside it and moved into place, so a reader never sees half a file.
 */
public final class ResultFiles {

  public static final String JSON_NAME = "loadtest.json";
  public static final String CSV_NAME = "loadtest.csv";
  static final String CSV_HEADER = "target,kind,second,ok,errors,throughput_per_s,p50_ms,p95_ms,p99_ms,max_ms,error_kinds";

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private ResultFiles() {}

  /** Writes both files into {@code dir} (created if missing) and returns the directory. */
  public static Path write(LoadTestResult result, Path dir) {
    try {
      Files.createDirectories(dir);
      writeWhole(dir.resolve(JSON_NAME), JSON.writeValueAsString(result));
      writeWhole(dir.resolve(CSV_NAME), csv(result));
      return dir;
    } catch (IOException e) {
      throw new UserError(ExitCode.FAILURE, "cannot write the load-test results to " + dir + ": " + e.getMessage() + ". Pass --out with a writable directory.", e);
    }
  }

  public static LoadTestResult readJson(Path file) throws IOException {
    return JSON.readValue(file.toFile(), LoadTestResult.class);
  }

  static String csv(LoadTestResult result) {
    StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
    for (TargetResult t : result.targets()) {
      for (SecondResult s : t.seconds()) {
        row(b, t, Long.toString(s.second()), s.ok(), s.errors(), s.ok(), s.latencyMs());
      }
      row(b, t, "total", t.ok(), t.errors(), t.throughputPerSecond(), t.latencyMs());
    }
    return b.toString();
  }

  private static void row(StringBuilder b, TargetResult t, String second, long ok, Map<String, Long> errors, double throughput, Latency l) {
    long errs = errors.values().stream().mapToLong(Long::longValue).sum();
    String kinds = errors.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    b.append(cell(t.name())).append(',').append(t.kind()).append(',').append(second).append(',').append(ok).append(',').append(errs).append(',')
        .append(String.format(Locale.ROOT, "%.2f,%.2f,%.2f,%.2f,%.2f", throughput, l.p50(), l.p95(), l.p99(), l.max()))
        .append(',').append(cell(kinds)).append('\n');
  }

  private static String cell(String s) {
    return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  private static void writeWhole(Path target, String content) throws IOException {
    Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, content);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
