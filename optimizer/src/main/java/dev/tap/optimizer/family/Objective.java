package dev.tap.optimizer.family;

import java.time.Duration;

/** A recovery objective: a duration in seconds where the mechanism has one, and its wording. */
public record Objective(Long seconds, String text) {

  public static final Objective NONE_LOST = new Objective(0L, "0 (nothing lost)");
  /** Point-in-time restore reaches a point within the last 5 minutes (latest restorable time). */
  public static final Duration PITR_GRANULARITY = Duration.ofMinutes(5);

  public static Objective of(Duration d, String how) {
    return new Objective(d.getSeconds(), words(d) + " (" + how + ")");
  }

  public static Objective open(String text) {
    return new Objective(null, text);
  }

  /** "30 s", "10 min", "2 h", "35 d". */
  public static String words(Duration d) {
    long s = d.getSeconds();
    if (s == 0) return "0";
    if (s < 120) return s + " s";
    if (s < 2 * 3600) return (s / 60) + " min";
    if (s < 2 * 86400) return (s / 3600) + " h";
    return (s / 86400) + " d";
  }
}
