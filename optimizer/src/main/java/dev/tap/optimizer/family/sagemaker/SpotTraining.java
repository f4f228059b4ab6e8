package dev.tap.optimizer.family.sagemaker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * M2: a month of training jobs priced on-demand and on managed spot, with the configuration to use
 * and the work lost to interruptions. Interruption rate: the Spot Advisor's band is the share of
 * instances interrupted in a month; the band's upper edge f gives a per-instance hazard
 * {@code -ln(1-f)/730} per hour (">20%" is taken as 30 %, an assumption stated in every report).
 * A job on n instances stops when any one is interrupted. Pure functions.
 */
public final class SpotTraining {
  private SpotTraining() {}

  /** Upper edge of a Spot Advisor interruption band as a monthly fraction. */
  public static double monthlyInterruptionFraction(String band) {
    return switch (band) {
      case "<5%" -> 0.05;
      case "5-10%" -> 0.10;
      case "10-15%" -> 0.15;
      case "15-20%" -> 0.20;
      case ">20%" -> 0.30;
      default -> throw new IllegalArgumentException("unknown Spot Advisor interruption band '" + band + "'");
    };
  }

  /** Interruptions per job-hour for a job on {@code instances} instances. */
  public static double jobHazardPerHour(double monthlyFraction, int instances) {
    return -Math.log(1 - monthlyFraction) / 730.0 * instances;
  }

  /**
   * Young's optimal checkpoint interval sqrt(2 C M) for checkpoint cost C and mean time between
   * interruptions M, capped so a high-rate month never loses more than the cap.
   */
  public static long checkpointIntervalSeconds(double hazardPerHour, SpotPolicy p) {
    if (hazardPerHour <= 0) return p.maxCheckpointIntervalSeconds();
    double mtbfSeconds = 3600 / hazardPerHour;
    return Math.max(p.checkpointWriteSeconds() * 5, Math.min(p.maxCheckpointIntervalSeconds(),
        Math.round(Math.sqrt(2 * p.checkpointWriteSeconds() * mtbfSeconds))));
  }

  public record Estimate(
      String instanceType, int instances, int jobsPerMonth, double meanJobHours, double onDemandMonthly,
      double spotListMonthly, double expectedInterruptionsPerJob, double lostHoursPerInterruption,
      double fallbackProbability, double expectedSpotMonthly, double savingsPercent, long checkpointIntervalSeconds,
      double monthlyInterruptionFraction, String band, Map<String, String> configuration) {
    public double monthlySavings() { return onDemandMonthly - expectedSpotMonthly; }
  }

