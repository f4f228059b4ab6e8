package dev.tap.optimizer.sim;

import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A metric driven by a {@link Demand}, multiplied by a factor of the resource's configuration:
 * for a utilisation, the original capacity over the current one (halve the vCPUs and CPU
 * doubles); for a provisioned value, the value itself; NaN when the metric does not exist under a
 * configuration (provisioned capacity of an on-demand table). Minute values are capped at the
 * workload's cap (100 % CPU) unless read raw.
 */
final class BaseSeries extends SimSeries {
  private final Demand demand;
  private final SimResource owner;
  private final ToDoubleFunction<Map<String, String>> factorOf;
  private volatile double[] factors = new double[0];

  BaseSeries(Demand demand, SimResource owner, ToDoubleFunction<Map<String, String>> factorOf, double unitsPerSample) {
    super(unitsPerSample);
    this.demand = demand;
    this.owner = owner;
    this.factorOf = factorOf;
  }

  private double factor(int version) {
    double[] f = factors;
    if (version >= f.length) {
      synchronized (this) {
        int n = owner.versions();
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = i < f.length ? f[i] : factorOf.applyAsDouble(owner.config(i));
        factors = f = g;
      }
    }
    return f[version];
  }

  @Override
  double hourScale(long h) {
    if (owner.changesWithin(h) || owner.surgeWithin(h)) return Double.NaN;
    double f = factor(owner.versionAt(h * 60));
    if (Double.isNaN(f)) return Double.NaN;
    double a = demand.level(h) * f;
    return a * demand.spread.max() <= demand.w.cap() ? a : Double.NaN;
  }

  @Override
  MinuteSpread spread() {
    return demand.spread;
  }

  @Override
  void fillHour(long h, String stat, double[] out, boolean raw) {
    double level = demand.level(h);
    long hh = demand.hourHash(h);
    double cap = raw ? Double.POSITIVE_INFINITY : demand.w.cap();
    boolean split = owner.changesWithin(h);
    boolean surge = owner.surgeWithin(h);
    double f = split ? 0 : factor(owner.versionAt(h * 60));
    for (int m = 0; m < 60; m++) {
      if (split) f = factor(owner.versionAt(h * 60 + m));
      double load = surge ? level * owner.surgeAt(h * 60 + m) : level;
      out[m] = Double.isNaN(f) ? Double.NaN : Math.min(cap, load * f * demand.spread.at(hh, m));
    }
  }
}
