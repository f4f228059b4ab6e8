package dev.tap.optimizer.loadtest;

import dev.tap.optimizer.cli.TapCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine;

/** One run of {@code tap ...} through {@link TapCli#newCommandLine()}, with what it printed and how long it took. */
public record CliRun(int exit, String out, String err, long millis) {

  public static CliRun of(String... args) {
    return run(TapCli.newCommandLine(), args);
  }

  public static CliRun run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    long t0 = System.nanoTime();
    int exit = cl.execute(args);
    return new CliRun(exit, out.toString(), err.toString(), (System.nanoTime() - t0) / 1_000_000);
  }

  public LoadTestResult result(Path dir) {
    try {
      return ResultFiles.readJson(dir.resolve(ResultFiles.JSON_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException("no results in " + dir + "; out:\n" + out + "\nerr:\n" + err, e);
    }
  }

  @Override
  public String toString() {
    return "exit " + exit + " after " + millis + " ms\n--- out\n" + out + "--- err\n" + err;
  }
}
