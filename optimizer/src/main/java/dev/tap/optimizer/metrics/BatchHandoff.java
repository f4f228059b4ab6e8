package dev.tap.optimizer.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * A sink for {@link MetricsEngine#stream} that hands resources on in batches to one other thread,
 * so the analysis of one batch overlaps the fetch of the next. The fetch mostly waits for its
 * GetMetricData budget; judging a batch in its sink would pause it for as long as the judging takes.
 *
 * <p>Bounded: at most {@code queued} full batches wait, besides the one being judged and the one
 * being filled; a fetch that gets further ahead blocks in {@link #accept} until the worker takes a
 * batch (the heap holds at most {@code queued + 2} batches of series). Deterministic: one worker
 * takes the batches in the order they were filled, so the results come in the fetch's order, as
 * from a sink that judged them itself.
 *
 * <p>Use: {@code try (var h = new BatchHandoff(500, 1, judge, "...")) { engine.stream(..., h); h.finish(); }}.
 * {@link #finish} hands on the last, partial batch and waits for the worker; {@link #close} without
 * it (the fetch failed) drops what waits and stops the worker. A failure of {@code judge} is thrown
 * from the next {@link #accept} (stopping the fetch) or from {@link #finish}.
 */
public final class BatchHandoff implements Consumer<ResourceMetrics>, AutoCloseable {
  /** Marks the end of the batches. */
  private static final List<ResourceMetrics> END = List.of();

  private final int batchSize;
  private final Consumer<List<ResourceMetrics>> judge;
  private final BlockingQueue<List<ResourceMetrics>> queue;
  private final Thread worker;
  private volatile Throwable failure;
  private volatile boolean dropping;
  private List<ResourceMetrics> filling;
  private boolean ended;

  /**
   * @param batchSize resources per batch handed to {@code judge}
   * @param queued full batches that may wait for the worker (at least 1)
   * @param judge called on the worker thread with each batch, in order
   * @param name the worker thread's name (thread dumps and profiles show it)
   */
  public BatchHandoff(int batchSize, int queued, Consumer<List<ResourceMetrics>> judge, String name) {
    if (batchSize < 1 || queued < 1) throw new IllegalArgumentException("batch size and queued batches must be at least 1, not " + batchSize + " and " + queued);
    this.batchSize = batchSize;
    this.judge = judge;
    this.queue = new ArrayBlockingQueue<>(queued);
    this.filling = new ArrayList<>(batchSize);
    this.worker = new Thread(this::work, name);
    worker.setDaemon(true);
    worker.start();
  }

  private void work() {
    try {
      while (true) {
        List<ResourceMetrics> batch = queue.take();
        if (batch == END) return;
        if (!dropping && failure == null) judge.accept(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failure = e;
      queue.clear(); // unblock a fetch waiting to put
    }
  }

  @Override
  public void accept(ResourceMetrics m) {
    if (ended) throw new IllegalStateException("the batches were already finished");
    rethrow();
    filling.add(m);
    if (filling.size() == batchSize) handOn();
  }

  private void handOn() {
    List<ResourceMetrics> full = filling;
    filling = new ArrayList<>(batchSize);
    put(full);
  }

  private void put(List<ResourceMetrics> batch) {
    try {
      // wait while the worker is behind, but not for a worker that has failed and stopped taking
      while (!queue.offer(batch, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) rethrow();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing a batch of metrics on", e);
    }
    rethrow();
  }

  /** Hands on the last batch, waits until the worker has judged every batch, and throws its failure if it had one. */
  public void finish() {
    if (ended) return;
    if (!filling.isEmpty()) handOn();
    ended = true;
    put(END);
    join();
    rethrow();
  }

  /** Stops the worker; batches not yet judged are dropped unless {@link #finish} came first. */
  @Override
  public void close() {
    if (!worker.isAlive()) return;
    dropping = true;
    queue.clear();
    if (!queue.offer(END)) worker.interrupt();
    join();
  }

  private void join() {
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the analysis of the metrics", e);
    }
  }

  private void rethrow() {
    Throwable t = failure;
    if (t instanceof RuntimeException r) throw r;
    if (t instanceof Error e) throw e;
  }
}
