package dev.tap.optimizer.report;

import dev.tap.optimizer.family.RollbackScript;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.registry.Families;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The exact inverse of one action as AWS CLI commands a person can paste, with the resource's real
 * identifiers and the recorded before-values, plus the {@code tap rollback} command that undoes the
 * action's phase (and every later one) through the journal. Where a value the inverse needs was not recorded, the procedure says
 * which and gives the describe command that shows it, instead of guessing.
 *
 * @param before the values restored: the journal's re-read before-state overlaid with the plan's
 */
public record RollbackProcedure(
    String actionId, String resourceId, String region, Map<String, String> before, List<String> awsCli, String tapCommand, String note) {

  public RollbackProcedure {
    before = Collections.unmodifiableMap(new TreeMap<>(before));
    awsCli = List.copyOf(awsCli);
  }

  /**
   * @param runId the journal's run id, or null before apply (the command then names it RUN)
   * @param stateFile the journal's path when known
   */
  static RollbackProcedure of(Action a, int phase, Optional<Resource> resource, ActionOutcome outcome, String runId, String stateFile) {
    Map<String, String> before = new TreeMap<>(outcome.recordedBefore());
    before.putAll(a.before());
    RollbackScript b = new RollbackScript(a, resource.map(Resource::config).orElse(Map.of()), before, outcome.recordedAfter());
    Families.of(a.kind().family()).rollback(b);
    List<String> notes = new ArrayList<>(b.notes());
    // 'tap rollback' undoes a phase and every later one, latest action first, from the journal.
    String tap = "tap rollback " + (runId == null ? "RUN" : runId) + " --phase " + phase + (stateFile == null ? "" : " --state " + stateFile) + " --yes";
    if (runId == null) notes.add("RUN is the run id 'tap apply' prints ('tap status' lists them).");
    return new RollbackProcedure(a.id(), a.resourceId(), a.region(), before, b.commands(), tap, String.join(" ", notes));
  }
}
