package dev.tap.optimizer.exec;

import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the executor needs from one resource family: read a resource as it is now, refuse a change
 * that is unsafe, and move a resource to a target configuration. Applying an action converges to
 * its {@code after}; its exact inverse converges back to the recorded before-state, so one verb
 * serves both directions (remove a reader / re-add it, reshard down / up, delete a GSI / re-create it).
 */
public interface FamilyActions {

  Set<ActionKind> kinds();

  /** The resource as it is now, with tags. Throws {@link ActionFailedException} when it does not exist. */
  Resource read(String resourceId, String region);

  /** Why this change must not be made (a pre-check of the service's own limits), or empty. */
  default Optional<String> refusal(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    return Optional.empty();
  }

  /**
   * Makes the calls that move {@code current} to {@code target} (keys of {@link
   * dev.tap.optimizer.model.ConfigKeys}); returns a note for the journal (for example "applies in
   * the next maintenance window") or null. Throws {@link ActionFailedException} on a permanent error.
   */
  String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context);

  /**
   * True when an applied action of {@code kind} leaves something behind that must be removed once
   * its phase's observation window has passed (the old instance of a blue/green switch).
   */
  default boolean cleansUpAfterObservation(ActionKind kind) {
    return false;
  }

  /**
   * The clean-up after a passed observation window, for an action that is DONE. Must be idempotent:
   * it re-reads what is left and removes only that, so a resume after a crash between the call and
   * its journal record does nothing twice. Returns a note for the journal. Throws {@link
   * ActionFailedException} when the clean-up cannot be made.
   */
  default String afterObservation(ActionRecord action, ActionContext context) {
    return null;
  }
}
