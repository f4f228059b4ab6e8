package dev.tap.optimizer.family.rds;

import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_CLASS;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RDS class changes through Blue/Green Deployments (SPEC O5): a green copy at the new class, a
 * switchover bounded by a timeout, and the old (blue) instance kept until the phase's observation
 * window has passed; then {@link #afterObservation} deletes the deployment and the old instance.
 *
 * <p>The inverse is another blue/green switch, from the current instance to the recorded class.
 * Switching back to the kept old instance would not be honest: since the switchover every write
 * went to the green instance, so the old one is behind. A new green copied from the current data
 * loses nothing; the old instances stay for inspection and the rollback's note says how to delete them.
 */
public final class RdsActions implements FamilyActions {

  public static final Duration SWITCHOVER_TIMEOUT = Duration.ofMinutes(5);

  /**
   * Describe reports, under this key, the ids of the switched-over blue/green deployments that still
   * keep an old source instance of this one (comma-separated, empty when none). On AWS: the
   * deployments whose target is this instance and whose status is SWITCHOVER_COMPLETED.
   */
  public static final String BLUE_GREEN_DEPLOYMENTS = "blueGreenDeployments";

  private final RdsApi api;

  public RdsActions(RdsApi api) {
    this.api = api;
  }

  @Override
  public Set<ActionKind> kinds() {
    return Set.of(RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN);
  }

  @Override
  public Resource read(String resourceId, String region) {
    return api.describeInstance(resourceId, region);
  }

  @Override
  public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    if (kind != RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN) throw new IllegalArgumentException(kind + " is not an RDS action");
    String want = target.get(INSTANCE_CLASS);
    if (want == null || want.equals(current.config().get(INSTANCE_CLASS))) return null;
    String deployment = api.blueGreenSwitch(current.id(), current.region(), want, SWITCHOVER_TIMEOUT);
    if (!context.rollback()) {
      return "blue/green deployment " + deployment + " switched over to " + want
          + "; the old instance is kept until the observation window has passed, then deleted";
    }
    List<String> kept = new ArrayList<>(deployments(api.describeInstance(current.id(), current.region())));
    return "switched back to " + want + " through a new blue/green deployment " + deployment
        + " copied from the current data (the old instance stopped receiving writes at the first switchover)"
        + (kept.isEmpty() ? "" : "; old instances kept for inspection by deployments " + String.join(", ", kept)
            + ": delete each with 'aws rds delete-blue-green-deployment --blue-green-deployment-identifier ID --delete-target'");
  }

  @Override
  public boolean cleansUpAfterObservation(ActionKind kind) {
    return kind == RdsFamily.RDS_INSTANCE_CLASS_BLUE_GREEN;
  }

  /**
   * Deletes the deployment this action created, with its old source instance, when describe still
   * reports it; reports "already deleted" otherwise (so a resume never deletes twice).
   */
  @Override
  public String afterObservation(ActionRecord action, ActionContext context) {
    if (action.observedAfter() == null || !action.observedAfter().containsKey(BLUE_GREEN_DEPLOYMENTS)) {
      throw new dev.tap.optimizer.exec.ActionFailedException("the adapter does not report the blue/green deployments of "
          + action.resourceId() + "; delete the old instance by hand with 'aws rds delete-blue-green-deployment"
          + " --blue-green-deployment-identifier ID --delete-target'");
    }
    Set<String> ours = deployments(action.observedAfter());
    if (action.observedBefore() != null) ours.removeAll(deployments(action.observedBefore()));
    if (ours.isEmpty()) return "no blue/green deployment to delete (the class had not changed)";
    Set<String> kept = deployments(api.describeInstance(action.resourceId(), action.region()).config());
    List<String> notes = new ArrayList<>();
    for (String id : ours) {
      if (kept.contains(id)) {
        api.deleteBlueGreen(id, action.region(), true);
        notes.add("deleted blue/green deployment " + id + " and its old instance");
      } else {
        notes.add("blue/green deployment " + id + " was already deleted");
      }
    }
    return String.join("; ", notes);
  }

  private static Set<String> deployments(Resource r) {
    return deployments(r.config());
  }

  private static Set<String> deployments(Map<String, String> config) {
    Set<String> out = new LinkedHashSet<>();
    String csv = config.get(BLUE_GREEN_DEPLOYMENTS);
    if (csv != null) Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
    return out;
  }
}
