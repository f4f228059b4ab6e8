package dev.tap.optimizer.loadtest;

import java.time.Instant;
import java.util.List;

/** A whole run: its settings and one result per target. */
public record LoadTestResult(
    Instant startedAt,
    double durationSeconds,
    double rampSeconds,
    double ratePerSecondPerTarget,
    int concurrencyPerTarget,
    String source,
    List<TargetResult> targets) {}
