package dev.tap.optimizer.family;

import dev.tap.optimizer.model.ActionKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks the after-values of one action before anything runs ({@link ResourceFamily#validate}):
 * which keys the kind may change, their types and ranges. Each problem names the kind, the key and
 * the value, so a hand-edited plan is refused with what to fix instead of failing mid-run.
 */
public final class AfterValues {
  private final ActionKind kind;
  private final Map<String, String> after;
  private final List<String> problems = new ArrayList<>();

  private AfterValues(ActionKind kind, Map<String, String> after) {
    this.kind = kind;
    this.after = after;
  }

  public static AfterValues of(ActionKind kind, Map<String, String> after) {
    AfterValues v = new AfterValues(kind, after);
    if (after.isEmpty()) v.problems.add(kind + " has no after-values: nothing to change");
    return v;
  }

  /** Every key is one of {@code keys}: a kind changes only what it governs. */
  public AfterValues only(String... keys) {
    Set<String> allowed = Set.of(keys);
    Set<String> extra = new TreeSet<>(after.keySet());
    extra.removeAll(allowed);
    if (!extra.isEmpty()) {
      problems.add(kind + " does not change " + String.join(", ", extra) + " (it changes " + String.join(", ", new TreeSet<>(allowed)) + ")");
    }
    return this;
  }

  public AfterValues required(String... keys) {
    for (String k : keys) if (!after.containsKey(k)) problems.add(kind + " needs a value for '" + k + "'");
    return this;
  }

  /** When present: a whole number in [min, max]. */
  public AfterValues integer(String key, long min, long max) {
    String v = after.get(key);
    if (v != null && !inRange(v, min, max)) problems.add(value(key, v) + " is not a whole number from " + min + " to " + max);
    return this;
  }

  /** When present: a finite number in [min, max]. */
  public AfterValues number(String key, double min, double max) {
    String v = after.get(key);
    if (v == null) return this;
    double d;
    try {
      d = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      d = Double.NaN;
    }
    if (!Double.isFinite(d) || d < min || d > max) problems.add(value(key, v) + " is not a number from " + min + " to " + max);
    return this;
  }

  /** When present: matches {@code regex}, e.g. an instance class; {@code what} explains it. */
  public AfterValues matches(String key, String regex, String what) {
    String v = after.get(key);
    if (v != null && !Pattern.matches(regex, v)) problems.add(value(key, v) + " is not " + what);
    return this;
  }

  public AfterValues oneOf(String key, String... values) {
    String v = after.get(key);
    if (v != null && !Arrays.asList(values).contains(v)) problems.add(value(key, v) + " is not one of " + String.join(", ", values));
    return this;
  }

  /** When present: comma-separated items, each matching {@code regex} (may be empty). */
  public AfterValues list(String key, String regex, String what) {
    String v = after.get(key);
    if (v == null || v.isEmpty()) return this;
    for (String item : v.split(",", -1)) {
      if (!Pattern.matches(regex, item.trim())) {
        problems.add(value(key, v) + " has an item '" + item + "' that is not " + what);
        return this;
      }
    }
    return this;
  }

  /** A relation between values (min <= desired <= max); checked only when the values are otherwise valid. */
  public AfterValues check(boolean holds, String problem) {
    if (problems.isEmpty() && !holds) problems.add(kind + ": " + problem);
    return this;
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** The value of an integer key already checked, or {@code fallback} when absent or invalid. */
  public long longOr(String key, long fallback) {
    try {
      return Long.parseLong(after.get(key).trim());
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  private String value(String key, String v) {
    String shown = v.length() > 60 ? v.substring(0, 60) + "..." : v;
    return kind + " after." + key + " = \"" + shown + "\"";
  }

  private static boolean inRange(String v, long min, long max) {
    if (!Pattern.matches("-?\\d{1,18}", v.trim())) return false;
    long n = Long.parseLong(v.trim());
    return n >= min && n <= max;
  }
}
