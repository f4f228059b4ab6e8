package dev.tap.optimizer.family.sagemaker;

/**
 * Replays a per-minute invocation rate under a target-tracking policy on InvocationsPerInstance:
 * the desired count is {@code ceil(rate / target)} within [min, max]; capacity follows it
 * {@code scaleOutDelay} minutes late and keeps the highest desire of the last {@code scaleInDelay}
 * minutes (the cooldown). Pure: the before/after GPU-hours and the backtest come from here.
 */
public final class Autoscaling {
  private Autoscaling() {}

  public record Replay(int[] instances, double instanceHours, int minutesOverCapacity, double peakLoadFraction) {}

  public static Replay replay(double[] ratePerSecond, double targetPerInstance, double capacityPerInstance, int min, int max,
      int scaleOutDelay, int scaleInDelay) {
    if (targetPerInstance <= 0 || capacityPerInstance <= 0) throw new IllegalArgumentException("target and capacity must be positive");
    if (min < 1 || max < min) throw new IllegalArgumentException("need 1 <= min <= max, got " + min + ".." + max);
    int n = ratePerSecond.length;
    int[] desired = new int[n];
    for (int t = 0; t < n; t++) desired[t] = clamp((int) Math.ceil(ratePerSecond[t] / targetPerInstance), min, max);
    int[] cap = new int[n];
    double minutes = 0;
    int over = 0;
    double peakLoad = 0;
    for (int t = 0; t < n; t++) {
      int c = min;
      int from = t - scaleOutDelay - scaleInDelay, to = t - scaleOutDelay;
      if (to < 0) c = desired[0];
      for (int s = Math.max(0, from); s <= to; s++) c = Math.max(c, desired[s]);
      cap[t] = c;
      minutes += c;
      double load = ratePerSecond[t] / (c * capacityPerInstance);
      peakLoad = Math.max(peakLoad, load);
      if (load > 1) over++;
    }
    return new Replay(cap, minutes / 60.0, over, peakLoad);
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
