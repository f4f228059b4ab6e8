package dev.tap.optimizer.backtest;

import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.rules.Load;
import dev.tap.optimizer.rules.Stats;
import java.util.Locale;

/**
 * Replays the lookback hour by hour under a new configuration. Each load's utilisation is rescaled
 * by its capacity ratio; latency follows a {@link LatencyCurve} fitted to the resource's own
 * lookback against the utilisation of the service's busiest tier with this resource's first load
 * in it ({@link ServiceTiers}): the change moves latency only in hours where it makes this
 * resource busier than every other tier. An hour breaches when a predicted utilisation exceeds {@code
 * backtest.maxUtilisationPct} or predicted latency p95 exceeds {@code slo.latencyP95Ms}; hours that
 * already breached before the change are not counted against it. The action is blocked when the
 * new breach hours exceed {@code backtest.maxBreachHours}, or when predicted p99 rises by more than
 * the guard's rollback threshold ({@code slo.rollbackP99RisePct}) — the guard would undo it.
 */
public final class Backtester {
  private Backtester() {}

  public static Backtest run(BacktestInput in, Policy policy) {
    if (in.loads().isEmpty()) return unchanged(in, "no capacity change: replay not needed");
    int hours = 0;
    for (double[] s : in.loadSeries()) hours = Math.max(hours, s.length);
    double maxUtil = policy.backtest().maxUtilisationPct();
    double sloP95 = policy.slo().latencyP95Ms();

    double[] primary = in.loadSeries().get(0);
    Load primaryLoad = in.loads().get(0);
    double[] others = in.othersBusiestPct();
    double[] primaryBaselinePct = busiest(scaled(primary, primaryLoad.baselineScale()), others);
    LatencyCurve p95Curve = in.latencyP95Ms() == null ? null : LatencyCurve.fit(primaryBaselinePct, in.latencyP95Ms());
    LatencyCurve p99Curve = in.latencyP99Ms() == null ? null : LatencyCurve.fit(primaryBaselinePct, in.latencyP99Ms());
    double[] predictedP95 = in.latencyP95Ms() == null ? null : new double[in.latencyP95Ms().length];
    double[] predictedP99 = in.latencyP99Ms() == null ? null : new double[in.latencyP99Ms().length];

    double peak = 0;
    int newBreaches = 0;
    int replayed = 0;
    for (int h = 0; h < hours; h++) {
      // An hour is charged to the change when it makes some SLO condition true that was false
      // before: a load crossing the utilisation ceiling, or latency crossing the SLO.
      boolean newBreach = false;
      boolean any = false;
      for (int k = 0; k < in.loads().size(); k++) {
        double[] s = in.loadSeries().get(k);
        if (h >= s.length || Double.isNaN(s[h])) continue;
        any = true;
        Load load = in.loads().get(k);
        double b = s[h] * load.baselineScale();
        double p = s[h] * load.predictedScale();
        peak = Math.max(peak, p);
        newBreach |= p > maxUtil && b <= maxUtil;
      }
      double other = others == null || h >= others.length ? Double.NaN : others[h];
      double ub = h < primary.length ? max(primary[h] * primaryLoad.baselineScale(), other) : Double.NaN;
      double up = h < primary.length ? max(primary[h] * primaryLoad.predictedScale(), other) : Double.NaN;
      if (predictedP95 != null && h < predictedP95.length) {
        double obs = in.latencyP95Ms()[h];
        double pred = Double.isNaN(obs) || Double.isNaN(ub) ? obs : p95Curve.shift(obs, ub, up);
        predictedP95[h] = pred;
        if (!Double.isNaN(obs)) {
          any = true;
          newBreach |= pred > sloP95 && obs <= sloP95;
        }
      }
      if (predictedP99 != null && h < predictedP99.length) {
        double obs = in.latencyP99Ms()[h];
        predictedP99[h] = Double.isNaN(obs) || Double.isNaN(ub) ? obs : p99Curve.shift(obs, ub, up);
      }
      if (any) replayed++;
      if (newBreach) newBreaches++;
    }

    double baseP95 = in.latencyP95Ms() == null ? 0 : nz(Stats.percentile(in.latencyP95Ms(), 95));
    double predP95 = predictedP95 == null ? 0 : nz(Stats.percentile(predictedP95, 95));
    double[] p99Base = in.latencyP99Ms() != null ? in.latencyP99Ms() : in.latencyP95Ms();
    double[] p99Pred = in.latencyP99Ms() != null ? predictedP99 : predictedP95;
    double baseP99 = p99Base == null ? 0 : nz(Stats.percentile(p99Base, 99));
    double predP99 = p99Pred == null ? 0 : nz(Stats.percentile(p99Pred, 99));
    double errors = in.errorRatePct() == null ? 0 : nz(Stats.mean(in.errorRatePct()));

    boolean p99Ok = baseP99 <= 0 || predP99 <= baseP99 * (1 + policy.slo().rollbackP99RisePct() / 100.0);
    boolean passed = newBreaches <= policy.backtest().maxBreachHours() && p99Ok;
    StringBuilder model = new StringBuilder();
    model.append(String.format(Locale.ROOT, "%d hours replayed; %s", replayed, describeLoads(in)));
    if (p95Curve != null) {
      model.append(String.format(Locale.ROOT, "; latency %s fitted to %s: L = %.3g + %.3g*u/(1-u) ms over %d hours (r2 %.2f)",
          in.latencySource(), others == null ? primaryLoad.label() : "the busiest tier's utilisation (" + primaryLoad.label() + " or another tier)",
          p95Curve.a(), p95Curve.b(), p95Curve.points(), p95Curve.r2()));
    } else {
      model.append("; no latency series: breaches counted from utilisation only");
    }
    model.append("; error rate assumed unchanged below saturation");
    if (!p99Ok) {
      model.append(String.format(Locale.ROOT, "; predicted p99 rises %.0f %% > %.0f %% rollback threshold",
          (predP99 / baseP99 - 1) * 100, policy.slo().rollbackP99RisePct()));
    }
    return new Backtest(in.days(), baseP95, predP95, baseP99, predP99, errors, errors, peak, newBreaches, passed, model.toString());
  }

