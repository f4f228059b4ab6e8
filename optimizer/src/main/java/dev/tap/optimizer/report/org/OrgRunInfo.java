package dev.tap.optimizer.report.org;

import java.time.Instant;
import java.util.List;

/** What a {@code tap org} run was: the command, where the accounts came from, when, the regions and the member role. */
public record OrgRunInfo(String command, String source, Instant at, List<String> regions, String roleName) {
  public OrgRunInfo {
    regions = List.copyOf(regions);
    at = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // a report reads to the second, not the nanosecond
  }
}