  /**
   * Expected monthly cost on spot: every job-hour at the spot price, plus per interruption half a
   * checkpoint interval of repeated work, one checkpoint write per interval and the restart;
   * with probability P(N or more interruptions) (Poisson) the remaining half of a job reruns
   * on-demand.
   */
  public static Estimate estimate(List<TrainingJob> jobs, double onDemandHourly, int savingsPercent, String band,
      double monthlyFraction, SpotPolicy p, String checkpointS3Uri) {
    if (jobs.isEmpty()) throw new IllegalArgumentException("no training jobs to price");
    TrainingJob first = jobs.get(0);
    int n = first.instanceCount();
    double meanHours = jobs.stream().mapToLong(TrainingJob::trainingSeconds).average().orElseThrow() / 3600.0;
    long longest = jobs.stream().mapToLong(TrainingJob::trainingSeconds).max().orElseThrow();
    double spotHourly = onDemandHourly * (100 - savingsPercent) / 100.0;
    double hazard = jobHazardPerHour(monthlyFraction, n);
    long interval = checkpointIntervalSeconds(hazard, p);
    double checkpointOverheadHours = meanHours * p.checkpointWriteSeconds() / (double) interval;
    double expectedK = hazard * meanHours;
    double lostPerInterruption = (interval / 2.0 + p.restartSeconds()) / 3600.0;
    double pFallback = poissonTailAtLeast(expectedK, p.maxInterruptions());
    double perJobSpot = n * spotHourly * (meanHours + checkpointOverheadHours + expectedK * lostPerInterruption);
    double perJobFallback = pFallback * n * onDemandHourly * meanHours / 2;
    double onDemandMonthly = jobs.stream().mapToDouble(TrainingJob::billableInstanceHours).sum() * onDemandHourly * monthScale(jobs);
    double jobsPerMonth = jobs.size() * monthScale(jobs);
    double expected = (perJobSpot + perJobFallback) * jobsPerMonth;
    long maxRuntime = (long) Math.ceil(longest * p.runtimeMargin() / 60.0) * 60;
    Map<String, String> cfg = new LinkedHashMap<>();
    cfg.put("EnableManagedSpotTraining", "true");
    cfg.put("StoppingCondition.MaxRuntimeInSeconds", Long.toString(maxRuntime));
    cfg.put("StoppingCondition.MaxWaitTimeInSeconds", Long.toString(maxRuntime + p.deadlineSlackSeconds()));
    cfg.put("CheckpointConfig.S3Uri", checkpointS3Uri);
    cfg.put("CheckpointConfig.LocalPath", "/opt/ml/checkpoints");
    cfg.put("checkpointIntervalSeconds", Long.toString(interval));
    cfg.put("interruptionPolicy", "resume from the last checkpoint; after " + p.maxInterruptions()
        + " interruptions, or when the remaining work no longer fits before MaxWaitTimeInSeconds, resubmit on-demand from the last checkpoint");
    return new Estimate(first.instanceType(), n, (int) Math.round(jobsPerMonth), meanHours, onDemandMonthly,
        onDemandMonthly * (100 - savingsPercent) / 100.0, expectedK, lostPerInterruption, pFallback, expected,
        100 * (1 - expected / onDemandMonthly), interval, monthlyFraction, band, cfg);
  }

  /** Jobs observed over some days, scaled to a 730-hour month. */
  static double monthScale(List<TrainingJob> jobs) {
    long first = jobs.stream().mapToLong(j -> j.start().getEpochSecond()).min().orElseThrow();
    long last = jobs.stream().mapToLong(j -> j.start().getEpochSecond()).max().orElseThrow();
    double days = Math.max(1, Math.round((last - first) / 86400.0) + 1);
    return 730.0 / 24 / days;
  }

  static double poissonTailAtLeast(double lambda, int k) {
    double term = Math.exp(-lambda), below = 0;
    for (int i = 0; i < k; i++) {
      below += term;
      term *= lambda / (i + 1);
    }
    return Math.max(0, 1 - below);
  }

  /** One simulated month: interruptions drawn at the hazard, each job following the policy. */
  public record SimulatedJob(String name, int interruptions, boolean fellBackToOnDemand, double spotInstanceHours, double onDemandInstanceHours, double cost) {}

  public static List<SimulatedJob> simulate(List<TrainingJob> jobs, double onDemandHourly, int savingsPercent, double hazardPerHour,
      long intervalSeconds, SpotPolicy p, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double spotHourly = onDemandHourly * (100 - savingsPercent) / 100.0;
    List<SimulatedJob> out = new ArrayList<>();
    for (TrainingJob j : jobs) {
      double remaining = j.trainingSeconds() / 3600.0;
      double spotHours = 0, odHours = 0;
      int k = 0;
      boolean fallback = false;
      while (remaining > 1e-9) {
        double next = -Math.log(1 - rnd.nextDouble()) / hazardPerHour;
        double withCheckpoints = remaining * (1 + p.checkpointWriteSeconds() / (double) intervalSeconds);
        if (next >= withCheckpoints) {
          spotHours += withCheckpoints;
          break;
        }
        k++;
        spotHours += next + p.restartSeconds() / 3600.0;
        double done = next / (1 + p.checkpointWriteSeconds() / (double) intervalSeconds);
        double saved = Math.floor(done * 3600 / intervalSeconds) * intervalSeconds / 3600.0;
        remaining -= Math.min(remaining, saved);
        if (k >= p.maxInterruptions()) {
          fallback = true;
          odHours += remaining + p.restartSeconds() / 3600.0;
          break;
        }
      }
      int n = j.instanceCount();
      out.add(new SimulatedJob(j.name(), k, fallback, spotHours * n, odHours * n, n * (spotHours * spotHourly + odHours * onDemandHourly)));
    }
    return out;
  }
}
