package dev.tap.optimizer.exec;

import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small plans for executor tests. */
final class Plans {
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  static Action action(String id, ActionKind kind, String resource, Map<String, String> before, Map<String, String> after) {
    return new Action(id, kind, resource, "us-east-1", before, after, 1000, 600, Action.Risk.LOW, 0.9, List.of(),
        new Backtest(90, 8, 9, 12, 13, 0.1, 0.1, 60, 0, true, "test"), "test action");
  }

  static Phase phase(int n, String name, Action... actions) {
    return new Phase(n, name, Duration.ofHours(48), List.of(actions));
  }

  static Plan plan(Phase... phases) {
    return new Plan(Plan.SCHEMA_VERSION, "plan-test", "trading", "123456789012", "test", T0.minus(Duration.ofDays(1)),
        T0.minus(Duration.ofDays(91)), T0.minus(Duration.ofDays(1)), "2026-02-01", List.of(phases), List.of());
  }
}
