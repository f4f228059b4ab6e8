package dev.tap.optimizer.family.asg;

import static dev.tap.optimizer.model.ConfigKeys.DESIRED;
import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;
import static dev.tap.optimizer.model.ConfigKeys.MAX;
import static dev.tap.optimizer.model.ConfigKeys.MIN;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Auto Scaling actions: instance type by launch-template version and instance refresh; capacity. */
public final class AsgActions implements FamilyActions {

  /** Keep 90 % of capacity in service during a refresh; pause at half way to let metrics settle. */
  public static final int MIN_HEALTHY_PERCENT = 90;
  public static final List<Integer> CHECKPOINTS = List.of(50, 100);

  private final AsgApi api;

  public AsgActions(AsgApi api) {
    this.api = api;
  }

  @Override
  public Set<ActionKind> kinds() {
    return Set.of(AsgFamily.ASG_INSTANCE_TYPE, AsgFamily.ASG_CAPACITY);
  }

  @Override
  public Resource read(String resourceId, String region) {
    return api.describeGroup(resourceId, region);
  }

  @Override
  public Optional<String> refusal(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    if (kind != AsgFamily.ASG_CAPACITY) return Optional.empty();
    int min = Integer.parseInt(target.getOrDefault(MIN, current.config(MIN)));
    int desired = Integer.parseInt(target.getOrDefault(DESIRED, current.config(DESIRED)));
    int max = Integer.parseInt(target.getOrDefault(MAX, current.config(MAX)));
    if (min > desired || desired > max || min < 0) {
      return Optional.of("capacity min " + min + " / desired " + desired + " / max " + max + " is not min <= desired <= max");
    }
    return Optional.empty();
  }

  @Override
  public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    switch (kind.name()) {
      case "ASG_CAPACITY" -> {
        int min = Integer.parseInt(target.getOrDefault(MIN, current.config(MIN)));
        int desired = Integer.parseInt(target.getOrDefault(DESIRED, current.config(DESIRED)));
        int max = Integer.parseInt(target.getOrDefault(MAX, current.config(MAX)));
        api.setCapacity(current.id(), current.region(), min, desired, max);
        return null;
      }
      case "ASG_INSTANCE_TYPE" -> {
        String type = target.get(INSTANCE_TYPE);
        if (type.equals(current.config().get(INSTANCE_TYPE))) return null;
        String refresh = api.rollOutInstanceType(current.id(), current.region(), type, MIN_HEALTHY_PERCENT, CHECKPOINTS);
        return "instance refresh " + refresh + " (min healthy " + MIN_HEALTHY_PERCENT + " %, checkpoints " + CHECKPOINTS + ")";
      }
      default -> throw new IllegalArgumentException(kind + " is not an Auto Scaling action");
    }
  }
}
