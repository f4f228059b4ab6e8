package dev.tap.optimizer.exec;

import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.registry.Families;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** An in-memory account for the executor's own tests: converge writes the target keys the kind governs. */
final class FakeFamily implements FamilyActions {
  final Map<String, Resource> resources = new LinkedHashMap<>();
  final List<String> calls = new ArrayList<>();
  final Map<String, RuntimeException> failOnConverge = new HashMap<>();
  final Map<String, String> refuse = new HashMap<>();
  Consumer<String> beforeConverge = id -> {};
  /** Kinds whose forward call leaves something behind (like a blue/green's old instance) that the clean-up removes. */
  final Set<ActionKind> cleanupKinds = new java.util.HashSet<>();
  /** What is left behind now, per resource. */
  final Set<String> leftovers = new java.util.TreeSet<>();
  RuntimeException failOnCleanup;
  private final Set<ActionKind> kinds;

  FakeFamily(Set<ActionKind> kinds) {
    this.kinds = kinds;
  }

  static FakeFamily all() {
    return new FakeFamily(new java.util.HashSet<>(Families.kinds()));
  }

  FakeFamily add(String id, Family family, Map<String, String> config, Map<String, String> tags) {
    resources.put(id, new Resource(id, family, "us-east-1", "arn:" + id, config, tags));
    return this;
  }

  String config(String id, String key) {
    return resources.get(id).config().get(key);
  }

  @Override
  public Set<ActionKind> kinds() {
    return kinds;
  }

  @Override
  public Resource read(String resourceId, String region) {
    Resource r = resources.get(resourceId);
    if (r == null) throw new ActionFailedException(resourceId + " does not exist");
    return r;
  }

  @Override
  public Optional<String> refusal(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    return Optional.ofNullable(refuse.get(current.id()));
  }

  @Override
  public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    beforeConverge.accept(current.id());
    RuntimeException fail = failOnConverge.get(current.id());
    if (fail != null && !context.rollback()) throw fail;
    Map<String, String> config = new HashMap<>(resources.get(current.id()).config());
    // Only the keys the plan changes are "governed"; the restore target may carry more.
    for (var e : target.entrySet()) if (config.containsKey(e.getKey())) config.put(e.getKey(), e.getValue());
    resources.put(current.id(), resources.get(current.id()).withConfig(config));
    calls.add((context.rollback() ? "undo " : "") + kind + " " + current.id() + " " + target);
    if (cleanupKinds.contains(kind) && !context.rollback()) leftovers.add(current.id());
    return null;
  }

  @Override
  public boolean cleansUpAfterObservation(ActionKind kind) {
    return cleanupKinds.contains(kind);
  }

  @Override
  public String afterObservation(ActionRecord action, ActionContext context) {
    if (failOnCleanup != null) throw failOnCleanup;
    if (!leftovers.remove(action.resourceId())) return "already removed";
    calls.add("cleanup " + action.kind() + " " + action.resourceId());
    return "removed what " + action.actionId() + " left behind";
  }
}
