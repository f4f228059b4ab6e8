package dev.tap.optimizer.rules;

import java.util.List;
import java.util.Optional;

/**
 * Instance sizes within a family ({@code c6i.8xlarge}, {@code db.r6g.4xlarge}, {@code
 * cache.r6g.xlarge}, {@code dax.r4.8xlarge}): AWS doubles vCPUs and memory at each step of the
 * ladder, so capacity is proportional to the size's units ({@code large} = 1).
 */
public final class Sizes {
  private Sizes() {}

  private static final List<String> LADDER = List.of("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge");
  private static final double[] UNITS = {1, 2, 4, 8, 16, 32};

  /** Capacity units of a type: 1 for large, 2 for xlarge, ... (12xlarge = 24, 24xlarge = 48). */
  public static double units(String type) {
    String size = size(type);
    int i = LADDER.indexOf(size);
    if (i >= 0) return UNITS[i];
    if (size.endsWith("xlarge")) {
      try {
        return 2 * Integer.parseInt(size.substring(0, size.length() - "xlarge".length()));
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException("unknown instance size in " + type);
  }

  /** The next smaller size on the doubling ladder, if there is one. */
  public static Optional<String> oneDown(String type) {
    int i = LADDER.indexOf(size(type));
    if (i <= 0) return Optional.empty();
    return Optional.of(type.substring(0, type.lastIndexOf('.') + 1) + LADDER.get(i - 1));
  }

  /** Capacity of {@code from} over capacity of {@code to}: how much heavier each unit's load gets. */
  public static double loadFactor(String from, String to) {
    return units(from) / units(to);
  }

  private static String size(String type) {
    int dot = type.lastIndexOf('.');
    if (dot < 0) throw new IllegalArgumentException("not an instance type: " + type);
    return type.substring(dot + 1);
  }
}
