package dev.tap.optimizer.exec;

import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code runs}. {@code outcome} says why a run stopped (the breach or the error);
 * {@code baselineP99Ms} is the lookback's p99 per hour of the week (UTC), fixed at the first guard check.
 */
public record RunRecord(
    long id,
    String planId,
    String planSha256,
    String planSource,
    String blueprint,
    String account,
    Instant lookbackStart,
    Instant lookbackEnd,
    RunSettings settings,
    RunState state,
    Instant createdAt,
    Instant updatedAt,
    String outcome,
    Map<Integer, Double> baselineP99Ms) {}
