package dev.tap.optimizer.exec;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;

/**
 * A resource's weekly maintenance window in AWS's {@code PreferredMaintenanceWindow} form,
 * {@code ddd:hh24:mi-ddd:hh24:mi} in UTC (for example {@code sun:05:00-sun:05:30}). Changes
 * requested without "apply immediately" wait for its next start. Adapters report it under
 * {@link #CONFIG_KEY} when they describe a database.
 */
public record MaintenanceWindow(DayOfWeek startDay, LocalTime start, Duration length) {

  /** The configuration key a describe call reports the window under. */
  public static final String CONFIG_KEY = "preferredMaintenanceWindow";

  private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
      "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY, "sun", DayOfWeek.SUNDAY);

  /** Parses {@code ddd:hh24:mi-ddd:hh24:mi}; the end may fall on the next day or week. */
  public static MaintenanceWindow parse(String text) {
    String[] parts = text == null ? new String[0] : text.trim().toLowerCase(Locale.ROOT).split("-");
    if (parts.length != 2) throw new IllegalArgumentException("a maintenance window is ddd:hh24:mi-ddd:hh24:mi (UTC), not '" + text + "'");
    long startMin = minuteOfWeek(parts[0], text);
    long endMin = minuteOfWeek(parts[1], text);
    long length = Math.floorMod(endMin - startMin, 7 * 24 * 60);
    if (length == 0) throw new IllegalArgumentException("maintenance window '" + text + "' has no length");
    return new MaintenanceWindow(DayOfWeek.of((int) (startMin / (24 * 60)) + 1), LocalTime.ofSecondOfDay(startMin % (24 * 60) * 60),
        Duration.ofMinutes(length));
  }

  private static long minuteOfWeek(String part, String whole) {
    String[] f = part.split(":");
    DayOfWeek day = f.length == 3 ? DAYS.get(f[0]) : null;
    if (day == null) throw new IllegalArgumentException("a maintenance window is ddd:hh24:mi-ddd:hh24:mi (UTC), not '" + whole + "'");
    try {
      LocalTime t = LocalTime.of(Integer.parseInt(f[1]), Integer.parseInt(f[2]));
      return (day.getValue() - 1) * 24L * 60 + t.getHour() * 60L + t.getMinute();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("a maintenance window is ddd:hh24:mi-ddd:hh24:mi (UTC), not '" + whole + "'", e);
    }
  }

  /** The first start of the window strictly after {@code after}: when a deferred change takes effect. */
  public Instant nextStart(Instant after) {
    ZonedDateTime t = after.atZone(ZoneOffset.UTC);
    ZonedDateTime candidate = t.with(TemporalAdjusters.nextOrSame(startDay)).truncatedTo(ChronoUnit.DAYS).with(start);
    if (!candidate.toInstant().isAfter(after)) candidate = candidate.plusWeeks(1);
    return candidate.toInstant();
  }

  /**
   * AWS starts pending modifications during the window but may finish them after it: a change
   * still pending this long after the window's start is taken as deferred to the next one.
   */
  public static final Duration SETTLING = Duration.ofHours(6);

  /** Whether {@code t} falls in the window or the {@link #SETTLING} time after it, when pending changes are being made. */
  public boolean applying(Instant t) {
    return t.isBefore(lastStart(t).plus(length).plus(SETTLING));
  }

  /** Whether {@code t} falls inside the window itself (no settling time). */
  public boolean contains(Instant t) {
    return t.isBefore(lastStart(t).plus(length));
  }

  /** The latest start at or before {@code t}. */
  private Instant lastStart(Instant t) {
    return nextStart(t).minus(Duration.ofDays(7));
  }

  @Override
  public String toString() {
    Instant s = Instant.parse("2024-01-01T00:00:00Z") // a Monday
        .plus(Duration.ofDays(startDay.getValue() - 1)).plusSeconds(start.toSecondOfDay());
    Instant e = s.plus(length);
    return format(s) + "-" + format(e);
  }

  private static String format(Instant i) {
    ZonedDateTime z = i.atZone(ZoneOffset.UTC);
    return z.getDayOfWeek().name().substring(0, 3).toLowerCase(Locale.ROOT) + String.format(Locale.ROOT, ":%02d:%02d", z.getHour(), z.getMinute());
  }
}
