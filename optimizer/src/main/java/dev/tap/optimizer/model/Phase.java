package dev.tap.optimizer.model;

import java.time.Duration;
import java.util.List;

/** Actions applied together, followed by an observation window before the next phase starts. */
public record Phase(int number, String name, Duration observation, List<Action> actions) {
  public Phase {
    actions = List.copyOf(actions);
  }
}
