package dev.tap.optimizer.metrics;

/** Told after each GetMetricData call (page) of a fetch; a terminal progress bar listens. */
@FunctionalInterface
public interface FetchProgress {
  FetchProgress NONE = (callsDone, callsPlanned, datapoints) -> {};

  /**
   * @param callsDone calls (pages included) made so far
   * @param callsPlanned calls the plan needs without extra NextToken pages
   * @param datapoints datapoints received so far
   */
  void onCall(int callsDone, int callsPlanned, long datapoints);
}
