package dev.tap.optimizer.exec;

import dev.tap.optimizer.metrics.MetricDataSource;
import java.time.Clock;
import java.time.Instant;

/**
 * The account a run changes: its adapters, its SLO metrics, its time. AWS runs on the system clock
 * and waits by sleeping; the simulated account runs on a virtual clock and waits by moving it, so
 * a 48-hour window passes in seconds.
 */
public interface ExecutionTarget extends AutoCloseable {

  /** {@link RunSettings#AWS} or {@link RunSettings#SIM}. */
  String kind();

  /** The account id plans for this target must name. */
  String accountId();

  ActionRegistry registry();

  MetricDataSource metrics();

  /** CloudWatch of {@code region}, where a resource there publishes its metrics (its health signals are read there). */
  default MetricDataSource metrics(String region) {
    return metrics();
  }

  /** The lock object in this account that keeps two tap processes from changing it at once (see {@link RunLock}). */
  AccountLock accountLock();

  Clock clock();

  /** Returns when {@code t} has come (or at once, on a virtual clock, after moving it there). */
  void waitUntil(Instant t) throws InterruptedException;

  /** True when waiting costs no real time (the demo and {@code tap resume} then run a run to its end). */
  boolean virtualTime();

  @Override
  default void close() {}
}
