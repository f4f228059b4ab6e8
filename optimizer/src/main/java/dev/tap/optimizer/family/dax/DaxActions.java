package dev.tap.optimizer.family.dax;

import static dev.tap.optimizer.model.ConfigKeys.NODES;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** DAX node count and its inverse (the same call with the recorded count). */
public final class DaxActions implements FamilyActions {
  /** DAX allows 1 to 11 nodes a cluster; fewer than 3 loses the multi-AZ spread (SPEC T-blueprints keep 3 AZs). */
  static final int MIN_NODES = 3;
  static final int MAX_NODES = 11;

  private final DaxApi api;

  public DaxActions(DaxApi api) {
    this.api = api;
  }

  @Override
  public Set<ActionKind> kinds() {
    return Set.of(DaxFamily.DAX_NODES);
  }

  @Override
  public Resource read(String resourceId, String region) {
    return api.describeDaxCluster(resourceId, region);
  }

  @Override
  public Optional<String> refusal(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    int nodes = Integer.parseInt(target.get(NODES));
    if (nodes > MAX_NODES) return Optional.of("a DAX cluster holds at most " + MAX_NODES + " nodes, the plan asks " + nodes);
    if (nodes < MIN_NODES && !context.rollback()) {
      return Optional.of("fewer than " + MIN_NODES + " DAX nodes would leave an availability zone without a node; the plan asks " + nodes);
    }
    return Optional.empty();
  }

  @Override
  public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    int nodes = Integer.parseInt(target.get(NODES));
    int now = Integer.parseInt(current.config().get(NODES));
    if (nodes == now) return null;
    api.setNodes(current.id(), current.region(), nodes);
    return nodes > now ? "new nodes start with a cold item cache; reads fall through to DynamoDB until it warms" : null;
  }
}
