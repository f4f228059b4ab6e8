package dev.tap.optimizer.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's open-loop behaviour against an in-process HTTP server whose answers are slow. */
class OpenLoopTest {

  @Test
  void latencyCountsTheWaitOfOperationsASlowServerHeldBack() throws Exception {
    try (LocalHttp server = new LocalHttp()) {
      server.delayMs = 50; // one worker serves at most 20/s; 40/s are offered
      HttpTarget target = new HttpTarget("slow", URI.create("http://" + server.hostPort() + "/"), Duration.ofSeconds(2));
      LoadTest test = new LoadTest(new RateSchedule(40, Duration.ZERO, Duration.ofSeconds(2)), 1, Duration.ofSeconds(2), Clock.systemUTC(), System::nanoTime);
      TargetResult t = test.run(List.of(target), "test", null).targets().get(0);

      assertThat(t.scheduled()).isEqualTo(80); // the schedule did not slow down with the server
      assertThat(t.ok()).isBetween(25L, 50L); // what one worker could serve in the run plus the grace
      assertThat(t.errors()).containsKey(TargetRunner.DROPPED); // the queue holds half a second of load (20); the rest is dropped
      assertThat(t.ok() + t.errorCount()).isEqualTo(80);
      // measured from the intended start, the queueing shows: a closed-loop client would report ~50 ms
      assertThat(t.latencyMs().p50()).isGreaterThan(300);
      assertThat(t.latencyMs().max()).isGreaterThan(600);
    }
  }

  @Test
  void stopEndsSendingEarlyAndReportsWhatWasSent() throws Exception {
    try (LocalHttp server = new LocalHttp()) {
      HttpTarget target = new HttpTarget("web", URI.create("http://" + server.hostPort() + "/"), Duration.ofSeconds(2));
      LoadTest test = new LoadTest(new RateSchedule(100, Duration.ZERO, Duration.ofSeconds(30)), 8, Duration.ofSeconds(2), Clock.systemUTC(), System::nanoTime);
      Thread stopper = new Thread(() -> {
        LocalProcesses.sleep(1200);
        test.stop();
      });
      stopper.start();
      StringWriter live = new StringWriter();
      long t0 = System.nanoTime();
      LoadTestResult r = test.run(List.of(target), "test", new PrintWriter(live));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      stopper.join();

      assertThat(ms).isLessThan(5000);
      assertThat(r.durationSeconds()).isBetween(1.1, 2.5);
      TargetResult t = r.targets().get(0);
      assertThat(t.scheduled()).isBetween(110L, 250L);
      assertThat(t.ok()).isEqualTo(server.requests.get());
      assertThat(t.throughputPerSecond()).isBetween(90.0, 110.0);
      assertThat(live.toString()).contains("    1s  web ");
    }
  }
}
