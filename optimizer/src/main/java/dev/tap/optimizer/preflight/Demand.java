package dev.tap.optimizer.preflight;

/**
 * What a stack asks of one quota in one scope (a region, or a zone for per-zone quotas).
 *
 * @param needed   what the stack takes when it is created (Auto Scaling groups at their desired size)
 * @param peak     what it can grow to (groups at their maximum); equal to {@code needed} for fixed resources
 * @param headroom what must stay free beside it (Lambda keeps 100 concurrency unreserved)
 */
public record Demand(Quota quota, String what, String scope, int needed, int peak, int headroom) {

  public Demand {
    if (peak < needed) throw new IllegalArgumentException("peak " + peak + " below needed " + needed + " for " + what);
  }

  public static Demand fixed(Quota quota, String what, String scope, int needed) {
    return new Demand(quota, what, scope, needed, needed, 0);
  }
}
