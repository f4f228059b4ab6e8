package dev.tap.optimizer.metrics;

/**
 * Monotonic time for rate budgets and quotas, in nanoseconds, and a way to wait. Rates are wall
 * time (a TPS quota is per real second), so this is not the run's {@link java.time.Clock}, which a
 * simulation moves in virtual time; tests inject a ticker whose sleep advances it.
 */
public interface Ticker {
  long nanos();

  void sleep(long nanos) throws InterruptedException;

  Ticker SYSTEM = new Ticker() {
    @Override
    public long nanos() {
      return System.nanoTime();
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
      if (nanos > 0) java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
    }
  };
}
