package dev.tap.blueprints.shared;

/** Auto Scaling capacity; {@link BlueprintContext#capacity} validates min <= desired <= max. */
public record Capacity(int min, int desired, int max) {
  public Capacity {
    if (min < 0 || min > desired || desired > max) {
      throw new IllegalArgumentException("capacity needs 0 <= min <= desired <= max, got " + min + " / " + desired + " / " + max);
    }
  }
}
