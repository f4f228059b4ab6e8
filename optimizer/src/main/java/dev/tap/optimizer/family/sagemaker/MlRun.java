package dev.tap.optimizer.family.sagemaker;

import dev.tap.optimizer.model.Action;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code tap ml} run found and did, written as {@code ml-run.json}; the notebook
 * and its code cells read only this.
 */
public record MlRun(
    int schemaVersion, long seed, String createdAt, String region, String trafficSource, String priceList,
    Endpoint endpoint, EndpointSizing.Result sizing, Hourly hourly, Latency latency, Training training,
    List<Rollout.Record> rollouts, List<Action> actions) {

  public static final int SCHEMA_VERSION = 1;

  /** Hourly series (epoch seconds of each hour's start). GPU utilisation is per GPU, 0-100 %. */
  public record Hourly(long[] times, double[] invocationsPerSecond, double[] gpuUtilBefore, double[] gpuUtilAfter,
      double[] capacityBefore, double[] capacityAfter, int[] instancesAfter) {}

  /** Per-minute samples of observed per-instance throughput and p95 ModelLatency (every 10th minute). */
  public record Latency(double[] perInstancePerSecond, double[] p95Ms, double utilFitIdle, double utilFitSlopePerRequest) {}

  public record Training(List<TrainingJob> jobs, SpotTraining.Estimate estimate, String spotSource,
      double stressHazardPerJobHour, List<SpotTraining.SimulatedJob> simulatedStated, List<SpotTraining.SimulatedJob> simulatedStress,
      Map<String, Double> monthlyCost) {}
}
