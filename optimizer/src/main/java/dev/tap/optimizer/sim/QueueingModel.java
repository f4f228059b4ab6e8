package dev.tap.optimizer.sim;

/**
 * How the simulation turns utilisation into service levels. The service behaves like an M/M/1
 * queue behind a fixed overhead: with utilisation rho of its busiest tier, response time is the
 * overhead {@code d} plus an exponential with mean {@code s / (1 - rho)}, so the q-quantile is
 * {@code d + s * ln(1 / (1 - q)) / (1 - rho)}: p50 = d + 0.69 s/(1-rho), p95 = d + 3.0 s/(1-rho),
 * p99 = d + 4.6 s/(1-rho). rho is capped at 0.98 for the queueing term; demand beyond capacity
 * (rho &gt; 1, from raw uncapped utilisation) multiplies latency by the overload ratio.
 * Errors stay at {@code baseErrorPct} up to rho = 0.85 and then grow as
 * {@code 200 (rho - 0.85)^2} percent (0.5 % at 0.90, 2 % at 0.95, 4.5 % at 1.0). Queue depth
 * follows Little's law, {@code queueScale * rho^2 / (1 - rho)}, and grows with the overload.
 *
 * @param overheadMs fixed part of the response time (network, serialisation)
 * @param serviceMs mean service time at zero load
 * @param baseErrorPct error rate of a healthy service
 * @param queueScale requests in flight per unit of rho^2/(1-rho)
 */
public record QueueingModel(double overheadMs, double serviceMs, double baseErrorPct, double queueScale) {

  static final double RHO_CAP = 0.98;

  /** Latency quantile q (0.5, 0.95, 0.99), or the mean when q is NaN. */
  public double latencyMs(double rho, double q) {
    double r = Math.max(0, Math.min(rho, RHO_CAP));
    double factor = Double.isNaN(q) ? 1.0 : Math.log(1 / (1 - q));
    double overload = rho > 1 ? rho : 1;
    return (overheadMs + serviceMs * factor / (1 - r)) * overload;
  }

  public double errorPct(double rho) {
    double x = Math.max(0, rho - 0.85);
    return Math.min(100, baseErrorPct + 200 * x * x);
  }

  public double queueDepth(double rho) {
    double r = Math.max(0, Math.min(rho, RHO_CAP));
    double overload = rho > 1 ? 1 + 50 * (rho - 1) : 1;
    return queueScale * r * r / (1 - r) * overload;
  }

  /** The quantile a CloudWatch statistic asks for: p50, p95, p99, Maximum (p99.9), Average/others (mean). */
  static double quantileOf(String stat) {
    double p = SimStatistics.percentile(stat);
    if (p > 0) return Math.min(p, 99.99) / 100;
    return "Maximum".equals(stat) ? 0.999 : Double.NaN;
  }
}
