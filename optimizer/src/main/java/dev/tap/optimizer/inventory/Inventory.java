package dev.tap.optimizer.inventory;

/** Finds what exists: from an outputs file plus AWS describe calls, from tags, or the simulation. */
public interface Inventory {
  Snapshot snapshot();
}
