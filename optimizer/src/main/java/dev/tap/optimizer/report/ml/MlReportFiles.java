package dev.tap.optimizer.report.ml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.family.sagemaker.MlRun;
import dev.tap.optimizer.registry.Families;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The files of an ML run: {@code ml-run.json} (the run) and {@code ml-report.ipynb} ({@link MlNotebook}, read from the run only). */
public final class MlReportFiles {
  private MlReportFiles() {}

  public static final String RUN_JSON = "ml-run.json";
  public static final String NOTEBOOK = "ml-report.ipynb";

  private static ObjectMapper json() {
    return new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(Families.jsonModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** Writes the run's JSON and its notebook into {@code outDir}. */
  public static void write(Path outDir, MlRun run) {
    try {
      Files.createDirectories(outDir);
      json().writeValue(outDir.resolve(RUN_JSON).toFile(), run);
      MlNotebook.write(outDir.resolve(NOTEBOOK), run);
    } catch (IOException e) {
      throw new UserError(ExitCode.FAILURE, "could not write the ML report into " + outDir + ": " + e.getMessage() + "; check the directory is writable", e);
    }
  }

  /** Reads a run's {@code ml-run.json}; a missing or foreign file is a usage error naming it. */
  public static MlRun readRun(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError(ExitCode.BAD_INPUT,
          file + " does not exist: pass the " + RUN_JSON + " that 'tap ml' or 'tap demo' wrote (tap demo: <out>/ml/" + RUN_JSON + ") with --ml-run FILE.");
    }
    try {
      MlRun run = json().enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(file.toFile(), MlRun.class);
      if (run.schemaVersion() != MlRun.SCHEMA_VERSION || run.endpoint() == null || run.sizing() == null) {
        throw new IOException("schema version " + run.schemaVersion() + " (expected " + MlRun.SCHEMA_VERSION + ") or no endpoint analysis");
      }
      return run;
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT,
          file + " is not an ML run written by 'tap ml' (" + e.getMessage().lines().findFirst().orElse("") + "); rerun 'tap ml' to write it.", e);
    }
  }

  /**
   * Writes {@code ml-report.ipynb} for a run into {@code outDir}, with a copy of the run's JSON
   * beside it so the notebook's code cells find {@code ml-run.json}; returns the notebook's path.
   */
  public static Path writeNotebook(Path runJson, Path outDir) {
    MlRun run = readRun(runJson);
    try {
      Files.createDirectories(outDir);
      Path copy = outDir.resolve(RUN_JSON);
      if (!Files.exists(copy) || !Files.isSameFile(copy, runJson)) Files.copy(runJson, copy, StandardCopyOption.REPLACE_EXISTING);
      Path nb = outDir.resolve(NOTEBOOK);
      MlNotebook.write(nb, run);
      return nb;
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT,
          "could not write " + NOTEBOOK + " into " + outDir + ": " + e.getMessage() + "; choose a directory you can write to with --out DIR", e);
    }
  }
}
