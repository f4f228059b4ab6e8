package dev.tap.optimizer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Batches judged on another thread, in the fetch's order, with a bounded number in flight. */
class BatchHandoffTest {
  static final Instant END = Instant.parse("2026-11-30T00:00:00Z");

  static ResourceMetrics metrics(int i) {
    Resource r = new Resource("r-" + i, new Family("ASG", "Auto Scaling", "AWS/EC2"), "us-east-1", "arn:aws:autoscaling:us-east-1:123456789012:r-" + i, Map.of(), Map.of());
    return new ResourceMetrics(r, END.minusSeconds(86_400), END, Map.of(), Map.of());
  }

  @ParameterizedTest(name = "{0} resources in batches of {1}: {2}")
  @CsvSource({
      "0, 3, ''",
      "1, 3, 1",
      "2, 3, 2",
      "3, 3, 3",
      "4, 3, 3 1",
      "7, 3, 3 3 1",
      "9, 3, 3 3 3",
      "5, 1, 1 1 1 1 1",
  })
  void everyResourceIsJudgedOnce_inTheFetchOrder_inBatchesOfTheSize_onAnotherThread(int n, int size, String sizes) {
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    try (BatchHandoff h = new BatchHandoff(size, 1, batch -> {
      threads.add(Thread.currentThread());
      batchSizes.add(batch.size());
      for (ResourceMetrics m : batch) seen.add(Integer.parseInt(m.resource().id().substring(2)));
    }, "test-judge")) {
      for (int i = 0; i < n; i++) h.accept(metrics(i));
      h.finish();
    }
    assertThat(seen).containsExactlyElementsOf(java.util.stream.IntStream.range(0, n).boxed().toList());
    assertThat(batchSizes.stream().map(String::valueOf).toList()).containsExactlyElementsOf(sizes.isEmpty() ? List.of() : List.of(sizes.split(" ")));
    assertThat(threads).allMatch(t -> t != Thread.currentThread() && t.getName().equals("test-judge"));
  }

  @ParameterizedTest(name = "batches of {0}, {1} queued: the fetch stops after {2} resources")
  @CsvSource({
      "2, 1, 6", // one batch judged, one waiting: the 6th resource fills a third that waits to be handed on
      "2, 2, 8",
      "3, 1, 9",
  })
  void aFetchAheadOfTheJudgeWaits_soAtMostQueuedPlusTwoBatchesAreHeld(int size, int queued, int blockedAt) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger judged = new AtomicInteger();
    try (BatchHandoff h = new BatchHandoff(size, queued, batch -> {
      await(release);
      judged.addAndGet(batch.size());
    }, "test-judge")) {
      Thread fetch = new Thread(() -> {
        for (int i = 0; i < 30; i++) {
          h.accept(metrics(i));
          accepted.incrementAndGet();
        }
        h.finish();
      });
      fetch.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (accepted.get() < blockedAt - 1 && System.nanoTime() < deadline) Thread.sleep(5);
      Thread.sleep(300); // room to run on, were it not held
      assertThat(accepted.get()).isEqualTo(blockedAt - 1);
      assertThat(fetch.getState()).isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING);
      release.countDown();
      fetch.join(10_000);
      assertThat(accepted.get()).isEqualTo(30);
      assertThat(judged.get()).isEqualTo(30);
    }
  }

  @Test
  void aFailedJudgeStopsTheFetch_withItsOwnException() {
    IllegalStateException boom = new IllegalStateException("price missing for r-3");
    AtomicInteger judgedBatches = new AtomicInteger();
    BatchHandoff h = new BatchHandoff(2, 1, batch -> {
      if (judgedBatches.incrementAndGet() == 2) throw boom;
    }, "test-judge");
    assertThatThrownBy(() -> {
      for (int i = 0; i < 1_000; i++) h.accept(metrics(i));
      h.finish();
    }).isSameAs(boom);
    h.close();
    assertThat(judgedBatches.get()).isEqualTo(2);
  }

  @Test
  void aFailureInTheLastBatchIsThrownByFinish() {
    IllegalArgumentException boom = new IllegalArgumentException("bad");
    try (BatchHandoff h = new BatchHandoff(10, 1, batch -> {
      throw boom;
    }, "test-judge")) {
      for (int i = 0; i < 3; i++) h.accept(metrics(i));
      assertThatThrownBy(h::finish).isSameAs(boom);
    }
  }

  @Test
  void closingWithoutFinish_dropsWhatWaits_andStopsTheWorker() {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger judged = new AtomicInteger();
    BatchHandoff h = new BatchHandoff(1, 1, batch -> {
      started.countDown();
      await(release);
      judged.incrementAndGet();
    }, "test-judge");
    h.accept(metrics(0)); // being judged
    await(started);
    h.accept(metrics(1)); // waits
    new Thread(() -> {
      sleep(200);
      release.countDown();
    }).start();
    h.close();
    assertThat(judged.get()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "1, 0", "-1, 1"})
  void batchSizeAndQueueMustBePositive(int size, int queued) {
    assertThatThrownBy(() -> new BatchHandoff(size, queued, b -> {}, "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
  }

  static void await(CountDownLatch l) {
    try {
      if (!l.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("latch not released");
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
