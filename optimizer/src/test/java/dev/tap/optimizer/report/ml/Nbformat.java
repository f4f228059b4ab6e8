package dev.tap.optimizer.report.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The notebook tests' schema check: nbformat's own validation where a Python with nbformat exists. */
public final class Nbformat {
  private Nbformat() {}

  /** Validates {@code nb}; skips the calling test with a message where python3-nbformat is absent. */
  public static void validate(Path nb) throws Exception {
    String python = null;
    for (String candidate : List.of("python3", "/usr/bin/python3")) {
      try {
        Process p = new ProcessBuilder(candidate, "-c", "import nbformat").redirectErrorStream(true).start();
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
          python = candidate;
          break;
        }
      } catch (IOException absent) {
        // try the next interpreter
      }
    }
    Assumptions.assumeTrue(python != null, "python3 with nbformat not installed (apt-get install python3-nbformat): schema validation skipped");
    Process p = new ProcessBuilder(python, "-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", nb.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("nbformat.validate: " + out).isZero();
  }
}
