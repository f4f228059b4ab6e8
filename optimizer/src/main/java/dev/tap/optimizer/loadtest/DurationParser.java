package dev.tap.optimizer.loadtest;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them: {@code 90s}, {@code 5m}, {@code 1h}, {@code 500ms}, {@code 1m30s}, or ISO-8601 {@code PT5M}. */
public final class DurationParser {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private DurationParser() {}

  public static Duration parse(String text, String option) {
    String s = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.startsWith("pt")) {
      try {
        return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
      } catch (RuntimeException e) {
        throw bad(text, option);
      }
    }
    Matcher m = PART.matcher(s);
    int at = 0;
    double nanos = 0;
    while (m.find() && m.start() == at) {
      double v = Double.parseDouble(m.group(1));
      nanos += v * switch (m.group(2)) {
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      at = m.end();
    }
    if (at == 0 || at != s.length()) throw bad(text, option);
    return Duration.ofNanos(Math.round(nanos));
  }

  private static UserError bad(String text, String option) {
    return new UserError(ExitCode.BAD_INPUT, option + " " + text + " is not a duration; write e.g. 30s, 5m, 1h or 1m30s.");
  }
}
