package dev.tap.optimizer.model;

import java.time.Instant;
import java.util.List;

/**
 * What exists in one account at one moment, as found by an inventory. {@code problems} lists the
 * unknown or missing entries the inventory met; they are reported, never guessed (SPEC O1).
 */
public record Snapshot(
    String source, String account, String blueprint, Instant takenAt, List<Resource> resources, List<String> problems) {

  public Snapshot {
    resources = List.copyOf(resources);
    problems = List.copyOf(problems);
  }

  public List<Resource> of(Family family) {
    return resources.stream().filter(r -> r.family() == family).toList();
  }
}