  private static Backtest unchanged(BacktestInput in, String why) {
    double baseP95 = in.latencyP95Ms() == null ? 0 : nz(Stats.percentile(in.latencyP95Ms(), 95));
    double baseP99 = in.latencyP99Ms() == null ? baseP95 : nz(Stats.percentile(in.latencyP99Ms(), 99));
    double errors = in.errorRatePct() == null ? 0 : nz(Stats.mean(in.errorRatePct()));
    return new Backtest(in.days(), baseP95, baseP95, baseP99, baseP99, errors, errors, 0, 0, true, why);
  }

  private static String describeLoads(BacktestInput in) {
    StringBuilder sb = new StringBuilder();
    for (Load l : in.loads()) {
      if (sb.length() > 0) sb.append(", ");
      sb.append(String.format(Locale.ROOT, "%s x%.3g", l.label(), l.factor()));
    }
    return "utilisation rescaled: " + sb;
  }

  /** The larger of two utilisations, ignoring a missing other tier. */
  private static double max(double own, double other) {
    return Double.isNaN(other) ? own : Math.max(own, other);
  }

  private static double[] busiest(double[] own, double[] others) {
    if (others == null) return own;
    double[] out = new double[own.length];
    for (int i = 0; i < own.length; i++) out[i] = max(own[i], i < others.length ? others[i] : Double.NaN);
    return out;
  }

  private static double[] scaled(double[] s, double k) {
    double[] out = new double[s.length];
    for (int i = 0; i < s.length; i++) out[i] = s[i] * k;
    return out;
  }

  private static double nz(double v) {
    return Double.isNaN(v) ? 0 : v;
  }
}
