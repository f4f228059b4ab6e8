package dev.tap.optimizer.backtest;

import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.rules.Load;
import dev.tap.optimizer.rules.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replays the lookback hour by hour under a new configuration. Each load's utilisation is rescaled
 * by its capacity ratio. Latency follows a {@link LatencyCurve} fitted to the lookback at one
 * resolution, the hour's p95 minute on both axes: hourly latency p95 against the hourly p95
 * utilisation of the service's busiest tier with this resource's first load in it ({@link
 * ServiceTiers}), so the change moves latency only in hours where it makes this resource busier
 * than every other tier.
 *
 * <p>An hour counts against the change when it makes an SLO condition true that was false, or
 * makes worse one that was already true: the busiest tier reaching saturation (100 %, where the
 * queue has no steady state and no latency figure is predicted), latency p95 above {@code
 * slo.latencyP95Ms}, or a utilisation above {@code backtest.maxUtilisationPct}. The verdict leads
 * with the deciding fact: saturation, then latency hours, then a p99 rise the guard would roll back
 * ({@code slo.rollbackP99RisePct}), then utilisation-only hours. The action is blocked when it
 * saturates, when the hours exceed {@code backtest.maxBreachHours}, or on that p99 rise.
 */
public final class Backtester {
  private Backtester() {}

  /** What the replay counted, hour by hour. */
  record Counts(int replayed, int saturated, int alreadySaturated, int latencyNew, int latencyWorse, int utilOnlyNew, int utilOnlyWorse) {
    int charged() {
      return saturated + alreadySaturated + latencyNew + latencyWorse + utilOnlyNew + utilOnlyWorse;
    }
  }

  /**
   * The replay hour by hour, for checking it against what happened (the prediction check): the
   * predicted peak utilisation (largest over the loads, NaN where no load has data), the predicted
   * latency p95 (NaN in saturated hours or without a latency series), and whether the hour is
   * charged to the change.
   */
  public record Replay(Backtest backtest, double[] predictedPeakPct, double[] predictedP95Ms, boolean[] charged, boolean[] saturated) {}

  public static Backtest run(BacktestInput in, Policy policy) {
    return replay(in, policy).backtest();
  }

