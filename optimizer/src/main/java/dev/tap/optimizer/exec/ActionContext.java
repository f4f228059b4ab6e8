package dev.tap.optimizer.exec;

import java.time.Instant;

/**
 * What an action may consult besides the resource: the time, the run's choices, and the journal's
 * history (DynamoDB counts its switches to on-demand in the last 24 hours there).
 */
public record ActionContext(Instant now, boolean applyImmediately, Journal journal, boolean rollback) {}
