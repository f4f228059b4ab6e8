package dev.tap.optimizer.loadtest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Drives one target open-loop: a scheduler thread releases each operation at its intended time
 * from the {@link RateSchedule}, whatever the answers before it did, onto at most
 * {@code concurrency} worker threads. An operation that finds every worker busy waits in a queue
 * holding half a second of load (its wait counts in its latency); past that it is counted as
 * {@code dropped}, so a stalled server shows up as errors instead of an unbounded backlog.
 */
final class TargetRunner {

  static final String DROPPED = "dropped";
  static final String CANCELLED = "cancelled";

  private final LoadTarget target;
  private final RateSchedule schedule;
  private final int concurrency;
  private final Duration grace;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private final TargetStats stats;
  private final ThreadPoolExecutor workers;
  private final Thread scheduler;
  private volatile boolean stopped;
  private volatile long sentUntil; // 0: the whole schedule was sent

  /**
   * @param grace how long to wait after the last scheduled operation for those in flight (the
   *     operation timeout plus a margin); what is still running then is cancelled.
   */
  TargetRunner(LoadTarget target, RateSchedule schedule, int concurrency, Duration grace, LongSupplier nanoTime, long startNanos) {
    this.target = target;
    this.schedule = schedule;
    this.concurrency = concurrency;
    this.grace = grace;
    this.nanoTime = nanoTime;
    this.startNanos = startNanos;
    this.stats = new TargetStats(nanoTime, startNanos);
    int queue = (int) Math.max(concurrency * 2L, Math.min(100_000, Math.ceil(schedule.ratePerSecond() / 2)));
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
      Thread t = new Thread(r, "loadtest-" + target.name() + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.scheduler = new Thread(this::schedule, "loadtest-" + target.name() + "-scheduler");
    scheduler.setDaemon(true);
  }

  LoadTarget target() {
    return target;
  }

  void start() {
    scheduler.start();
  }

  /** Stops scheduling new operations (e.g. on Ctrl-C); those in flight still finish or time out. */
  void stop() {
    stopped = true;
    LockSupport.unpark(scheduler);
  }

  List<SecondResult> closeSecondsBefore() {
    return stats.closeSecondsBefore();
  }

  /** How many seconds {@link #closeSecondsBefore} has handed out. */
  int reportedSeconds() {
    return stats.reportedSeconds();
  }

  /**
   * Waits for the schedule to end and the operations in flight to finish (bounded by the grace),
   * then reports; throughput is over the time load was sent (shorter when stopped early).
   */
  TargetResult await() throws InterruptedException {
    long scheduleEnd = startNanos + schedule.duration().toNanos();
    scheduler.join(Math.max(1, (scheduleEnd - nanoTime.getAsLong()) / 1_000_000) + grace.toMillis());
    stop();
    scheduler.join(grace.toMillis());
    workers.shutdown();
    if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      List<Runnable> neverStarted = workers.shutdownNow();
      neverStarted.forEach(r -> stats.notRun(CANCELLED));
      // interrupted operations report themselves; one that ignores the interrupt is counted here
      if (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
        for (int i = workers.getActiveCount(); i > 0; i--) stats.notRun(CANCELLED);
      }
    }
    return stats.finish(target, schedule.ratePerSecond(), sentSeconds());
  }

  /** Seconds during which load was sent: the duration, or until {@link #stop} when stopped early. */
  double sentSeconds() {
    long until = sentUntil;
    return (until == 0 ? schedule.duration().toNanos() : until - startNanos) / 1e9;
  }

  private void schedule() {
    long total = schedule.count();
    long n = 0;
    for (; n < total && !stopped; n++) {
      long intended = startNanos + schedule.offsetNanos(n);
      long wait;
      while ((wait = intended - nanoTime.getAsLong()) > 0 && !stopped) LockSupport.parkNanos(wait);
      if (stopped) break;
      stats.scheduled();
      try {
        workers.execute(() -> runOne(intended));
      } catch (RejectedExecutionException e) {
        stats.notRun(DROPPED);
      }
    }
    if (n < total) sentUntil = Math.min(nanoTime.getAsLong(), startNanos + schedule.duration().toNanos());
  }

  private void runOne(long intended) {
    String kind = null;
    try {
      target.execute();
    } catch (Throwable t) { // every failure of one operation is a counted error, never the end of the run
      if (t instanceof InterruptedException) Thread.currentThread().interrupt();
      kind = target.classify(t);
    }
    stats.completed(intended, kind);
  }

  int concurrency() {
    return concurrency;
  }
}