  public static Replay replay(BacktestInput in, Policy policy) {
    if (in.loads().isEmpty()) return new Replay(unchanged(in, "no capacity change: replay not needed"), new double[0], new double[0], new boolean[0], new boolean[0]);
    int hours = 0;
    for (double[] s : in.loadSeries()) hours = Math.max(hours, s.length);
    double maxUtil = policy.backtest().maxUtilisationPct();
    double sloP95 = policy.slo().latencyP95Ms();

    Load primaryLoad = in.loads().get(0);
    double[] driver = in.latencyDriverPct() != null ? in.latencyDriverPct() : in.loadSeries().get(0);
    double[] others = in.othersBusiestPct();
    double[] driverBaseline = busiest(scaled(driver, primaryLoad.baselineScale()), others);
    LatencyCurve p95Curve = in.latencyP95Ms() == null ? null : LatencyCurve.fit(driverBaseline, in.latencyP95Ms());
    LatencyCurve p99Curve = in.latencyP99Ms() == null ? null : LatencyCurve.fit(driverBaseline, in.latencyP99Ms());
    // Predicted latency of the hours that stay below saturation (NaN for saturated hours).
    double[] predictedP95 = in.latencyP95Ms() == null ? null : new double[in.latencyP95Ms().length];
    double[] predictedP99 = in.latencyP99Ms() == null ? null : new double[in.latencyP99Ms().length];

    double[] peakByHour = new double[hours];
    boolean[] charged = new boolean[hours];
    boolean[] saturatedByHour = new boolean[hours];
    java.util.Arrays.fill(peakByHour, Double.NaN);
    double peak = 0;
    int replayed = 0, saturated = 0, alreadySaturated = 0, latNew = 0, latWorse = 0, utilNew = 0, utilWorse = 0;
    for (int h = 0; h < hours; h++) {
      boolean any = false;
      boolean utilCrosses = false;
      boolean utilWorsens = false;
      for (int k = 0; k < in.loads().size(); k++) {
        double[] s = in.loadSeries().get(k);
        if (h >= s.length || Double.isNaN(s[h])) continue;
        any = true;
        Load load = in.loads().get(k);
        double b = s[h] * load.baselineScale();
        double p = s[h] * load.predictedScale();
        peak = Math.max(peak, p);
        peakByHour[h] = Double.isNaN(peakByHour[h]) ? p : Math.max(peakByHour[h], p);
        utilCrosses |= p > maxUtil && b <= maxUtil;
        utilWorsens |= p > maxUtil && b > maxUtil && p > b;
      }
      double other = others == null || h >= others.length ? Double.NaN : others[h];
      double d = h < driver.length ? driver[h] : Double.NaN;
      double ub = Double.isNaN(d) ? Double.NaN : max(d * primaryLoad.baselineScale(), other);
      double up = Double.isNaN(d) ? Double.NaN : max(d * primaryLoad.predictedScale(), other);
      boolean satNew = LatencyCurve.saturated(up) && !LatencyCurve.saturated(ub);
      boolean satWorse = LatencyCurve.saturated(up) && LatencyCurve.saturated(ub) && up > ub;
      boolean latCrosses = false;
      boolean latWorsens = false;
      if (predictedP95 != null && h < predictedP95.length) {
        double obs = in.latencyP95Ms()[h];
        double pred = predict(p95Curve, obs, ub, up);
        predictedP95[h] = pred;
        if (!Double.isNaN(obs)) {
          any = true;
          latCrosses = !Double.isNaN(pred) && pred > sloP95 && obs <= sloP95;
          latWorsens = !Double.isNaN(pred) && pred > sloP95 && obs > sloP95 && pred > obs;
        }
      }
      if (predictedP99 != null && h < predictedP99.length) predictedP99[h] = predict(p99Curve, in.latencyP99Ms()[h], ub, up);
      if (any) replayed++;
      saturatedByHour[h] = satNew || satWorse;
      charged[h] = satNew || satWorse || latCrosses || latWorsens || utilCrosses || utilWorsens;
      if (satNew) saturated++;
      else if (satWorse) alreadySaturated++;
      else if (latCrosses) latNew++;
      else if (latWorsens) latWorse++;
      else if (utilCrosses) utilNew++;
      else if (utilWorsens) utilWorse++;
    }
    Counts c = new Counts(replayed, saturated, alreadySaturated, latNew, latWorse, utilNew, utilWorse);

    double baseHourlyP95 = in.latencyP95Ms() == null ? 0 : nz(Stats.percentile(in.latencyP95Ms(), 95));
    double predHourlyP95 = predictedP95 == null ? 0 : nz(Stats.percentile(predictedP95, 95));
    // The baseline as the SLO check states it (p95 of all datapoints); the prediction moves it by
    // the change in the p95 of the hourly p95s (saturated hours left out: they have no figure).
    double baseP95 = Double.isNaN(in.statedP95Ms()) ? baseHourlyP95 : in.statedP95Ms();
    double predP95 = predictedP95 == null ? baseP95 : baseP95 + (predHourlyP95 - baseHourlyP95);
    double[] p99Base = in.latencyP99Ms() != null ? in.latencyP99Ms() : in.latencyP95Ms();
    double[] p99Pred = in.latencyP99Ms() != null ? predictedP99 : predictedP95;
    double baseP99 = p99Base == null ? 0 : nz(Stats.percentile(p99Base, 99));
    double predP99 = p99Pred == null ? 0 : nz(Stats.percentile(p99Pred, 99));
    double errors = in.errorRatePct() == null ? 0 : nz(Stats.mean(in.errorRatePct()));

    double risePct = baseP99 > 0 ? (predP99 / baseP99 - 1) * 100 : 0;
    boolean p99Ok = baseP99 <= 0 || risePct <= policy.slo().rollbackP99RisePct();
    boolean passed = c.saturated() + c.alreadySaturated() == 0 && c.charged() <= policy.backtest().maxBreachHours() && p99Ok;

    // Without a latency series the queue that saturates is the resource's own, not a measured SLO.
    String latencyName = p95Curve != null ? in.service() + "'s latency" : primaryLoad.label();
    List<String> verdict = new ArrayList<>();
    if (c.saturated() + c.alreadySaturated() > 0) {
      verdict.add(String.format(Locale.ROOT, "%s saturates for %d hours (the busiest tier at or above 100 %% at the hour's p95 minute%s)",
          latencyName, c.saturated() + c.alreadySaturated(), c.alreadySaturated() > 0 ? ", " + c.alreadySaturated() + " of them already saturated and made worse" : ""));
    }
    if (c.latencyNew() + c.latencyWorse() > 0) {
      verdict.add(String.format(Locale.ROOT, "latency p95 above the %s ms SLO in %d %shours%s", num(sloP95), c.latencyNew() + c.latencyWorse(),
          c.saturated() + c.alreadySaturated() > 0 ? "more " : "", c.latencyWorse() > 0 ? " (" + c.latencyWorse() + " already above it, made worse)" : ""));
    }
    if (!p99Ok && c.saturated() + c.alreadySaturated() == 0) {
      verdict.add(String.format(Locale.ROOT, "p99 %.3g -> %.3g ms, a %.0f %% rise > the guard's %.0f %% rollback threshold", baseP99, predP99, risePct,
          policy.slo().rollbackP99RisePct()));
    }
    if (c.utilOnlyNew() + c.utilOnlyWorse() > 0) {
      verdict.add(String.format(Locale.ROOT, "%s%d hours above the %.0f %% utilisation ceiling with latency within the SLO%s",
          verdict.isEmpty() ? "" : "and ", c.utilOnlyNew() + c.utilOnlyWorse(), maxUtil,
          c.utilOnlyWorse() > 0 ? " (" + c.utilOnlyWorse() + " already above it, made worse)" : ""));
    }
    if (verdict.isEmpty()) verdict.add("no hour newly or further above the SLO or the utilisation ceiling");

    StringBuilder model = new StringBuilder(String.join("; ", verdict));
    model.append(String.format(Locale.ROOT, "; peak utilisation %.0f %%", peak));
    if (p95Curve != null) {
      model.append(String.format(Locale.ROOT, "; latency p95 %s ms today (%s)", num(baseP95),
          Double.isNaN(in.statedP95Ms()) ? "p95 of the hourly p95s" : "p95 of all datapoints"));
    }
    model.append(String.format(Locale.ROOT, ". Model: %d hours replayed; %s", c.replayed(), describeLoads(in)));
    if (p95Curve != null) {
      model.append(String.format(Locale.ROOT, "; hourly latency p95 of %s fitted to the hourly p95 utilisation of %s: L = %.3g + %.3g*u/(1-u) ms over %d hours (r2 %.2f)",
          in.service(), others == null ? primaryLoad.label() : "the busiest tier (" + primaryLoad.label() + " or another tier)",
          p95Curve.a(), p95Curve.b(), p95Curve.points(), p95Curve.r2()));
      if (in.latencyDriverPct() == null) model.append(" (no hourly p95 of " + primaryLoad.label() + ": its hourly series used)");
    } else {
      model.append("; no latency series: breaches counted from utilisation only");
    }
    model.append("; error rate assumed unchanged below saturation");
    Backtest backtest = new Backtest(in.days(), baseP95, predP95, baseP99, predP99, errors, errors, peak, c.charged(), passed, model.toString());
    return new Replay(backtest, peakByHour, predictedP95 == null ? new double[0] : predictedP95, charged, saturatedByHour);
  }

  /** An hour's predicted latency: NaN when it saturates after the change, unchanged when it was saturated before. */
  private static double predict(LatencyCurve curve, double observedMs, double beforePct, double afterPct) {
    if (Double.isNaN(observedMs) || Double.isNaN(beforePct)) return observedMs;
    if (LatencyCurve.saturated(afterPct)) return Double.NaN;
    if (LatencyCurve.saturated(beforePct)) return observedMs;
    return curve.shift(observedMs, beforePct, afterPct);
  }

  private static Backtest unchanged(BacktestInput in, String why) {
    double baseP95 = !Double.isNaN(in.statedP95Ms()) ? in.statedP95Ms() : in.latencyP95Ms() == null ? 0 : nz(Stats.percentile(in.latencyP95Ms(), 95));
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

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+$", "");
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
