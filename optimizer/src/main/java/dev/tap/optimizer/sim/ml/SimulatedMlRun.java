package dev.tap.optimizer.sim.ml;

import dev.tap.optimizer.family.sagemaker.Endpoint;
import dev.tap.optimizer.family.sagemaker.EndpointMetrics;
import dev.tap.optimizer.family.sagemaker.EndpointSizing;
import dev.tap.optimizer.family.sagemaker.MlActions;
import dev.tap.optimizer.family.sagemaker.MlRun;
import dev.tap.optimizer.family.sagemaker.MlRunParts;
import dev.tap.optimizer.family.sagemaker.ModelVariant;
import dev.tap.optimizer.family.sagemaker.ProductionVariant;
import dev.tap.optimizer.family.sagemaker.Rollout;
import dev.tap.optimizer.family.sagemaker.RolloutGates;
import dev.tap.optimizer.family.sagemaker.RolloutTarget;
import dev.tap.optimizer.family.sagemaker.SizingPolicy;
import dev.tap.optimizer.family.sagemaker.SpotPolicy;
import dev.tap.optimizer.family.sagemaker.SpotTraining;
import dev.tap.optimizer.family.sagemaker.TrainingJob;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.Service;
import dev.tap.optimizer.pricing.SpotSavings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * M1-M3 on the simulated us-west-2 ML platform: sizes the endpoint, prices spot training and runs
 * the rollout gates (an INT8 experiment that must fail the accuracy gate, then the recommended
 * FP32 fleet). {@code tap ml}, {@code tap analyze/plan} and {@code tap demo} on the simulated
 * trading account call {@link #simulated}; writing the run is the report's ({@code MlReportFiles}).
 */
public final class SimulatedMlRun {
  private SimulatedMlRun() {}

  /** The analysis of the simulated platform whose month of history ends at the clock's hour, priced with {@code book}; writes nothing. */
  public static MlRun simulated(Clock clock, long seed, PriceBook book) {
    return analyse(platform(clock, seed), book, seed, clock.instant());
  }

  /** The simulated platform an analysis at {@code clock}'s time reads (and an execution changes). */
  public static SimulatedMlPlatform platform(Clock clock, long seed) {
    return new SimulatedMlPlatform(clock.instant().truncatedTo(ChronoUnit.HOURS), seed);
  }

  static MlRun analyse(SimulatedMlPlatform sim, PriceBook book, long seed, Instant now) {
    String region = SimulatedMlPlatform.REGION;
    Endpoint ep = sim.endpoint();
    ProductionVariant cur = ep.primary();
    Map<String, MetricSeries> m = MetricsEngine.fetchQueries(sim, EndpointMetrics.queries(ep.name(), cur.variantName(), 60), sim.start(), sim.end());
    MlRunParts.EndpointFit fit = MlRunParts.fit(cur, m, book, region, MlRunParts.pricedGpuTypes(book, region), List.of(ModelVariant.FP32));
    double[] rate = fit.rate();
    double[] p95 = fit.p95();
    double[] gpu = fit.gpu();
    SizingPolicy policy = fit.policy();
    EndpointSizing.Result sizing = fit.sizing();
    EndpointSizing.Candidate best = sizing.best();
    int days = SimulatedMlPlatform.DAYS;
    Action endpointAction = MlActions.endpoint(ep, sizing, policy, days, rate, p95);

    // training (M2)
    List<TrainingJob> jobs = sim.trainingJobs();
    String trainType = jobs.get(0).instanceType();
    SpotSavings spot = book.spotTrainingSavings(trainType, region);
    double od = book.onDemandHourly(Service.SAGEMAKER_TRAINING, trainType, region);
    double fraction = SpotTraining.monthlyInterruptionFraction(spot.interruptionBand());
    SpotPolicy sp = SpotPolicy.defaults();
    SpotTraining.Estimate est = SpotTraining.estimate(jobs, od, spot.savingsPercent(), spot.interruptionBand(), fraction, sp,
        "s3://tap-trading-ml-" + region + "/checkpoints/fraud-scoring/");
    String source = book.describeSource(spot.source());
    Action trainingAction = MlActions.training("fraud-scoring-train", region, est, spot.source());
    int n = jobs.get(0).instanceCount();
    List<SpotTraining.SimulatedJob> simStated = SpotTraining.simulate(jobs, od, spot.savingsPercent(),
        SpotTraining.jobHazardPerHour(fraction, n), est.checkpointIntervalSeconds(), sp, seed);
    double stressHazard = MlRunParts.STRESS_HAZARD_PER_JOB_HOUR;
    List<SpotTraining.SimulatedJob> simStress = SpotTraining.simulate(jobs, od, spot.savingsPercent(), stressHazard,
        SpotTraining.checkpointIntervalSeconds(stressHazard, sp), sp, seed);
    Map<String, Double> trainCost = MlRunParts.trainingCosts(est, simStated, simStress, jobs.size());

    // rollout (M3): the quantised experiment first, then the recommended fleet
    SimulatedRolloutTarget target = new SimulatedRolloutTarget(sim, seed);
    RolloutGates gates = RolloutGates.defaults();
    double target1 = best.targetInvocationsPerInstancePerMinute() / 60.0;
    RolloutTarget.Candidate int8 = new RolloutTarget.Candidate("int8-" + best.instanceType(), ModelVariant.INT8, best.instanceType(),
        Math.max(policy.minInstances(), (int) Math.ceil(best.minInstances() / ModelVariant.INT8.claimedSpeedup)),
        (int) Math.ceil(best.maxInstances() / ModelVariant.INT8.claimedSpeedup), target1 * ModelVariant.INT8.claimedSpeedup);
    RolloutTarget.Candidate fp32 = new RolloutTarget.Candidate("fp32-" + best.instanceType(), ModelVariant.FP32, best.instanceType(),
        best.minInstances(), best.maxInstances(), target1);
    Instant start = now.truncatedTo(ChronoUnit.MINUTES);
    List<Rollout.Record> rollouts = new ArrayList<>();
    rollouts.add(Rollout.run(target, int8, gates, start, 9 * 60));
    rollouts.add(Rollout.run(target, fp32, gates, start.plus(Duration.ofHours(1)), 9 * 60 + 60));

    return new MlRun(MlRun.SCHEMA_VERSION, seed, now.toString(), region, sim.trafficSource(), book.citation(), ep, sizing,
        MlRunParts.hourly(m, rate, cur, best, sizing, policy), MlRunParts.latency(rate, p95, gpu, cur), new MlRun.Training(jobs, est, source,
            MlRunParts.STRESS_HAZARD_PER_JOB_HOUR, simStated, simStress, trainCost), rollouts, List.of(endpointAction, trainingAction));
  }
}
