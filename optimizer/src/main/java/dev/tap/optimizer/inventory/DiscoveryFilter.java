package dev.tap.optimizer.inventory;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.model.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code --discover} keeps: the regions to enumerate (empty: every region enabled in the
 * account), tag filters ({@code --tag KEY=VALUE}: every key must match, any of the values given for
 * one key, as the Resource Groups Tagging API's TagFilters do) and tag exclusions
 * ({@code --exclude-tag KEY} or {@code KEY=VALUE}), on top of the exclusions of SPEC O6
 * ({@link Resource#exclusionReason()}).
 */
public record DiscoveryFilter(List<String> regions, Map<String, List<String>> tags, Map<String, Optional<String>> excludeTags) {

  public static final DiscoveryFilter ALL = new DiscoveryFilter(List.of(), Map.of(), Map.of());

  public DiscoveryFilter {
    regions = List.copyOf(regions);
    Map<String, List<String>> t = new LinkedHashMap<>();
    tags.forEach((k, v) -> t.put(k, List.copyOf(v)));
    tags = java.util.Collections.unmodifiableMap(t);
    excludeTags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(excludeTags));
  }

  /** Parses the command-line values; a malformed one is a usage error naming it. */
  public static DiscoveryFilter parse(List<String> regions, List<String> tagArgs, List<String> excludeArgs) {
    List<String> rs = new ArrayList<>();
    for (String r : regions) {
      if (!r.trim().matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
        throw new UserError(ExitCode.BAD_INPUT, "--regions " + r + " is not a region code; use codes such as us-east-1,eu-west-1.");
      }
      rs.add(r.trim());
    }
    Map<String, List<String>> tags = new LinkedHashMap<>();
    for (String a : tagArgs) {
      int eq = a.indexOf('=');
      if (eq <= 0 || eq == a.length() - 1) {
        throw new UserError(ExitCode.BAD_INPUT, "--tag " + a + " is not KEY=VALUE (for example --tag Environment=prod); repeat --tag for more filters.");
      }
      tags.computeIfAbsent(a.substring(0, eq), k -> new ArrayList<>()).add(a.substring(eq + 1));
    }
    Map<String, Optional<String>> exclude = new LinkedHashMap<>();
    for (String a : excludeArgs) {
      int eq = a.indexOf('=');
      if (a.isBlank() || eq == 0 || eq == a.length() - 1) {
        throw new UserError(ExitCode.BAD_INPUT, "--exclude-tag " + a + " is not KEY or KEY=VALUE (for example --exclude-tag Team=payments).");
      }
      if (eq < 0) exclude.put(a, Optional.empty());
      else exclude.put(a.substring(0, eq), Optional.of(a.substring(eq + 1)));
    }
    return new DiscoveryFilter(rs, tags, exclude);
  }

  /** Whether tags satisfy every {@code --tag} filter (true when there is none). */
  public boolean matches(Map<String, String> resourceTags) {
    for (var f : tags.entrySet()) {
      String v = resourceTags.get(f.getKey());
      if (v == null || !f.getValue().contains(v)) return false;
    }
    return true;
  }

  /** Why the resource is excluded: SPEC O6's tags first, then {@code --exclude-tag}; empty when it is not. */
  public Optional<String> exclusion(Resource r) {
    Optional<String> o6 = r.exclusionReason();
    if (o6.isPresent()) return o6;
    for (var e : excludeTags.entrySet()) {
      String v = r.tags().get(e.getKey());
      if (v != null && (e.getValue().isEmpty() || e.getValue().get().equals(v))) {
        return Optional.of("tagged " + e.getKey() + "=" + v + " (--exclude-tag " + e.getKey() + e.getValue().map(x -> "=" + x).orElse("") + ")");
      }
    }
    return Optional.empty();
  }

  /** Whether the exclusion comes from {@code --exclude-tag} (the resource then leaves the inventory) rather than SPEC O6. */
  public boolean excludedByUser(Resource r) {
    return r.exclusionReason().isEmpty() && exclusion(r).isPresent();
  }
}
