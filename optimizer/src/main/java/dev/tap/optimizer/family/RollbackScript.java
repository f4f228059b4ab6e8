package dev.tap.optimizer.family;

import dev.tap.optimizer.model.Action;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the AWS CLI commands of one action's inverse, with the resource's real identifiers and
 * the recorded before-values. Where a value the inverse needs was not recorded, {@link #need} says
 * which (in a note) and leaves a placeholder, instead of guessing.
 */
public final class RollbackScript {
  private final Action action;
  private final Map<String, String> config;
  private final Map<String, String> before;
  private final Map<String, String> recordedAfter;
  private final List<String> commands = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * @param config the resource's configuration as last read (fallback for values not recorded)
   * @param before the values restored: the journal's re-read before-state overlaid with the plan's
   * @param recordedAfter the journal's re-read after-state
   */
  public RollbackScript(Action action, Map<String, String> config, Map<String, String> before, Map<String, String> recordedAfter) {
    this.action = action;
    this.config = config;
    this.before = before;
    this.recordedAfter = recordedAfter;
  }

  public Action action() {
    return action;
  }

  public String id() {
    return action.resourceId();
  }

  /** " --region us-east-1", to append to a command. */
  public String region() {
    return " --region " + action.region();
  }

  public Map<String, String> before() {
    return before;
  }

  public void command(String c) {
    commands.add(c);
  }

  public void note(String n) {
    notes.add(n);
  }

  public List<String> commands() {
    return List.copyOf(commands);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** The before-value of a key, else the resource's current configuration; null when neither has it. */
  public String value(String key) {
    String v = before.get(key);
    return v != null ? v : config.get(key);
  }

  /** As {@link #value}, or a placeholder and a note naming the missing key. */
  public String need(String key) {
    String v = value(key);
    if (v == null || v.isBlank()) {
      notes.add("'" + key + "' of " + id() + " is not in the run records: read it from the journal's before-state before running the command.");
      return "<" + key + ">";
    }
    return v;
  }

  public static List<String> list(String csv) {
    if (csv == null || csv.isBlank()) return List.of();
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * Entries of {@code key} before the action that are gone after it (a removed reader, index,
   * region), from the plan's after-values or the journal's re-read after-state; empty when neither
   * records the key.
   */
  public List<String> removed(String key) {
    String afterValue = action.after().containsKey(key) ? action.after().get(key) : recordedAfter.get(key);
    if (afterValue == null) return List.of();
    Set<String> gone = new LinkedHashSet<>(list(before.get(key)));
    list(afterValue).forEach(gone::remove);
    return List.copyOf(gone);
  }
}
