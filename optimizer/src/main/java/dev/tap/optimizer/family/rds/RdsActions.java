package dev.tap.optimizer.family.rds;

import static dev.tap.optimizer.inventory.ConfigKeys.INSTANCE_CLASS;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.inventory.Resource;
import dev.tap.optimizer.plan.ActionKind;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * RDS class changes through Blue/Green Deployments (SPEC O5): a green copy at the new class, a
 * switchover bounded by a timeout, and the old instance kept so the deployment can be inspected
 * until the observation window ends. The inverse is another blue/green switch back to the old class.
 */
public final class RdsActions implements FamilyActions {

  public static final Duration SWITCHOVER_TIMEOUT = Duration.ofMinutes(5);

  private final RdsApi api;

  public RdsActions(RdsApi api) {
    this.api = api;
  }

  @Override
  public Set<ActionKind> kinds() {
    return EnumSet.of(ActionKind.RDS_INSTANCE_CLASS_BLUE_GREEN);
  }

  @Override
  public Resource read(String resourceId, String region) {
    return api.describeInstance(resourceId, region);
  }

  @Override
  public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    if (kind != ActionKind.RDS_INSTANCE_CLASS_BLUE_GREEN) throw new IllegalArgumentException(kind + " is not an RDS action");
    String want = target.get(INSTANCE_CLASS);
    if (want == null || want.equals(current.config().get(INSTANCE_CLASS))) return null;
    String deployment = api.blueGreenSwitch(current.id(), current.region(), want, SWITCHOVER_TIMEOUT);
    return "blue/green deployment " + deployment + " switched over to " + want
        + "; the old instance is kept until the observation window ends";
  }
}
