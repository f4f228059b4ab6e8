package dev.tap.optimizer.family.sagemaker;

import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.rules.Confidence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the M1/M2 results into plan actions with the evidence that fired them. */
public final class MlActions {
  private MlActions() {}

  /** Configuration keys of an endpoint variant in actions (besides variant, instanceType, instanceCount). */
  public static final String MIN_INSTANCES = "minInstances";
  public static final String MAX_INSTANCES = "maxInstances";
  public static final String TARGET_PER_MINUTE = "targetInvocationsPerInstancePerMinute";
  public static final String MODEL = "model";
  /** Resource id prefix of a training-job family on a real account ({@code training/fraud-train}): SageMaker has no resource for it. */
  public static final String TRAINING_PREFIX = "training/";

  /**
   * @param rate invocations/s per minute (variability of the confidence)
   * @param p95Ms latency p95 per minute, NaN where CloudWatch had no datapoint (coverage of the confidence)
   */
  public static Action endpoint(Endpoint ep, EndpointSizing.Result r, SizingPolicy policy, int days, double[] rate, double[] p95Ms) {
    ProductionVariant v = ep.primary();
    EndpointSizing.Observed o = r.observed();
    EndpointSizing.Candidate c = r.best();
    Map<String, String> before = new LinkedHashMap<>();
    before.put("variant", v.variantName());
    before.put("instanceType", v.instanceType());
    before.put("instanceCount", Integer.toString(v.instanceCount()));
    before.put("autoscaling", "none");
    before.put(MIN_INSTANCES, Integer.toString(v.instanceCount()));
    before.put(MAX_INSTANCES, Integer.toString(v.instanceCount()));
    before.put(MODEL, v.model().id);
    Map<String, String> after = new LinkedHashMap<>();
    after.put("variant", v.variantName());
    after.put("instanceType", c.instanceType());
    after.put("instanceCount", Integer.toString(c.minInstances()));
    after.put(MIN_INSTANCES, Integer.toString(c.minInstances()));
    after.put(MAX_INSTANCES, Integer.toString(c.maxInstances()));
    after.put(TARGET_PER_MINUTE, String.format(Locale.ROOT, "%.0f", c.targetInvocationsPerInstancePerMinute()));
    after.put(MODEL, c.model().id);
    after.put("autoscaling", targetTracking(c, policy).describe());
    double gpuUtil = o.meanGpuUtilPerGpu();
    List<Evidence> ev = List.of(
        new Evidence("GPUUtilization", "Average per GPU", days, gpuUtil, "<", 40, " %"),
        new Evidence("Invocations", "Average /s vs provisioned", days, o.meanRate(), "<",
            o.measuredPerInstance() * v.instanceCount() * 0.5, " /s"),
        new Evidence("ModelLatency", "p95 at peak load", days, o.latencyBoundMs(), "<=", policy.sloP95Ms(), " ms"),
        new Evidence("Invocations", "peak-to-average", days, o.peakToAverage(), ">", 1, "x"));
    // the sizing's own budget of minutes above the measured throughput (a lower bound of what an instance serves within the SLO)
    long budget = (long) Math.floor(days * 1440L * policy.overCapacityBudget());
    // The endpoint's metrics give its p95 only: its p99 is not measured, so both p99 fields stay blank (NaN), never the p95 again.
    Backtest bt = new Backtest(days, o.baselineP95Ms(), o.latencyBoundMs(), Double.NaN, Double.NaN, 0, 0,
        100 * c.peakLoadFraction(), (int) Math.ceil(c.minutesOverCapacity() / 60.0), c.minutesOverCapacity() <= budget,
        String.format(Locale.ROOT, "target-tracking replay of %d days of per-minute invocations against the measured per-instance throughput: "
            + "%d minutes above it (budget %d, %.1f %%)", days, c.minutesOverCapacity(), budget, 100 * policy.overCapacityBudget()));
    String why = String.format(Locale.ROOT,
        "GPUs %.1f %% busy; one %s served %.0f/s within p95 %.1f ms, so %s x%d-%d with target tracking serves the peak of %.0f/s "
            + "(%.1fx average) with %.0f %% headroom: %.0f -> %.0f GPU-hours a month.",
        gpuUtil, v.instanceType(), o.measuredPerInstance(), o.latencyBoundMs(), c.instanceType(), c.minInstances(), c.maxInstances(),
        o.peakRate(), o.peakToAverage(), policy.headroom() * 100, r.gpuHoursBefore(), c.gpuHoursPerMonth());
    return new Action("ml-endpoint-" + ep.name(), SageMakerFamily.SAGEMAKER_ENDPOINT, ep.name(), ep.region(), before, after,
        r.monthlyBefore(), c.monthlyUsd(), Action.Risk.MEDIUM, round(Confidence.ofMinutes(rate, p95Ms, days, ev).value()), ev, bt, why);
  }

