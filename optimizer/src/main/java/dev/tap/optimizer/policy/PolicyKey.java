package dev.tap.optimizer.policy;

/**
 * One key a policy file may set: its dotted path, the kind of value and the accepted range. The
 * table of keys is {@link PolicySchema}; a file setting any other key is rejected.
 */
public record PolicyKey(String path, Kind kind, double min, double max, String meaning) {

  public enum Kind { NUMBER, INTEGER, BOOLEAN, STRING }

  public static PolicyKey percent(String path, String meaning) {
    return new PolicyKey(path, Kind.NUMBER, 0, 100, meaning);
  }

  public static PolicyKey number(String path, double min, double max, String meaning) {
    return new PolicyKey(path, Kind.NUMBER, min, max, meaning);
  }

  public static PolicyKey integer(String path, long min, long max, String meaning) {
    return new PolicyKey(path, Kind.INTEGER, min, max, meaning);
  }

  public static PolicyKey bool(String path, String meaning) {
    return new PolicyKey(path, Kind.BOOLEAN, 0, 1, meaning);
  }

  /** A type name such as {@code db.r6g.xlarge}; empty means "compute it" (one size down, by utilisation). */
  public static PolicyKey type(String path, String meaning) {
    return new PolicyKey(path, Kind.STRING, 0, 0, meaning);
  }

  /** "0 to 100", "true or false", ... for error messages. */
  public String range() {
    return switch (kind) {
      case BOOLEAN -> "true or false";
      case STRING -> "a type name such as m5.2xlarge, or \"\" to let TAP choose";
      case INTEGER -> "a whole number from " + fmt(min) + " to " + fmt(max);
      case NUMBER -> "a number from " + fmt(min) + " to " + fmt(max);
    };
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }
}
