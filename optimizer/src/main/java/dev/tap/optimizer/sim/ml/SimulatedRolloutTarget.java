package dev.tap.optimizer.sim.ml;

import dev.tap.optimizer.family.sagemaker.GpuInstanceType;
import dev.tap.optimizer.family.sagemaker.ModelVariant;
import dev.tap.optimizer.family.sagemaker.ProductionVariant;
import dev.tap.optimizer.family.sagemaker.RolloutTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * The rollout on the simulated account. Latency comes from each fleet's capacity at the recorded
 * traffic (the candidate runs the instance count its autoscaling policy would hold at that load);
 * predictions come from a deterministic model: request i has a label and the FP32 model's answer,
 * both hashed from the seed; the INT8 variant flips 0.6 % of answers (quantisation error) and FP32
 * on another GPU family 0.02 % (floating-point order), so the accuracy gate can fail for real.
 */
public final class SimulatedRolloutTarget implements RolloutTarget {
  static final double FP32_ACCURACY = 0.942;

  private final SimulatedMlPlatform platform;
  private final long seed;
  private final List<String> events = new ArrayList<>();
  private double candidateWeight;

  public SimulatedRolloutTarget(SimulatedMlPlatform platform, long seed) {
    this.platform = platform;
    this.seed = seed;
  }

  public List<String> events() { return List.copyOf(events); }
  public double candidateWeight() { return candidateWeight; }

  static double flipRate(ModelVariant model, String candidateType, String currentType) {
    double r = model == ModelVariant.INT8 ? 0.006 : 0;
    if (!GpuInstanceType.of(candidateType).gpuModel().equals(GpuInstanceType.of(currentType).gpuModel())) r += 0.0002;
    return r;
  }

  private double u(long i, long salt) {
    long z = seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) / (double) (1L << 53);
  }

  private boolean currentCorrect(long i) { return u(i, 1) < FP32_ACCURACY; }

  private boolean candidateCorrect(long i, Candidate c) {
    boolean flipped = u(i, 2) < flipRate(c.model(), c.instanceType(), platform.endpoint().primary().instanceType());
    return currentCorrect(i) != flipped;
  }

  private int candidateCount(Candidate c, double rate) {
    return Math.max(c.minInstances(), Math.min(c.maxInstances(), (int) Math.ceil(rate / c.targetPerInstancePerSecond())));
  }

  private int minuteOf(long m) {
    int n = platform.traffic().perMinute().length;
    return (int) (((m % n) + n) % n);
  }

  @Override
  public ShadowComparison shadow(Candidate c, int requests) {
    ProductionVariant cur = platform.endpoint().primary();
    // replay the busiest hour of the recorded month: latency is judged where it matters
    double[] r = platform.traffic().perMinute();
    int busiest = 0;
    double best = -1;
    for (int h = 0; h + 60 <= r.length; h += 60) {
      double s = 0;
      for (int m = h; m < h + 60; m++) s += r[m];
      if (s > best) { best = s; busiest = h; }
    }
    double curLat = 0, candLat = 0, w = 0;
    for (int m = busiest; m < busiest + 60; m++) {
      double rate = r[m];
      curLat += rate * ServingPhysics.p95Ms(rate / cur.instanceCount(), cur.instanceType(), cur.model());
      candLat += rate * ServingPhysics.p95Ms(rate / candidateCount(c, rate), c.instanceType(), c.model());
      w += rate;
    }
    long curOk = 0, candOk = 0, agree = 0;
    for (long i = 0; i < requests; i++) {
      boolean a = currentCorrect(i), b = candidateCorrect(i, c);
      if (a) curOk++;
      if (b) candOk++;
      if (a == b) agree++;
    }
    events.add("shadow variant " + c.name() + " received a mirror of " + requests + " requests");
    return new ShadowComparison(requests, curLat / w, candLat / w, curOk / (double) requests, candOk / (double) requests, agree / (double) requests);
  }

  @Override
  public StepObservation shiftAndBake(Candidate c, int pct, long fromMinute, int minutes) {
    candidateWeight = pct / 100.0;
    events.add("UpdateEndpointWeightsAndCapacities: " + c.name() + " weight " + pct + " %");
    ProductionVariant cur = platform.endpoint().primary();
    double base = 0, cand = 0, err = 0, inv = 0, w = 0;
    for (long m = fromMinute; m < fromMinute + minutes; m++) {
      double rate = platform.traffic().perMinute()[minuteOf(m)];
      // blue/green: the candidate fleet runs at the size its policy holds for the full load
      int n = candidateCount(c, rate);
      double candRate = rate * candidateWeight;
      base += rate * ServingPhysics.p95Ms(rate / cur.instanceCount(), cur.instanceType(), cur.model());
      cand += rate * ServingPhysics.p95Ms(candRate / n, c.instanceType(), c.model());
      err += candRate * 60 * ServingPhysics.errorRate(candRate / n, c.instanceType(), c.model());
      inv += candRate * 60;
      w += rate;
    }
    return new StepObservation(base / w, cand / w, inv == 0 ? 0 : err / inv, inv);
  }

  @Override
  public ArmCounts abTest(Candidate c, int pct, long fromMinute, long perArm) {
    candidateWeight = pct / 100.0;
    // hours until both arms have perArm labelled outcomes at the recorded traffic
    double labelledCand = 0, labelledCur = 0;
    long m = fromMinute;
    while (labelledCand < perArm || labelledCur < perArm) {
      double rate = platform.traffic().perMinute()[minuteOf(m++)] * 60 * 0.05;
      labelledCand += rate * candidateWeight;
      labelledCur += rate * (1 - candidateWeight);
    }
    long curOk = 0, candOk = 0;
    // the arms see different requests: current on even ids, candidate on odd ids
    for (long k = 0; k < perArm; k++) {
      if (currentCorrect(2 * k)) curOk++;
      if (candidateCorrect(2 * k + 1, c)) candOk++;
    }
    events.add("A/B test " + c.name() + " at " + pct + " %: " + perArm + " labelled outcomes per arm");
    return new ArmCounts(curOk, perArm, candOk, perArm, (m - fromMinute) / 60.0);
  }

  @Override
  public void rollback(Candidate c) {
    candidateWeight = 0;
    events.add("rollback: " + c.name() + " weight 0 %, variant deleted");
  }
}
