package dev.tap.optimizer.family.sagemaker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.Service;
import dev.tap.optimizer.pricing.SpotSavings;
import dev.tap.optimizer.sim.ml.SimulatedMlPlatform;
import dev.tap.optimizer.sim.ml.SimulatedRolloutTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * M1-M4 on the simulated us-west-2 ML platform: sizes the endpoint, prices spot training, runs the
 * rollout gates (an INT8 experiment that must fail the accuracy gate, then the recommended FP32
 * fleet), and writes {@code ml-run.json} and {@code ml-report.ipynb}. {@link #run} is what
 * {@code tap ml} and {@code tap demo} call.
 */
public final class MlReport {
  private MlReport() {}

  public static final String RUN_JSON = "ml-run.json";
  public static final String NOTEBOOK = "ml-report.ipynb";
  /** Stress rate for the interruption simulation: one interruption every two hours of a job, to exercise the fallback. */
  static final double STRESS_HAZARD_PER_JOB_HOUR = 0.5;

  /** Runs everything and returns the run (its {@code actions()} are the plan actions); writes the JSON and the notebook into {@code outDir}. */
  public static MlRun run(Path outDir, Clock clock, long seed) {
    MlRun result = simulated(clock, seed);
    write(outDir, result);
    return result;
  }

  /** M1-M3 on the simulated platform whose month of history ends at the clock's hour; writes nothing. */
  public static MlRun simulated(Clock clock, long seed) {
    SimulatedMlPlatform sim = platform(clock, seed);
    return analyse(sim, PriceBook.bundled(), seed, clock.instant());
  }

  /** The simulated platform an analysis at {@code clock}'s time reads (and an execution changes). */
  public static SimulatedMlPlatform platform(Clock clock, long seed) {
    return new SimulatedMlPlatform(clock.instant().truncatedTo(ChronoUnit.HOURS), seed);
  }

  static MlRun analyse(SimulatedMlPlatform sim, PriceBook book, long seed, Instant now) {
    String region = SimulatedMlPlatform.REGION;
    Endpoint ep = sim.endpoint();
    ProductionVariant cur = ep.primary();
    Map<String, MetricSeries> m = MetricFetch.fetch(sim, MetricFetch.endpointQueries(ep.name(), cur.variantName(), 60), sim.start(), sim.end());
    double[] rate = scaled(m.get("invocations").values(), 1 / 60.0);
    double[] p95 = scaled(m.get("latencyP95").values(), 1 / 1000.0);
    double[] gpu = m.get("gpuUtil").values();
    SizingPolicy policy = SizingPolicy.defaults();
    EndpointSizing.Observed obs = EndpointSizing.observe(cur, rate, p95, gpu, m.get("gpuMem").values(), policy);
    List<String> types = GpuInstanceType.CATALOG.stream().map(GpuInstanceType::type)
        .filter(t -> book.find(new dev.tap.optimizer.pricing.InstancePriceKey(Service.SAGEMAKER_HOSTING, t, region,
            dev.tap.optimizer.pricing.Deployment.SINGLE_AZ, dev.tap.optimizer.pricing.PurchaseOption.ON_DEMAND)).isPresent())
        .toList();
    EndpointSizing.Result sizing = EndpointSizing.size(cur, obs, rate, policy, List.of(ModelVariant.FP32),
        t -> book.onDemandHourly(Service.SAGEMAKER_HOSTING, t, region), types);
    EndpointSizing.Candidate best = sizing.best();
    int days = SimulatedMlPlatform.DAYS;
    Action endpointAction = MlActions.endpoint(ep, sizing, policy, days);

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
    double stressHazard = STRESS_HAZARD_PER_JOB_HOUR;
    List<SpotTraining.SimulatedJob> simStress = SpotTraining.simulate(jobs, od, spot.savingsPercent(), stressHazard,
        SpotTraining.checkpointIntervalSeconds(stressHazard, sp), sp, seed);
    Map<String, Double> trainCost = new LinkedHashMap<>();
    trainCost.put("on-demand", est.onDemandMonthly());
    trainCost.put("spot at list discount", est.spotListMonthly());
    trainCost.put("spot expected (stated rate)", est.expectedSpotMonthly());
    double scale = est.jobsPerMonth() / (double) jobs.size();
    trainCost.put("spot simulated (stated rate)", simStated.stream().mapToDouble(SpotTraining.SimulatedJob::cost).sum() * scale);
    trainCost.put("spot simulated (stress rate)", simStress.stream().mapToDouble(SpotTraining.SimulatedJob::cost).sum() * scale);

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
    rollouts.add(Rollout.run(target, fp32, gates, start.plus(java.time.Duration.ofHours(1)), 9 * 60 + 60));

    return new MlRun(MlRun.SCHEMA_VERSION, seed, now.toString(), region, sim.trafficSource(), book.citation(), ep, sizing,
        hourly(m, rate, cur, best, sizing, policy), latency(rate, p95, gpu, cur), new MlRun.Training(jobs, est, source,
            STRESS_HAZARD_PER_JOB_HOUR, simStated, simStress, trainCost), rollouts, List.of(endpointAction, trainingAction));
  }

  /** Least-squares fit of GPU utilisation per GPU against requests/s per GPU: idle share and busy share per request. */
  static double[] utilFit(double[] rate, double[] gpu, ProductionVariant cur) {
    int gpus = GpuInstanceType.of(cur.instanceType()).gpus();
    int n = rate.length;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int known = 0;
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(gpu[i])) continue; // a minute CloudWatch has no GPU datapoint for
      double x = rate[i] / cur.instanceCount() / gpus, y = gpu[i] / gpus;
      sx += x; sy += y; sxx += x * x; sxy += x * y;
      known++;
    }
    n = known;
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    return new double[] {(sy - slope * sx) / n, slope};
  }

  static MlRun.Latency latency(double[] rate, double[] p95, double[] gpu, ProductionVariant cur) {
    int k = rate.length / 10;
    double[] x = new double[k], y = new double[k];
    for (int i = 0; i < k; i++) {
      x[i] = rate[i * 10] / cur.instanceCount();
      y[i] = p95[i * 10];
    }
    double[] fit = utilFit(rate, gpu, cur);
    return new MlRun.Latency(x, y, fit[0], fit[1]);
  }

  static MlRun.Hourly hourly(Map<String, MetricSeries> m, double[] rate, ProductionVariant cur, EndpointSizing.Candidate best,
      EndpointSizing.Result sizing, SizingPolicy policy) {
    long[] minuteTimes = m.get("invocations").times();
    int hours = rate.length / 60;
    GpuInstanceType curType = GpuInstanceType.of(cur.instanceType());
    GpuInstanceType newType = GpuInstanceType.of(best.instanceType());
    Autoscaling.Replay replay = Autoscaling.replay(rate, best.targetInvocationsPerInstancePerMinute() / 60.0, best.capacityPerInstance(),
        best.minInstances(), best.maxInstances(), policy.scaleOutDelayMinutes(), policy.scaleInDelayMinutes());
    double[] fit = utilFit(rate, m.get("gpuUtil").values(), cur);
    long[] t = new long[hours];
    double[] inv = new double[hours], before = new double[hours], after = new double[hours], capB = new double[hours], capA = new double[hours];
    int[] inst = new int[hours];
    double[] gpu = m.get("gpuUtil").values();
    // per-T4 throughput scaled to the new GPU type: the fitted slope is per T4 request
    double relative = newType.relativeThroughputPerGpu() / curType.relativeThroughputPerGpu();
    for (int h = 0; h < hours; h++) {
      t[h] = minuteTimes[h * 60];
      int maxInst = 0;
      double sr = 0, sg = 0, sa = 0;
      int gpuKnown = 0;
      for (int i = h * 60; i < h * 60 + 60; i++) {
        sr += rate[i];
        if (!Double.isNaN(gpu[i])) {
          sg += gpu[i] / curType.gpus();
          gpuKnown++;
        }
        int c = replay.instances()[i];
        maxInst = Math.max(maxInst, c);
        double perGpu = rate[i] / (c * newType.gpus()) / relative;
        sa += Math.min(100, fit[0] + fit[1] * perGpu);
      }
      inv[h] = sr / 60;
      before[h] = gpuKnown == 0 ? Double.NaN : sg / gpuKnown;
      after[h] = sa / 60;
      capB[h] = sizing.observed().measuredPerInstance() * cur.instanceCount();
      capA[h] = maxInst * best.capacityPerInstance();
      inst[h] = maxInst;
    }
    return new MlRun.Hourly(t, inv, before, after, capB, capA, inst);
  }

  static double[] scaled(double[] v, double f) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i] * f;
    return out;
  }

  public static ObjectMapper json() {
    return new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(dev.tap.optimizer.registry.Families.jsonModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
  }

  public static void write(Path outDir, MlRun run) {
    try {
      Files.createDirectories(outDir);
      json().writeValue(outDir.resolve(RUN_JSON).toFile(), run);
      NotebookWriter.write(outDir.resolve(NOTEBOOK), run);
    } catch (IOException e) {
      throw new dev.tap.optimizer.error.UserError(dev.tap.optimizer.error.ExitCode.FAILURE,
          "could not write the ML report into " + outDir + ": " + e.getMessage() + "; check the directory is writable", e);
    }
  }

  /** Reads a run's {@code ml-run.json}; a missing or foreign file is a usage error naming it. */
  public static MlRun readRun(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new dev.tap.optimizer.error.UserError(dev.tap.optimizer.error.ExitCode.BAD_INPUT,
          file + " does not exist: pass the " + RUN_JSON + " that 'tap ml' or 'tap demo' wrote (tap demo: <out>/ml/" + RUN_JSON + ") with --ml-run FILE.");
    }
    try {
      MlRun run = json().enable(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(file.toFile(), MlRun.class);
      if (run.schemaVersion() != MlRun.SCHEMA_VERSION || run.endpoint() == null || run.sizing() == null) {
        throw new IOException("schema version " + run.schemaVersion() + " (expected " + MlRun.SCHEMA_VERSION + ") or no endpoint analysis");
      }
      return run;
    } catch (IOException e) {
      throw new dev.tap.optimizer.error.UserError(dev.tap.optimizer.error.ExitCode.BAD_INPUT,
          file + " is not an ML run written by 'tap ml' (" + e.getMessage().lines().findFirst().orElse("") + "); rerun 'tap ml' to write it.", e);
    }
  }

  /**
   * Writes {@code ml-report.ipynb} for a run into {@code outDir}, with a copy of the run's JSON
   * beside it so the notebook's code cells find {@code ml-run.json}; returns the notebook's path.
   */
  public static Path writeNotebook(Path runJson, Path outDir) {
    MlRun run = readRun(runJson);
    try {
      Files.createDirectories(outDir);
      Path copy = outDir.resolve(RUN_JSON);
      if (!Files.exists(copy) || !Files.isSameFile(copy, runJson)) Files.copy(runJson, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Path nb = outDir.resolve(NOTEBOOK);
      NotebookWriter.write(nb, run);
      return nb;
    } catch (IOException e) {
      throw new dev.tap.optimizer.error.UserError(dev.tap.optimizer.error.ExitCode.BAD_INPUT,
          "could not write " + NOTEBOOK + " into " + outDir + ": " + e.getMessage() + "; choose a directory you can write to with --out DIR", e);
    }
  }
}
