package dev.tap.optimizer.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TargetStatsTest {

  private static final long MS = 1_000_000L;

  @Test
  void latencyCountsFromTheIntendedStartAndSecondsCloseAsTimePasses() {
    AtomicLong now = new AtomicLong(1_000 * MS);
    long start = now.get();
    TargetStats stats = new TargetStats(now::get, start);

    // intended at +100 ms, finished at +130 ms: 30 ms, although a client would have "sent" it late
    stats.scheduled();
    now.set(start + 130 * MS);
    stats.completed(start + 100 * MS, null);
    stats.scheduled();
    now.set(start + 900 * MS);
    stats.completed(start + 200 * MS, "timeout"); // 700 ms, an error
    assertThat(stats.closeSecondsBefore()).isEmpty(); // second 1 still open

    now.set(start + 1_500 * MS);
    stats.scheduled();
    stats.completed(start + 1_490 * MS, null); // 10 ms in second 2
    var closed = stats.closeSecondsBefore();
    assertThat(closed).hasSize(1);
    SecondResult first = closed.get(0);
    assertThat(first.second()).isEqualTo(1);
    assertThat(first.ok()).isEqualTo(1);
    assertThat(first.errors()).isEqualTo(Map.of("timeout", 1L));
    assertThat(first.latencyMs().p50()).isBetween(29.9, 30.1);
    assertThat(first.latencyMs().max()).isBetween(699.0, 701.0);

    now.set(start + 3_200 * MS); // second 3 passes with nothing completed: it is reported empty
    stats.notRun(TargetRunner.DROPPED);
    var target = new HttpTarget("t", java.net.URI.create("http://127.0.0.1:1/"), java.time.Duration.ofSeconds(1));
    TargetResult r = stats.finish(target, 2, 3);
    assertThat(r.seconds()).extracting(SecondResult::second).containsExactly(1L, 2L, 3L, 4L);
    assertThat(r.seconds().get(1).latencyMs().max()).isBetween(9.9, 10.1);
    assertThat(r.seconds().get(2).ok()).isZero();
    assertThat(r.seconds().get(3).errors()).isEqualTo(Map.of("dropped", 1L));
    assertThat(r.scheduled()).isEqualTo(3);
    assertThat(r.ok()).isEqualTo(2);
    assertThat(r.errors()).isEqualTo(Map.of("timeout", 1L, "dropped", 1L));
    assertThat(r.throughputPerSecond()).isCloseTo(2 / 3.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(r.latencyMs().max()).isBetween(699.0, 701.0);
  }
}
