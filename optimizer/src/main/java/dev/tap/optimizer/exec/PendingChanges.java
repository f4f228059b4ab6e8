package dev.tap.optimizer.exec;

import dev.tap.optimizer.model.Resource;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Changes a resource has accepted but not yet made (AWS: {@code PendingModifiedValues}, which
 * wait for the maintenance window). Adapters report them under {@link #CONFIG_KEY} as
 * {@code key=value;key=value} with the same keys as the configuration; empty or absent means none.
 * A change is in effect only when nothing the action governs is still pending.
 */
public final class PendingChanges {
  private PendingChanges() {}

  /** The configuration key a describe call reports pending changes under. */
  public static final String CONFIG_KEY = "pendingModifiedValues";

  public static Map<String, String> of(Resource r) {
    return parse(r.config().get(CONFIG_KEY));
  }

  public static Map<String, String> parse(String encoded) {
    Map<String, String> out = new TreeMap<>();
    if (encoded == null || encoded.isBlank()) return out;
    for (String kv : encoded.split(";")) {
      int eq = kv.indexOf('=');
      if (eq > 0) out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    return out;
  }

  public static String encode(Map<String, String> pending) {
    return new TreeMap<>(pending).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
  }

  /** The pending changes of {@code r} to any of {@code keys} (an action's governed keys). */
  public static Map<String, String> touching(Resource r, java.util.Set<String> keys) {
    Map<String, String> out = new TreeMap<>(of(r));
    out.keySet().retainAll(keys);
    return out;
  }

  /** True when every key of {@code expected} is either in effect or pending with that value. */
  public static boolean requested(Resource r, Map<String, String> expected) {
    Map<String, String> pending = of(r);
    for (var e : expected.entrySet()) {
      String v = pending.containsKey(e.getKey()) ? pending.get(e.getKey()) : r.config().get(e.getKey());
      if (!e.getValue().equals(v)) return false;
    }
    return true;
  }
}
