package dev.tap.optimizer.loadtest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Thread-safe counters and latency histograms for one target. Completions are bucketed by the
 * second they complete in; {@link #closeSecondsBefore} turns finished seconds into
 * {@link SecondResult}s and reuses the histogram, so memory does not grow with the duration.
 * The second is read from the same clock, under the same lock, as the recording, so a second that
 * has been closed receives no more completions.
 */
final class TargetStats {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final LongSupplier nanoTime;
  private final long startNanos;
  // values in microseconds; auto-resizing keeps a 3-digit histogram small for the range actually seen
  private final Histogram total = new Histogram(3);
  private final Histogram second = new Histogram(3);
  private final Map<String, Long> errors = new TreeMap<>();
  private final List<SecondResult> seconds = new ArrayList<>();
  private long ok;
  private long secondOk;
  private Map<String, Long> secondErrors = new TreeMap<>();
  private long openSecond; // index (from 0) of the second being filled
  private long scheduled;
  private int reported; // seconds already handed to the live reporter

  TargetStats(LongSupplier nanoTime, long startNanos) {
    this.nanoTime = nanoTime;
    this.startNanos = startNanos;
  }

  synchronized void scheduled() {
    scheduled++;
  }

  /** An operation meant to start at {@code intendedNanos} has just completed; {@code errorKind} null means success. */
  synchronized void completed(long intendedNanos, String errorKind) {
    long now = nanoTime.getAsLong();
    advanceTo(secondOf(now));
    long micros = Math.max(1, (now - intendedNanos) / 1000);
    total.recordValue(micros);
    second.recordValue(micros);
    count(errorKind);
  }

  /** An operation that never ran (dropped or cancelled): an error without a latency. */
  synchronized void notRun(String errorKind) {
    advanceTo(secondOf(nanoTime.getAsLong()));
    count(errorKind);
  }

  /** Closes every second that ended before now; returns the closed seconds not returned before. */
  synchronized List<SecondResult> closeSecondsBefore() {
    advanceTo(secondOf(nanoTime.getAsLong()));
    List<SecondResult> fresh = List.copyOf(seconds.subList(reported, seconds.size()));
    reported = seconds.size();
    return fresh;
  }

  synchronized int reportedSeconds() {
    return reported;
  }

  /** Closes the second in progress too and returns the whole result. */
  synchronized TargetResult finish(LoadTarget target, double ratePerSecond, double runSeconds) {
    long now = secondOf(nanoTime.getAsLong());
    advanceTo(now);
    if (secondOk > 0 || !secondErrors.isEmpty()) closeOpenSecond();
    return new TargetResult(target.name(), target.kind(), target.endpoint(), ratePerSecond, scheduled, ok, Collections.unmodifiableSortedMap(new TreeMap<>(errors)),
        runSeconds > 0 ? ok / runSeconds : 0, Latency.of(total), List.copyOf(seconds));
  }

  private void count(String errorKind) {
    if (errorKind == null) {
      ok++;
      secondOk++;
    } else {
      errors.merge(errorKind, 1L, Long::sum);
      secondErrors.merge(errorKind, 1L, Long::sum);
    }
  }

  private long secondOf(long nanos) {
    return Math.max(0, (nanos - startNanos) / NANOS_PER_SECOND);
  }

  private void advanceTo(long current) {
    while (openSecond < current) closeOpenSecond();
  }

  private void closeOpenSecond() {
    seconds.add(new SecondResult(openSecond + 1, secondOk, Collections.unmodifiableSortedMap(new TreeMap<>(secondErrors)), Latency.of(second)));
    second.reset();
    secondOk = 0;
    secondErrors = new TreeMap<>();
    openSecond++;
  }
}
