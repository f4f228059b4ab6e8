package dev.tap.optimizer.family.ec2;

import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.exec.MaintenanceWindow;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An instance-type change: stop, modify, start. It interrupts the instance, so it runs only inside
 * the instance's maintenance-window tag ({@value Ec2Family#MAINTENANCE_WINDOW_TAG}) unless the run
 * allows a restart now ({@code tap apply --allow-restart}); a plan holds the change for an
 * instance without the tag only when it was made with {@code --allow-restart}. A rollback restores
 * the old type at once: undoing a change is never held for a window.
 */
public final class Ec2Actions implements FamilyActions {
  private final Ec2Api api;

  public Ec2Actions(Ec2Api api) {
    this.api = api;
  }

  @Override
  public Set<ActionKind> kinds() {
    return Set.of(Ec2Family.EC2_INSTANCE_TYPE);
  }

  @Override
  public Resource read(String resourceId, String region) {
    return api.describeInstance(resourceId, region);
  }

  @Override
  public Optional<String> refusal(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    if (context.rollback() || context.applyImmediately()) return Optional.empty();
    String tag = current.tags().get(Ec2Family.MAINTENANCE_WINDOW_TAG);
    if (tag == null) return Optional.empty();
    MaintenanceWindow w;
    try {
      w = MaintenanceWindow.parse(tag);
    } catch (IllegalArgumentException e) {
      return Optional.of("tag " + Ec2Family.MAINTENANCE_WINDOW_TAG + "=" + tag + " is not a window: " + e.getMessage());
    }
    if (w.contains(context.now())) return Optional.empty(); // a stop and start must end in it too: no settling time
    return Optional.of("a type change stops the instance: outside its maintenance window " + w + " UTC (next " + w.nextStart(context.now())
        + "); apply inside it, or with --allow-restart");
  }

  @Override
  public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    if (!kind.equals(Ec2Family.EC2_INSTANCE_TYPE)) throw new IllegalArgumentException(kind + " is not an EC2 instance action");
    String type = target.get(INSTANCE_TYPE);
    String from = current.config().get(INSTANCE_TYPE);
    if (type.equals(from)) return null;
    api.changeInstanceType(current.id(), current.region(), type);
    return "stopped, type " + from + " -> " + type + ", started";
  }
}
