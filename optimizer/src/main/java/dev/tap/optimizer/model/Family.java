package dev.tap.optimizer.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A kind of resource TAP inventories: its name in files and plans ({@code AURORA}), its label in
 * reports ("Aurora") and the CloudWatch namespace of its main metrics. Each family package defines
 * its own constants; the registry ({@code dev.tap.optimizer.registry.Families}) is the only list.
 */
public record Family(@JsonValue String name, String label, String namespace) {

  public Family {
    if (name == null || !name.matches("[A-Z][A-Z0-9_]*")) throw new IllegalArgumentException("family name must be UPPER_CASE: " + name);
  }

  @Override
  public String toString() {
    return name;
  }
}
