package dev.tap.optimizer.inventory;


import dev.tap.optimizer.model.Snapshot;

/** Finds what exists: from an outputs file plus AWS describe calls, from tags, or the simulation. */
public interface Inventory {
  Snapshot snapshot();
}
