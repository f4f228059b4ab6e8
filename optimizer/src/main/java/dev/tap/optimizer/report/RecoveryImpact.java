package dev.tap.optimizer.report;

import dev.tap.optimizer.family.Objective;
import dev.tap.optimizer.family.Recovery;
import dev.tap.optimizer.family.RecoveryInputs;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.registry.Families;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How one change moves the recovery time (RTO) and recovery point (RPO) objectives of the failure
 * it matters for, derived by the resource's family from the configuration before and after: replica
 * counts and failover, Multi-AZ, global-cluster secondaries, backup retention and point-in-time
 * recovery. Durations are AWS's documented typical figures for each mechanism; where recovery has
 * no fixed duration (a restore whose time depends on data size) the objective says so instead.
 */
public record RecoveryImpact(
    String actionId, String resourceId, String scenario, Objective rtoBefore, Objective rtoAfter, Objective rpoBefore, Objective rpoAfter, String reasoning) {

  static RecoveryImpact of(Action a, Optional<Resource> resource) {
    Map<String, String> base = resource.map(Resource::config).orElse(Map.of());
    Map<String, String> before = new TreeMap<>(base);
    before.putAll(a.before());
    Map<String, String> after = new TreeMap<>(base);
    after.putAll(a.after());
    Recovery r = Families.of(a.kind().family()).recovery(a, new RecoveryInputs(before, after));
    return new RecoveryImpact(a.id(), a.resourceId(), r.scenario(), r.rtoBefore(), r.rtoAfter(), r.rpoBefore(), r.rpoAfter(), r.reasoning());
  }
}
