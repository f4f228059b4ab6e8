package dev.tap.optimizer.family.sagemaker;

import java.time.Duration;

/** Waits in real time on AWS (bake windows, endpoint updates); tests pass one that advances a clock instead. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d);

  static Sleeper real() {
    return d -> {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting " + d, e);
      }
    };
  }
}
