package dev.tap.optimizer.report;

import dev.tap.optimizer.family.Objective;
import dev.tap.optimizer.family.Recovery;
import dev.tap.optimizer.family.RecoveryInputs;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.registry.Families;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How one change moves the recovery time (RTO) and recovery point (RPO) objectives of the failure
 * it matters for, derived by the resource's family from the configuration before and after: replica
 * counts and failover, Multi-AZ, global-cluster secondaries, backup retention and point-in-time
 * recovery. Durations are AWS's documented typical figures for each mechanism; where recovery has
 * no fixed duration (a restore whose time depends on data size) the objective says so instead.
 */
public record RecoveryImpact(
    String actionId, String resourceId, String scenario, Objective rtoBefore, Objective rtoAfter, Objective rpoBefore, Objective rpoAfter, String reasoning) {

  /** Said where the configuration a recovery model reads was not described: it is not guessed from defaults. */
  static final String UNKNOWN = "unknown";

  static RecoveryImpact of(Action a, Optional<Resource> resource) {
    Map<String, String> base = resource.map(Resource::config).orElse(Map.of());
    Reads before = new Reads(base, a.before());
    Reads after = new Reads(base, a.after());
    Recovery r = Families.of(a.kind().family()).recovery(a, new RecoveryInputs(before, after));
    TreeSet<String> missing = new TreeSet<>(before.missing);
    missing.addAll(after.missing);
    // Without the snapshot, a setting the model reads that the action does not carry (Multi-AZ,
    // replicas, retention...) was described by nobody: figures from it would rest on a default. With
    // the snapshot, an absent key means the setting is not set, as the family reads it.
    if (resource.isEmpty() && !missing.isEmpty()) {
      Objective unknown = Objective.open(UNKNOWN);
      return new RecoveryImpact(a.id(), a.resourceId(), r.scenario(), unknown, unknown, unknown, unknown,
          "Unknown: the recovery objectives follow from " + String.join(", ", missing) + " of " + a.resourceId()
              + ", which this report was not given. Pass --metrics DIR, the snapshot the plan was made from.");
    }
    return new RecoveryImpact(a.id(), a.resourceId(), r.scenario(), r.rtoBefore(), r.rtoAfter(), r.rpoBefore(), r.rpoAfter(), r.reasoning());
  }

  /** The configuration a recovery model reads, noting every key it asked for that nobody described. */
  private static final class Reads extends TreeMap<String, String> {
    final Set<String> missing = new TreeSet<>();

    Reads(Map<String, String> base, Map<String, String> overlay) {
      super(base);
      putAll(overlay);
    }

    @Override
    public String get(Object key) {
      if (!super.containsKey(key)) missing.add(String.valueOf(key));
      return super.get(key);
    }

    @Override
    public String getOrDefault(Object key, String fallback) {
      if (!super.containsKey(key)) missing.add(String.valueOf(key));
      return super.getOrDefault(key, fallback);
    }

    @Override
    public boolean containsKey(Object key) {
      boolean has = super.containsKey(key);
      if (!has) missing.add(String.valueOf(key));
      return has;
    }
  }
}
