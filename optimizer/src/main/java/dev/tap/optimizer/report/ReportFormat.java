package dev.tap.optimizer.report;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The report files {@code tap report} writes, each under a fixed name in the output directory. */
public enum ReportFormat {
  XLSX("report.xlsx"),
  HTML("dashboard.html"),
  CSV("recommendations.csv"),
  JSON("run.json");

  public final String fileName;

  ReportFormat(String fileName) {
    this.fileName = fileName;
  }

  /** Parses {@code xlsx,html,csv,json} (any case, any order); an unknown name is a usage error. */
  public static Set<ReportFormat> parseList(String list) {
    EnumSet<ReportFormat> formats = EnumSet.noneOf(ReportFormat.class);
    for (String part : list.split(",")) {
      String name = part.trim().toUpperCase(Locale.ROOT);
      if (name.isEmpty()) continue;
      try {
        formats.add(ReportFormat.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new UserError(ExitCode.BAD_INPUT, "--format: unknown report format '" + part.trim() + "'. Use a comma-separated list of "
            + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ".");
      }
    }
    if (formats.isEmpty()) throw new UserError(ExitCode.BAD_INPUT, "--format: name at least one of xlsx, html, csv, json.");
    return formats;
  }
}
