package dev.tap.optimizer.report;

import dev.tap.optimizer.plan.RecommendationFiles;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The few ways reports turn values into words, shared so every format says the same. */
public final class ReportText {
  static final String NOT_OBSERVED = "not observed yet";
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ReportText() {}

  static String change(Map<String, String> before, Map<String, String> after) {
    return RecommendationFiles.change(before, after);
  }

  public static String money(double usd) {
    return (usd < 0 ? "-" : "") + String.format(Locale.ROOT, "$%,.2f", Math.abs(usd));
  }

  static String minute(Instant t) {
    return t == null ? "" : MINUTE.format(t);
  }
}
