package dev.tap.optimizer.family.ebs;

import static dev.tap.optimizer.family.ebs.EbsFamily.IOPS;
import static dev.tap.optimizer.family.ebs.EbsFamily.MODIFIED_AT;
import static dev.tap.optimizer.family.ebs.EbsFamily.THROUGHPUT;
import static dev.tap.optimizer.family.ebs.EbsFamily.VOLUME_TYPE;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ModifyVolume, in both directions. AWS refuses a second modification of a volume within six hours
 * of the last one, so the inverse of a change cannot run before that: the apply is refused while a
 * volume is still in its cooldown, and a rollback inside it fails naming the time from which
 * {@code tap rollback RUN --phase N} completes it (docs/execution.md).
 */
public final class EbsActions implements FamilyActions {

  private final EbsApi api;

  public EbsActions(EbsApi api) {
    this.api = api;
  }

  @Override
  public Set<ActionKind> kinds() {
    return Set.of(EbsFamily.EBS_MODIFY_VOLUME);
  }

  @Override
  public Resource read(String resourceId, String region) {
    return api.describeVolume(resourceId, region);
  }

  /** When the volume can next be modified, or empty when it can now. */
  public static Optional<Instant> cooldownEnds(Resource current, Instant now) {
    String at = current.config().get(MODIFIED_AT);
    if (at == null || at.isBlank()) return Optional.empty();
    Instant ends = Instant.parse(at).plus(EbsFamily.MODIFICATION_COOLDOWN);
    return now.isBefore(ends) ? Optional.of(ends) : Optional.empty();
  }

  /** What ModifyVolume sets for a volume of {@code type}: gp2 neither IOPS (they follow from its size) nor throughput; io1/io2 IOPS; gp3 both. */
  static Map<String, String> settings(String type, Map<String, String> config) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(VOLUME_TYPE, type);
    if (!type.equals("gp2") && EbsFamily.value(config, IOPS) != null) s.put(IOPS, config.get(IOPS));
    if (type.equals("gp3") && EbsFamily.value(config, THROUGHPUT) != null) s.put(THROUGHPUT, config.get(THROUGHPUT));
    return s;
  }

  @Override
  public Optional<String> refusal(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    return cooldownEnds(current, context.now()).map(t -> "volume " + current.id() + " was modified at " + current.config(MODIFIED_AT)
        + "; AWS allows its next modification from " + t + " (six hours after the last)");
  }

  @Override
  public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    // a rollback's target is the whole recorded before-state: only the type and, where the type has them, IOPS and throughput are settings
    Map<String, String> call = settings(target.getOrDefault(VOLUME_TYPE, current.config(VOLUME_TYPE)), target);
    if (call.equals(settings(current.config(VOLUME_TYPE), current.config()))) return null;
    Optional<Instant> wait = cooldownEnds(current, context.now());
    if (wait.isPresent()) {
      throw new ActionFailedException("volume " + current.id() + " was modified at " + current.config(MODIFIED_AT) + " and AWS refuses another "
          + "modification for six hours: from " + wait.get() + " " + (context.rollback() ? "'tap rollback RUN --phase N' finishes the rollback" : "'tap resume' applies it"));
    }
    api.modifyVolume(current.id(), current.region(), call);
    return "ModifyVolume (online); the volume cannot be modified again before " + context.now().plus(EbsFamily.MODIFICATION_COOLDOWN);
  }
}
