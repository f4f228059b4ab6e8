package dev.tap.optimizer.family;

import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.rules.Observed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory and default max_connections of RDS and Aurora instance classes, for the checks a class
 * change must pass (docs/analysis.md, "Database classes"). Memory: 8 GiB per vCPU for the memory-
 * optimised r classes, 4 for the general-purpose m classes, 16 for x2g, with large = 2 vCPU and each
 * size up doubling (AWS "DB instance classes", hardware specifications). max_connections: the
 * default parameter groups' formulas (AWS "Quotas and constraints for Amazon RDS" / Aurora
 * PostgreSQL and Aurora MySQL "max_connections"), computed on the instance memory: PostgreSQL
 * LEAST(memory / 9531392, 5000); MySQL memory / 12582880; Aurora MySQL GREATEST(log2(memory /
 * 805306368) × 45, log2(memory / 8187281408) × 1000). AWS applies them to DBInstanceClassMemory,
 * a little below the instance memory, so these limits are slight overestimates; the checks compare
 * with {@code backtest.maxUtilisationPct} of them.
 */
public final class DbClasses {
  private DbClasses() {}

  private static final Pattern CLASS = Pattern.compile("db\\.([a-z]+)(\\d+)[a-z]*\\.(\\d*)(x?large)");

  public static Optional<Double> memoryGib(String dbClass) {
    Matcher m = CLASS.matcher(dbClass);
    if (!m.matches()) return Optional.empty();
    double perVcpu = switch (m.group(1)) {
      case "r", "z" -> 8;
      case "m" -> 4;
      case "x" -> 16;
      default -> 0;
    };
    if (perVcpu == 0) return Optional.empty();
    double vcpus = m.group(4).equals("large") ? 2 : 4 * (m.group(3).isEmpty() ? 1 : Integer.parseInt(m.group(3)));
    if (m.group(4).equals("large") && !m.group(3).isEmpty()) return Optional.empty();
    return Optional.of(vcpus * perVcpu);
  }

  public static Optional<Integer> maxConnections(String engine, String dbClass) {
    Optional<Double> gib = memoryGib(dbClass);
    if (gib.isEmpty() || engine == null) return Optional.empty();
    double bytes = gib.get() * 1024 * 1024 * 1024;
    if (engine.contains("postgres")) return Optional.of((int) Math.min(5000, bytes / 9531392));
    if (engine.equals("aurora-mysql")) {
      return Optional.of((int) Math.max(log2(bytes / 805306368) * 45, log2(bytes / 8187281408.0) * 1000));
    }
    if (engine.contains("mysql") || engine.contains("mariadb")) return Optional.of((int) (bytes / 12582880));
    return Optional.empty();
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /**
   * The evidence a class change from {@code from} to {@code to} must hold: the freeable memory left
   * on the smaller class (its memory minus what the current class uses at its lowest freeable
   * memory) at or above {@code memoryFloorPct}, and peak connections below {@code ceilingPct} of the
   * target's max_connections. A check whose inputs are missing is left out and named in {@code missing}.
   */
  public static List<Evidence> afterChange(Observed o, String engine, String from, String to, String freeableMemory, String connections,
      double memoryFloorPct, double ceilingPct, List<String> missing) {
    List<Evidence> ev = new ArrayList<>();
    Optional<Double> fromGib = memoryGib(from);
    Optional<Double> toGib = memoryGib(to);
    var freeable = o.window(freeableMemory, "Minimum");
    if (fromGib.isPresent() && toGib.isPresent() && freeable.isPresent()) {
      double usedGib = fromGib.get() - freeable.get().value() / (1024.0 * 1024 * 1024);
      double leftPct = (toGib.get() - usedGib) / toGib.get() * 100;
      ev.add(o.derived(freeableMemory + " on " + to, String.format(Locale.ROOT,
          "(%.0f GiB - (%.0f GiB - Minimum over the window)) / %.0f GiB", toGib.get(), fromGib.get(), toGib.get()), leftPct, ">=", memoryFloorPct, " %"));
    } else {
      missing.add(freeable.isEmpty() ? freeableMemory + " Minimum" : "the memory of " + (fromGib.isEmpty() ? from : to));
    }
    var peak = o.window(connections, "Maximum");
    Optional<Integer> limit = maxConnections(engine, to);
    if (peak.isPresent() && limit.isPresent()) {
      ev.add(o.derived(connections + " / max_connections of " + to + " (" + limit.get() + ")", "Maximum over the window",
          peak.get().value() / limit.get() * 100, "<", ceilingPct, " %"));
    } else {
      missing.add(peak.isEmpty() ? connections + " Maximum" : "max_connections of " + to + " for " + engine);
    }
    return ev;
  }
}
