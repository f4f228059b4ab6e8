package dev.tap.optimizer.rules;

import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.model.Resource;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a rule recommends for one resource, before pricing, confidence and backtest: the keys it
 * changes (before and after, {@link dev.tap.optimizer.model.ConfigKeys}), the evidence that
 * fired it, and how the change scales the load each unit of capacity carries.
 *
 * @param loads the hourly series the backtest replays and how the change rescales them (empty when
 *     the change does not touch capacity); the first one also drives the latency model
 * @param coverageKeys keys of the hourly series the confidence is computed from
 */
public record Proposal(
    Resource resource,
    ActionKind kind,
    Map<String, String> before,
    Map<String, String> after,
    List<Load> loads,
    List<String> coverageKeys,
    List<Evidence> evidence,
    Action.Risk risk,
    String rationale) {

  public Proposal {
    // Only the keys the action changes: a key with the same value before and after is dropped.
    Map<String, String> b = new TreeMap<>(before);
    Map<String, String> a = new TreeMap<>(after);
    for (String k : List.copyOf(b.keySet())) {
      if (b.get(k).equals(a.get(k))) {
        b.remove(k);
        a.remove(k);
      }
    }
    if (a.isEmpty()) throw new IllegalArgumentException(kind + " on " + resource.id() + " changes nothing");
    before = b;
    after = a;
    before = Collections.unmodifiableMap(new TreeMap<>(before));
    after = Collections.unmodifiableMap(new TreeMap<>(after));
    loads = List.copyOf(loads);
    coverageKeys = List.copyOf(coverageKeys);
    evidence = List.copyOf(evidence);
  }

  /** A scale-up adds capacity to every load it touches. */
  public boolean addsCapacity() {
    return !loads.isEmpty() && loads.stream().allMatch(l -> l.predictedScale() < l.baselineScale());
  }

  /** The resource's configuration after this change (every key, not only the changed ones). */
  public Map<String, String> applyTo(Map<String, String> config) {
    Map<String, String> next = new TreeMap<>(config);
    next.putAll(after);
    return next;
  }
}
