package dev.tap.optimizer.aws;

import dev.tap.optimizer.exec.ActionFailedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Waits for a resource to settle after a mutating call, by polling a describe call: a resharding or
 * a blue/green deployment takes many minutes on AWS. The clock and the sleeper are injected so tests
 * (moto applies changes at once; served responses answer in order) do not wait.
 */
record AwsPolling(Clock clock, Sleeper sleeper, Duration interval) {

  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** One look at the resource: settled, or not yet with what it is doing now (for the timeout message). */
  record Look(boolean done, String now) {
    static Look settled() {
      return new Look(true, null);
    }

    static Look waiting(String now) {
      return new Look(false, now);
    }
  }

  static AwsPolling real(Clock clock) {
    return new AwsPolling(clock, d -> Thread.sleep(d.toMillis()), Duration.ofSeconds(30));
  }

  /**
   * Polls {@code look} until it settles; a look may throw {@link ActionFailedException} for a state
   * that will never settle. After {@code timeout} the action fails naming what it waited for.
   */
  void until(String what, Duration timeout, Supplier<Look> look) {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      Look l = look.get();
      if (l.done()) return;
      if (!clock.instant().isBefore(deadline)) {
        throw new ActionFailedException("gave up waiting after " + timeout.toMinutes() + " min for " + what + " (now " + l.now()
            + "); the change may still complete on AWS: check the console before resuming or rolling back");
      }
      try {
        sleeper.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ActionFailedException("interrupted while waiting for " + what, null, e);
      }
    }
  }
}
