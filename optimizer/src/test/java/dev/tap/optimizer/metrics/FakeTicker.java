package dev.tap.optimizer.metrics;

import java.util.concurrent.atomic.AtomicLong;

/** A ticker whose sleep moves its time forward at once: rates are tested without waiting. */
public final class FakeTicker implements Ticker {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicLong slept = new AtomicLong();

  @Override
  public long nanos() {
    return now.get();
  }

  @Override
  public void sleep(long nanos) {
    if (nanos <= 0) return;
    slept.addAndGet(nanos);
    now.addAndGet(nanos);
  }

  public void advanceMillis(long ms) {
    now.addAndGet(ms * 1_000_000L);
  }

  /** Total time spent sleeping, in nanoseconds. */
  public long slept() {
    return slept.get();
  }
}
