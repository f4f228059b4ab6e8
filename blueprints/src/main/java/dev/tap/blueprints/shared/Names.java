package dev.tap.blueprints.shared;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Physical and export names of one blueprint in one environment (docs/outputs.md): every name starts
 * with {@code tap-{suffix}-} so that a real deployment and the simulated account share identifiers.
 */
public record Names(String suffix, String blueprint) {

  /** The suffix rule of docs/outputs.md; 12 characters keep the DAX cluster name within its 20-character limit. */
  public static final Pattern SUFFIX = Pattern.compile("[a-z][a-z0-9-]{0,11}");

  public Names {
    if (!SUFFIX.matcher(suffix).matches()) {
      throw new IllegalArgumentException("environment suffix '" + suffix + "' must match " + SUFFIX.pattern());
    }
  }

  /** {@code tap-{suffix}-{blueprint}-{parts...}}, e.g. {@code tap-dev-trading-aurora}. */
  public String of(String... parts) {
    return "tap-" + suffix + "-" + blueprint + (parts.length == 0 ? "" : "-" + String.join("-", parts));
  }

  /** {@code tap-{suffix}-{parts...}} for names the contract does not scope by blueprint (tables, DAX). */
  public String unscoped(String... parts) {
    return "tap-" + suffix + "-" + String.join("-", parts);
  }

  /** The export name of an output key: {@code tap-{suffix}-{blueprint}-{kebab-key}}. */
  public String exportName(String outputKey) {
    return of(kebab(outputKey));
  }

  /** {@code AuroraClusterId -> aurora-cluster-id}, {@code audit_logs -> audit-logs}. */
  public static String kebab(String key) {
    return key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replace('_', '-').toLowerCase(Locale.ROOT);
  }

  /** {@code audit_logs -> AuditLogs}: the output-key prefix of a table. */
  public static String pascal(String key) {
    StringBuilder b = new StringBuilder();
    for (String part : key.split("[_-]")) {
      if (!part.isEmpty()) b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return b.toString();
  }
}
