package dev.tap.optimizer.sim;

import java.util.Locale;

/** The blueprints whose fleets the simulated account holds (SPEC section 1). */
public enum SimBlueprint {
  TRADING("us-east-1"),
  SAAS("us-east-1"),
  STAGING("us-east-1");

  public final String region;

  SimBlueprint(String region) {
    this.region = region;
  }

  /** {@code trading}, {@code saas}, {@code staging}: the Blueprint output and SLO dimension. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SimBlueprint parse(String s) {
    for (SimBlueprint b : values()) if (b.id().equalsIgnoreCase(s.trim())) return b;
    throw new IllegalArgumentException("unknown blueprint '" + s + "': use trading, saas or staging");
  }
}
