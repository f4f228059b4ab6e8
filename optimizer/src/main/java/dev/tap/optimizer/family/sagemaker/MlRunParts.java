package dev.tap.optimizer.family.sagemaker;

import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.pricing.Deployment;
import dev.tap.optimizer.pricing.InstancePriceKey;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.pricing.Service;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What both ML analyses, on the simulated platform and on a real account, derive the same way
 * from an endpoint's minute series for an {@link MlRun}: rates, the hourly view, the latency
 * samples and the fit of GPU utilisation to load.
 */
public final class MlRunParts {
  private MlRunParts() {}

  /**
   * An endpoint's minute series and its sizing: requests/s, p95 latency in seconds and GPU
   * utilisation from the series {@link EndpointMetrics#queries} names, sized over the GPU types
   * the price list prices in {@code region}.
   */
  public record EndpointFit(double[] rate, double[] p95, double[] gpu, SizingPolicy policy, EndpointSizing.Result sizing) {}

  /** The types of {@link GpuInstanceType#CATALOG} that {@code book} prices for hosting in {@code region}. */
  public static List<String> pricedGpuTypes(PriceBook book, String region) {
    return GpuInstanceType.CATALOG.stream().map(GpuInstanceType::type)
        .filter(t -> book.find(new InstancePriceKey(Service.SAGEMAKER_HOSTING, t, region, Deployment.SINGLE_AZ, PurchaseOption.ON_DEMAND)).isPresent())
        .toList();
  }

  public static EndpointFit fit(ProductionVariant cur, Map<String, MetricSeries> m, PriceBook book, String region, List<String> types,
      List<ModelVariant> models) {
    double[] rate = scaled(m.get("invocations").values(), 1 / 60.0);
    double[] p95 = scaled(m.get("latencyP95").values(), 1 / 1000.0);
    double[] gpu = m.get("gpuUtil").values();
    SizingPolicy policy = SizingPolicy.defaults();
    EndpointSizing.Observed obs = EndpointSizing.observe(cur, rate, p95, gpu, m.get("gpuMem").values(), policy);
    EndpointSizing.Result sizing = EndpointSizing.size(cur, obs, rate, policy, models, t -> book.onDemandHourly(Service.SAGEMAKER_HOSTING, t, region), types);
    return new EndpointFit(rate, p95, gpu, policy, sizing);
  }

  /** Stress rate for the interruption simulation: one interruption every two hours of a job, to exercise the fallback. */
  public static final double STRESS_HAZARD_PER_JOB_HOUR = 0.5;

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

  public static MlRun.Latency latency(double[] rate, double[] p95, double[] gpu, ProductionVariant cur) {
    int k = rate.length / 10;
    double[] x = new double[k], y = new double[k];
    for (int i = 0; i < k; i++) {
      x[i] = rate[i * 10] / cur.instanceCount();
      y[i] = p95[i * 10];
    }
    double[] fit = utilFit(rate, gpu, cur);
    return new MlRun.Latency(x, y, fit[0], fit[1]);
  }

  public static MlRun.Hourly hourly(Map<String, MetricSeries> m, double[] rate, ProductionVariant cur, EndpointSizing.Candidate best,
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

  /**
   * Monthly training cost by purchase option: the list-price estimates, then the simulated jobs at
   * the stated and the stress interruption rate, scaled from {@code jobsSimulated} jobs to a month.
   */
  public static Map<String, Double> trainingCosts(SpotTraining.Estimate est, List<SpotTraining.SimulatedJob> stated,
      List<SpotTraining.SimulatedJob> stress, int jobsSimulated) {
    Map<String, Double> cost = new LinkedHashMap<>();
    cost.put("on-demand", est.onDemandMonthly());
    cost.put("spot at list discount", est.spotListMonthly());
    cost.put("spot expected (stated rate)", est.expectedSpotMonthly());
    double scale = est.jobsPerMonth() / (double) jobsSimulated;
    cost.put("spot simulated (stated rate)", stated.stream().mapToDouble(SpotTraining.SimulatedJob::cost).sum() * scale);
    cost.put("spot simulated (stress rate)", stress.stream().mapToDouble(SpotTraining.SimulatedJob::cost).sum() * scale);
    return cost;
  }

  public static double[] scaled(double[] v, double f) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i] * f;
    return out;
  }
}
