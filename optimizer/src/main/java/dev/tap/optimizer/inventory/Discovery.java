package dev.tap.optimizer.inventory;

import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code --discover} found in an account: the resources kept (the SPEC O6 ones among them, which
 * the planner skips and reports), what was excluded and why, what was seen but belongs to no family
 * TAP supports, and the problems met: regions or services that refused (named, skipped, not fatal)
 * and what a describe call could not represent.
 */
public record Discovery(String source, String account, Instant takenAt, List<Resource> resources, List<Excluded> excluded,
    Map<String, Integer> unsupported, List<String> problems) {

  /** A resource left out of the analysis, and why. */
  public record Excluded(Family family, String region, String id, String reason) {}

  public Discovery {
    resources = List.copyOf(resources);
    excluded = List.copyOf(excluded);
    unsupported = java.util.Collections.unmodifiableMap(new TreeMap<>(unsupported));
    problems = List.copyOf(problems);
  }

  /**
   * Applies the filter to everything seen: resources of a family the registry does not know count as
   * unsupported (by "label in region"); the others must match the tag filters; a {@code --exclude-tag}
   * match leaves the inventory, a SPEC O6 one stays (flagged) so that the plan reports it.
   */
  public static Discovery select(String source, String account, Instant takenAt, Collection<Resource> seen, DiscoveryFilter filter,
      Set<Family> supported, Map<String, Integer> unsupportedElsewhere, List<String> problems) {
    Map<String, Resource> kept = new LinkedHashMap<>();
    List<Excluded> excluded = new ArrayList<>();
    Map<String, Integer> unsupported = new TreeMap<>(unsupportedElsewhere);
    for (Resource r : seen) {
      if (!filter.regions().isEmpty() && !filter.regions().contains(r.region())) continue;
      if (!supported.contains(r.family())) {
        unsupported.merge(r.family().label() + " in " + r.region(), 1, Integer::sum);
        continue;
      }
      if (!filter.matches(r.tags())) continue;
      var why = filter.exclusion(r);
      why.ifPresent(w -> excluded.add(new Excluded(r.family(), r.region(), r.id(), w)));
      if (!filter.excludedByUser(r)) kept.putIfAbsent(key(r), r);
    }
    return new Discovery(source, account, takenAt, List.copyOf(kept.values()), excluded, unsupported, problems);
  }

  /** The resources as a snapshot; the regions and services that refused are its problems. */
  public Snapshot snapshot() {
    return new Snapshot(source, account, null, takenAt, resources, problems);
  }

  /** This discovery plus the resources of {@code other} (an outputs file's inventory) it does not hold already. */
  public Snapshot union(Snapshot other) {
    Map<String, Resource> all = new LinkedHashMap<>();
    for (Resource r : resources) all.putIfAbsent(key(r), r);
    for (Resource r : other.resources()) all.putIfAbsent(key(r), r);
    List<String> problems = new ArrayList<>(other.problems());
    problems.addAll(this.problems);
    return new Snapshot(source + " + " + other.source(), account, other.blueprint(), takenAt, List.copyOf(all.values()), problems);
  }

  /** Resources kept, by family label then region. */
  public Map<String, Map<String, Integer>> counts() {
    Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
    for (Resource r : resources) m.computeIfAbsent(r.family().label(), k -> new TreeMap<>()).merge(r.region(), 1, Integer::sum);
    return m;
  }

  /** The summary printed before the analysis: what was found per family and region, excluded, unsupported and skipped. */
  public List<String> summary() {
    List<String> lines = new ArrayList<>();
    lines.add("Discovered in account " + account + " (" + source + "): " + resources.size() + " resource" + (resources.size() == 1 ? "" : "s"));
    counts().forEach((family, regions) -> {
      StringBuilder b = new StringBuilder("  " + family + ": ");
      int n = 0;
      for (var e : regions.entrySet()) {
        b.append(n++ == 0 ? "" : ", ").append(e.getValue()).append(" in ").append(e.getKey());
      }
      lines.add(b.toString());
    });
    if (!excluded.isEmpty()) {
      lines.add("Excluded: " + excluded.size());
      for (Excluded e : excluded) lines.add("  " + e.family().label() + " " + e.id() + " (" + e.region() + "): " + e.reason());
    }
    if (!unsupported.isEmpty()) {
      lines.add("Seen but not supported: " + unsupported.values().stream().mapToInt(Integer::intValue).sum());
      unsupported.forEach((what, n) -> lines.add("  " + n + " " + what));
    }
    if (!problems.isEmpty()) {
      lines.add("Problems (skipped, not fatal): " + problems.size());
      problems.forEach(s -> lines.add("  " + s));
    }
    return lines;
  }

  static String key(Resource r) {
    return r.family().name() + "/" + r.region() + "/" + r.id();
  }
}
