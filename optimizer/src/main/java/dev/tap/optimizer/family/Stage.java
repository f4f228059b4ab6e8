package dev.tap.optimizer.family;

/**
 * A phase of a plan: its place in the apply order and its name. Families name the stage their
 * changes belong to; the planner orders phases by {@link #order}.
 */
public record Stage(int order, String name) {
  /** Restoring the SLO when it is already breached (O3 scale back up) comes before everything. */
  public static final Stage RESTORE = new Stage(10, "Restore SLO");
  /** Compute and cache tiers: instances, groups, caches, functions. */
  public static final Stage COMPUTE = new Stage(40, "Compute and cache");
  /** Databases last: their changes are the slowest to undo. */
  public static final Stage DATABASES = new Stage(50, "Databases");
}
