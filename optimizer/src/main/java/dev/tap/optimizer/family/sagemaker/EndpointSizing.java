package dev.tap.optimizer.family.sagemaker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * M1: from one month of per-minute metrics of an endpoint, the throughput one instance really
 * served within the latency objective, the peak-to-average ratio, and the cheapest instance type,
 * maximum count and target-tracking policy that serve the observed peak with headroom. Pure.
 */
public final class EndpointSizing {
  private EndpointSizing() {}

  /** What the metrics show about the current fleet. */
  public record Observed(
      double meanRate, double peakRate, double peakToAverage, double baselineP95Ms, double latencyBoundMs,
      double measuredPerInstance, double measuredPerT4Gpu, double meanGpuUtilPerGpu, double meanGpuMemPerGpu, int minutes) {}

  /** One candidate fleet, replayed over the month. */
  public record Candidate(
      String instanceType, ModelVariant model, double capacityPerInstance, int minInstances, int maxInstances,
      double targetInvocationsPerInstancePerMinute, double instanceHoursPerMonth, double gpuHoursPerMonth,
      double hourlyUsd, double monthlyUsd, int minutesOverCapacity, double peakLoadFraction) {}

  public record Result(Observed observed, double gpuHoursBefore, double monthlyBefore, Candidate best, List<Candidate> considered) {
    public double gpuHoursSaved() { return gpuHoursBefore - best.gpuHoursPerMonth(); }
    public double monthlySavings() { return monthlyBefore - best.monthlyUsd(); }
  }

  /**
   * @param rate invocations/s per minute (Invocations Sum / 60)
   * @param p95Ms ModelLatency p95 per minute, ms, same minutes (NaN where CloudWatch has no datapoint)
   * @param gpuUtil GPUUtilization Average per minute (summed over the instance's GPUs, as SageMaker reports it)
   */
  public static Observed observe(ProductionVariant current, double[] rate, double[] p95Ms, double[] gpuUtil, double[] gpuMem, SizingPolicy policy) {
    if (rate.length == 0 || rate.length != p95Ms.length) throw new IllegalArgumentException("need equal, non-empty rate and latency series");
    GpuInstanceType type = GpuInstanceType.of(current.instanceType());
    double mean = Arrays.stream(rate).average().orElseThrow();
    double peak = Arrays.stream(rate).max().orElseThrow();
    double baseline = median(p95Ms);
    double bound = Math.min(policy.sloP95Ms(), baseline * (1 + policy.latencyTolerance()));
    double measured = 0;
    for (int i = 0; i < rate.length; i++) {
      if (p95Ms[i] <= bound) measured = Math.max(measured, rate[i] / current.instanceCount());
    }
    double perT4 = measured / type.gpus() / type.relativeThroughputPerGpu() / current.model().claimedSpeedup;
    return new Observed(mean, peak, peak / mean, baseline, bound, measured, perT4,
        Arrays.stream(gpuUtil).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN) / type.gpus(),
        Arrays.stream(gpuMem).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN) / type.gpus(), rate.length);
  }

  /**
   * Sizes every priced GPU type for the observed traffic and returns the cheapest that never runs
   * past its measured capacity in the replay: each candidate's floor (min instances) is raised until
   * the replay stays within the policy's budget of minutes over the measured throughput.
   */
  public static Result size(ProductionVariant current, Observed obs, double[] rate, SizingPolicy policy,
      List<ModelVariant> models, ToDoubleFunction<String> hourlyUsd, List<String> types) {
    double monthFactor = 730.0 * 60 / rate.length;
    GpuInstanceType curType = GpuInstanceType.of(current.instanceType());
    double curHourly = hourlyUsd.applyAsDouble(current.instanceType());
    double gpuHoursBefore = current.instanceCount() * curType.gpus() * 730.0;
    double monthlyBefore = current.instanceCount() * curHourly * 730.0;
    List<Candidate> all = new ArrayList<>();
    for (String t : types) {
      GpuInstanceType type = GpuInstanceType.of(t);
      double price = hourlyUsd.applyAsDouble(t);
      for (ModelVariant m : models) {
        double cap = obs.measuredPerT4Gpu() * type.gpus() * type.relativeThroughputPerGpu() * m.claimedSpeedup;
        if (cap <= 0) continue;
        int max = Math.max(policy.minInstances(), (int) Math.ceil(obs.peakRate() * (1 + policy.headroom()) / cap));
        double target = cap * policy.targetFraction();
        // the smallest floor that absorbs the observed ramps within the scale-out delay, but for the
        // policy's budget of minutes above the measured throughput (which is a lower bound, not the SLO limit)
        int min = policy.minInstances();
        Autoscaling.Replay r = replay(rate, target, cap, min, max, policy);
        int budget = (int) Math.floor(rate.length * policy.overCapacityBudget());
        while (r.minutesOverCapacity() > budget && min < max) {
          min++;
          r = replay(rate, target, cap, min, max, policy);
        }
        double instHours = r.instanceHours() * monthFactor;
        all.add(new Candidate(t, m, cap, min, max, Math.floor(target * 60), instHours,
            instHours * type.gpus(), price, instHours * price, r.minutesOverCapacity(), r.peakLoadFraction()));
      }
    }
    if (all.isEmpty()) throw new IllegalStateException("no candidate could be sized: measured throughput is zero");
    Candidate best = all.stream()
        .min(Comparator.comparing((Candidate c) -> c.minutesOverCapacity() > Math.floor(rate.length * policy.overCapacityBudget()))
            .thenComparingDouble(Candidate::monthlyUsd))
        .orElseThrow();
    return new Result(obs, gpuHoursBefore, monthlyBefore, best, all);
  }

  private static Autoscaling.Replay replay(double[] rate, double target, double cap, int min, int max, SizingPolicy p) {
    return Autoscaling.replay(rate, target, cap, min, max, p.scaleOutDelayMinutes(), p.scaleInDelayMinutes());
  }

  /** Median of the known values (a minute without requests has no latency: NaN). */
  static double median(double[] v) {
    double[] c = Arrays.stream(v).filter(d -> !Double.isNaN(d)).toArray();
    if (c.length == 0) throw new IllegalArgumentException("no latency datapoint in the window");
    Arrays.sort(c);
    return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
  }
}
