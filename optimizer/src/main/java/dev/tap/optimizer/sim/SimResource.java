package dev.tap.optimizer.sim;

import dev.tap.optimizer.model.Resource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One simulated resource: its identity and its configuration history. A reconfiguration takes
 * effect at a minute boundary; every metric of the resource reads the configuration of the minute
 * it describes, so metrics after the change reflect the new capacity and metrics before it do not.
 */
final class SimResource {
  private final Resource initial;
  private final List<Map<String, String>> configs = new CopyOnWriteArrayList<>();
  private volatile long[] changeMinutes = new long[0];
  /** An injected load surge on this resource's demand: [from, to) in epoch minutes, and its factor. */
  private volatile Surge surge;

  record Surge(long fromMinute, long toMinute, double factor) {}

  SimResource(Resource initial) {
    this.initial = initial;
    configs.add(initial.config());
  }

  String id() {
    return initial.id();
  }

  Resource initial() {
    return initial;
  }

  /** The resource as it is now (latest configuration). */
  Resource current() {
    return initial.withConfig(configs.get(configs.size() - 1));
  }

  /** Version 0 is the initial configuration; version i applies from {@code changeMinute(i)}. */
  Map<String, String> config(int version) {
    return configs.get(version);
  }

  int versions() {
    return configs.size();
  }

  synchronized void reconfigure(long effectiveMinute, Map<String, String> changes) {
    long[] cm = changeMinutes;
    if (cm.length > 0 && effectiveMinute < cm[cm.length - 1]) {
      throw new IllegalStateException("reconfiguration of " + id() + " at minute " + effectiveMinute + " precedes the last one");
    }
    Map<String, String> next = new LinkedHashMap<>(configs.get(configs.size() - 1));
    next.putAll(changes);
    if (cm.length > 0 && effectiveMinute == cm[cm.length - 1]) {
      configs.set(configs.size() - 1, Map.copyOf(next));
      return;
    }
    configs.add(Map.copyOf(next));
    long[] n = Arrays.copyOf(cm, cm.length + 1);
    n[cm.length] = effectiveMinute;
    changeMinutes = n;
  }

  void surge(long fromMinute, long toMinute, double factor) {
    surge = new Surge(fromMinute, toMinute, factor);
  }

  /** The demand multiplier of epoch minute {@code m}: the surge's factor inside it, else 1. */
  double surgeAt(long m) {
    Surge s = surge;
    return s != null && m >= s.fromMinute && m < s.toMinute ? s.factor : 1;
  }

  /** Whether a surge touches epoch hour {@code h} (its minutes then differ from the closed form). */
  boolean surgeWithin(long h) {
    Surge s = surge;
    return s != null && s.fromMinute < h * 60 + 60 && s.toMinute > h * 60;
  }

  /** The configuration version in force during epoch minute {@code m}. */
  int versionAt(long m) {
    long[] cm = changeMinutes;
    if (cm.length == 0 || m < cm[0]) return 0;
    int i = Arrays.binarySearch(cm, m);
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** Whether a change takes effect strictly inside epoch hour {@code h} (so its minutes differ). */
  boolean changesWithin(long h) {
    long[] cm = changeMinutes;
    if (cm.length == 0) return false;
    long from = h * 60 + 1;
    long to = h * 60 + 60;
    for (long c : cm) if (c >= from && c < to) return true;
    return false;
  }
}
