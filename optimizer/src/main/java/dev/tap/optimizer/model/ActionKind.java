package dev.tap.optimizer.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an action changes; each kind has an exact inverse that the executor applies on rollback.
 * Each family package defines the kinds it carries out; plans and journals name them by {@link #name}.
 */
public record ActionKind(@JsonValue String name, Family family) {

  public ActionKind {
    if (name == null || !name.matches("[A-Z][A-Z0-9_]*")) throw new IllegalArgumentException("action kind must be UPPER_CASE: " + name);
    if (family == null) throw new IllegalArgumentException("action kind " + name + " needs a family");
  }

  @Override
  public String toString() {
    return name;
  }
}
