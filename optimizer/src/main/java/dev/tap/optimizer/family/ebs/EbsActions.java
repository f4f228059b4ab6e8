package dev.tap.optimizer.family.ebs;

import static dev.tap.optimizer.family.ebs.EbsFamily.MODIFIED_AT;
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

  @Override
  public Optional<String> refusal(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    return cooldownEnds(current, context.now()).map(t -> "volume " + current.id() + " was modified at " + current.config(MODIFIED_AT)
        + "; AWS allows its next modification from " + t + " (six hours after the last)");
  }

  @Override
  public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    Map<String, String> changes = new LinkedHashMap<>();
    target.forEach((k, v) -> { if (!v.equals(current.config().get(k))) changes.put(k, v); });
    if (changes.isEmpty()) return null;
    Optional<Instant> wait = cooldownEnds(current, context.now());
    if (wait.isPresent()) {
      throw new ActionFailedException("volume " + current.id() + " was modified at " + current.config(MODIFIED_AT) + " and AWS refuses another "
          + "modification for six hours: from " + wait.get() + " " + (context.rollback() ? "'tap rollback RUN --phase N' finishes the rollback" : "'tap resume' applies it"));
    }
    Map<String, String> call = new LinkedHashMap<>(target);
    call.putIfAbsent(VOLUME_TYPE, current.config(VOLUME_TYPE));
    api.modifyVolume(current.id(), current.region(), call);
    return "ModifyVolume (online); the volume cannot be modified again before " + context.now().plus(EbsFamily.MODIFICATION_COOLDOWN);
  }
}
