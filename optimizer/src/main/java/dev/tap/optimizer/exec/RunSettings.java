package dev.tap.optimizer.exec;

import java.time.Duration;

/**
 * How one run behaves, fixed when it starts and stored with it so {@code tap resume} needs nothing
 * else. {@code target} is the account kind ({@code aws} or {@code sim}); {@code observationOverride}
 * replaces every phase's own window when not null; {@code environment} is the SLO metrics'
 * {@code Environment} dimension (docs/outputs.md).
 */
public record RunSettings(
    String target, String environment, Duration observationOverride, boolean applyImmediately, GuardPolicy guard) {

  public static final String AWS = "aws";
  public static final String SIM = "sim";

  public RunSettings {
    if (!AWS.equals(target) && !SIM.equals(target)) throw new IllegalArgumentException("target must be aws or sim: " + target);
  }

  public static RunSettings defaults(String environment) {
    return new RunSettings(AWS, environment, null, false, GuardPolicy.DEFAULT);
  }

  public Duration observationFor(dev.tap.optimizer.model.Phase phase) {
    return observationOverride != null ? observationOverride : phase.observation();
  }
}
