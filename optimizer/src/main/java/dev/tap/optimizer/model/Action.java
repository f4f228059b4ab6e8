package dev.tap.optimizer.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One change to one resource. {@code before} and {@code after} use the {@link
 * dev.tap.optimizer.model.ConfigKeys} vocabulary and hold only the keys the action changes;
 * {@code before} is what the executor expects to find (and restores on rollback).
 */
public record Action(
    String id,
    ActionKind kind,
    String resourceId,
    String region,
    Map<String, String> before,
    Map<String, String> after,
    double monthlyCostBefore,
    double monthlyCostAfter,
    Risk risk,
    double confidence,
    List<Evidence> evidence,
    Backtest backtest,
    String rationale) {

  public enum Risk { LOW, MEDIUM, HIGH }

  public Action {
    before = Collections.unmodifiableMap(new TreeMap<>(before));
    after = Collections.unmodifiableMap(new TreeMap<>(after));
    evidence = List.copyOf(evidence);
  }

  public double monthlySavings() {
    return monthlyCostBefore - monthlyCostAfter;
  }
}
