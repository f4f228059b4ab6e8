package dev.tap.optimizer.loadtest;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Runs every target at once for the schedule's duration and returns the result. Each target gets
 * its own open-loop schedule and worker pool ({@link TargetRunner}); a reporter closes each second
 * and, when {@code live} is set, prints one line per target per second.
 */
public final class LoadTest {

  private final RateSchedule schedule;
  private final int concurrency;
  private final Duration operationTimeout;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private volatile List<TargetRunner> runners;
  private volatile boolean stopRequested;

  public LoadTest(RateSchedule schedule, int concurrency, Duration operationTimeout, Clock clock, LongSupplier nanoTime) {
    if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
    this.schedule = schedule;
    this.concurrency = concurrency;
    this.operationTimeout = operationTimeout;
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  /** Runs the prepared targets; {@code live} gets one line per target per second, or null for none. */
  public LoadTestResult run(List<LoadTarget> targets, String source, PrintWriter live) throws InterruptedException {
    Instant startedAt = clock.instant();
    long start = nanoTime.getAsLong();
    Duration grace = operationTimeout.plusSeconds(2);
    List<TargetRunner> runners = new ArrayList<>();
    for (LoadTarget t : targets) runners.add(new TargetRunner(t, schedule, concurrency, grace, nanoTime, start));
    runners.forEach(TargetRunner::start);

    Thread reporter = new Thread(() -> report(runners, start, live), "loadtest-reporter");
    reporter.setDaemon(true);
    reporter.start();
    this.runners = runners;
    if (stopRequested) runners.forEach(TargetRunner::stop); // Ctrl-C came before the start
    List<TargetResult> results = new ArrayList<>();
    try {
      for (TargetRunner r : runners) results.add(r.await());
    } finally {
      reporter.interrupt();
      reporter.join(1000);
    }
    if (live != null) { // the seconds closed at the end, after the reporter's last round
      for (int i = 0; i < runners.size(); i++) {
        List<SecondResult> all = results.get(i).seconds();
        for (SecondResult s : all.subList(Math.min(runners.get(i).reportedSeconds(), all.size()), all.size())) live.println(line(runners.get(i).target().name(), s));
      }
      live.flush();
    }
    double runSeconds = runners.stream().mapToDouble(TargetRunner::sentSeconds).max().orElse(0);
    return new LoadTestResult(startedAt, runSeconds, schedule.ramp().toNanos() / 1e9, schedule.ratePerSecond(), concurrency, source, results);
  }

  /** Stops scheduling on every target (Ctrl-C); operations in flight finish and {@link #run} returns what was measured. */
  public void stop() {
    stopRequested = true;
    List<TargetRunner> r = runners;
    if (r != null) r.forEach(TargetRunner::stop);
  }

  private void report(List<TargetRunner> runners, long start, PrintWriter live) {
    long next = 1;
    while (!Thread.currentThread().isInterrupted()) {
      long wait = start + next * 1_000_000_000L - nanoTime.getAsLong();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
        continue;
      }
      for (TargetRunner r : runners) {
        for (SecondResult s : r.closeSecondsBefore()) {
          if (live != null) live.println(line(r.target().name(), s));
        }
      }
      if (live != null) live.flush();
      next++;
    }
  }

  /** One live line: second, target, successes, errors by kind, latency percentiles. */
  static String line(String target, SecondResult s) {
    String errs = s.errors().isEmpty() ? "0" : s.errors().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    Latency l = s.latencyMs();
    return String.format(Locale.ROOT, "%5ds  %-24s ok %6d  errors %-18s p50 %8.2f  p95 %8.2f  p99 %8.2f  max %8.2f ms",
        s.second(), target, s.ok(), errs, l.p50(), l.p95(), l.p99(), l.max());
  }
}
