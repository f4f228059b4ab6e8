package dev.tap.optimizer.exec;

import java.time.Duration;

/**
 * How one run behaves, fixed when it starts and stored with it so {@code tap resume} needs nothing
 * else. {@code observationOverride} replaces every phase's own window when not null;
 * {@code environment} is the SLO metrics' {@code Environment} dimension (docs/outputs.md).
 */
public record RunSettings(
    String environment, Duration observationOverride, boolean applyImmediately, GuardPolicy guard) {

  public static RunSettings defaults(String environment) {
    return new RunSettings(environment, null, false, GuardPolicy.DEFAULT);
  }

  public Duration observationFor(dev.tap.optimizer.plan.Phase phase) {
    return observationOverride != null ? observationOverride : phase.observation();
  }
}
