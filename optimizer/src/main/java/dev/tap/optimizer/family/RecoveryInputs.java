package dev.tap.optimizer.family;

import java.util.Arrays;
import java.util.Map;

/** The configuration before and after an action (the resource's, overlaid with the action's values), as recovery models read it. */
public record RecoveryInputs(Map<String, String> before, Map<String, String> after) {

  public Recovery result(String scenario, Objective rtoB, Objective rtoA, Objective rpoB, Objective rpoA, String reasoning) {
    return new Recovery(scenario, rtoB, rtoA, rpoB, rpoA, reasoning);
  }

  /** An integer value, or -1 when absent or not a number. */
  public static int count(Map<String, String> cfg, String key) {
    String v = cfg.get(key);
    if (v == null || v.isBlank()) return -1;
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Entries of a comma-separated list. */
  public static int listSize(Map<String, String> cfg, String key) {
    String v = cfg.get(key);
    return v == null || v.isBlank() ? 0 : (int) Arrays.stream(v.split(",")).filter(s -> !s.isBlank()).count();
  }

  public static String shown(Map<String, String> cfg, String key) {
    return cfg.getOrDefault(key, "unknown");
  }
}