  /**
   * The job history has no hourly series: full coverage of the 30 days the estimate reads, no
   * variability measured, and the margin of its comparisons (docs/analysis.md, "Confidence").
   */
  static double trainingConfidence(SpotTraining.Estimate e, List<Evidence> ev) {
    return Confidence.score(30, 1, 0, Confidence.margin(ev), false).value();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** The target-tracking policy a sized candidate runs with: scale in after the policy's delay, scale out after a minute. */
  public static VariantAutoscalingApi.TargetTracking targetTracking(EndpointSizing.Candidate c, SizingPolicy policy) {
    return new VariantAutoscalingApi.TargetTracking(c.minInstances(), c.maxInstances(), Math.floor(c.targetInvocationsPerInstancePerMinute()),
        policy.scaleInDelayMinutes() * 60, SCALE_OUT_COOLDOWN_SECONDS);
  }

  public static final int SCALE_OUT_COOLDOWN_SECONDS = 60;

  public static Action training(String jobFamily, String region, SpotTraining.Estimate e, String source) {
    Map<String, String> before = Map.of("EnableManagedSpotTraining", "false", "instanceType", e.instanceType(),
        "instanceCount", Integer.toString(e.instances()));
    Map<String, String> after = new LinkedHashMap<>(e.configuration());
    after.put("instanceType", e.instanceType());
    after.put("instanceCount", Integer.toString(e.instances()));
    List<Evidence> ev = List.of(
        new Evidence("TrainingTimeInSeconds", "mean job hours", 30, e.meanJobHours(), ">", 1, " h"),
        new Evidence("spot savings", source, 30, 100 - 100 * e.spotListMonthly() / e.onDemandMonthly(), ">", 30, " %"),
        new Evidence("interruptions", "expected per job", 30, e.expectedInterruptionsPerJob(), "<", 1, ""));
    String why = String.format(Locale.ROOT,
        "%d jobs/month of %.1f h on %d x %s on-demand; managed spot at the %s discount (%s interruption band, taken as %.0f %%/month) "
            + "with %d s checkpoints costs $%.0f instead of $%.0f including lost work.",
        e.jobsPerMonth(), e.meanJobHours(), e.instances(), e.instanceType(), source, e.band(), 100 * e.monthlyInterruptionFraction(),
        e.checkpointIntervalSeconds(), e.expectedSpotMonthly(), e.onDemandMonthly());
    if (jobFamily.startsWith(TRAINING_PREFIX)) {
      why += " A recommendation for the training pipeline: SageMaker keeps no training-job definition to change, so 'tap apply' "
          + "records it as skipped with these settings; each CreateTrainingJob must carry them.";
    }
    return new Action("ml-training-" + jobFamily.replace('/', '-'), SageMakerFamily.SAGEMAKER_TRAINING_SPOT, jobFamily, region, before, after,
        e.onDemandMonthly(), e.expectedSpotMonthly(), Action.Risk.LOW, round(trainingConfidence(e, ev)), ev, null, why);
  }
}
