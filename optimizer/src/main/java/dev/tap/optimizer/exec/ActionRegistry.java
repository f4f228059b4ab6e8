package dev.tap.optimizer.exec;

import dev.tap.optimizer.model.ActionKind;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which adapter carries out each action kind in the account being changed (AWS or simulated). */
public final class ActionRegistry {
  private final Map<ActionKind, FamilyActions> byKind = new LinkedHashMap<>();

  public ActionRegistry(Collection<? extends FamilyActions> families) {
    for (FamilyActions f : families) {
      for (ActionKind k : f.kinds()) {
        if (byKind.putIfAbsent(k, f) != null) throw new IllegalArgumentException("two adapters for " + k);
      }
    }
  }

  public static ActionRegistry of(FamilyActions... families) {
    return new ActionRegistry(List.of(families));
  }

  public Optional<FamilyActions> find(ActionKind kind) {
    return Optional.ofNullable(byKind.get(kind));
  }

  public FamilyActions forKind(ActionKind kind) {
    return find(kind).orElseThrow(() -> new ActionFailedException("no adapter carries out " + kind + " in this account"));
  }
}
