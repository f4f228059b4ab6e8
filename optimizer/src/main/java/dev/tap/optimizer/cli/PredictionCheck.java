package dev.tap.optimizer.cli;

import dev.tap.optimizer.backtest.BacktestInput;
import dev.tap.optimizer.backtest.Backtester;
import dev.tap.optimizer.metrics.CallPlanner;
import dev.tap.optimizer.metrics.FetchProgress;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Recommendation;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.plan.Analysis;
import dev.tap.optimizer.plan.Planner;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.rules.Load;
import dev.tap.optimizer.rules.Stats;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import dev.tap.optimizer.slo.SloRules;
import dev.tap.optimizer.slo.SloStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prediction check (issue 15): every action the planner proposes for a simulated account
 * (planned or not), made in a fresh copy of the account at the start of the lookback's last 14
 * days and measured through its simulated CloudWatch, against what the backtest predicted for the
 * same hours. The simulator's physics ({@code sim}: capacity factors, its own queueing model) and
 * the backtest's model ({@code backtest}: rescaled utilisation, a fitted curve) share no code; this
 * class only reads both.
 */
public final class PredictionCheck {
  public static final Duration WINDOW = Duration.ofDays(14);
  /** Predicted peak utilisation within this fraction of the simulated one counts as agreeing. */
  public static final double PEAK_TOLERANCE = 0.15;
  /** A simulated utilisation metric at or above this is at CloudWatch's 100 % cap: it cannot show more. */
  static final double AT_CAP_PCT = 99.5;

  /**
   * One action checked. Peaks and p95 are over the 14 days (NaN when not applicable: no load
   * replayed, no latency series); breach hours count hours the change makes newly or further above
   * the latency SLO or the utilisation ceiling; throttles are sums over the 14 days.
   */
  public record Row(String blueprint, String resourceId, String kind, String after, Recommendation.Status status,
      double predictedPeakPct, double simulatedPeakPct, boolean predictedSaturates, double baselineP95Ms, double predictedP95Ms,
      double simulatedP95Ms, int predictedBreachHours, int simulatedBreachHours, double throttlesBefore, double simulatedThrottles,
      double predictedMonthlyCost, double simulatedMonthlyCost) {

    public boolean hasPeak() {
      return !Double.isNaN(predictedPeakPct) && !Double.isNaN(simulatedPeakPct);
    }

    /**
     * Within ±15 % of the simulated peak; a predicted peak at or above 100 % agrees with a simulated
     * metric at its 100 % cap (both say saturated: CloudWatch cannot report more than 100 %).
     */
    public boolean peakAgrees() {
      if (!hasPeak()) return true;
      if (predictedPeakPct >= 100 && simulatedPeakPct >= AT_CAP_PCT) return true;
      return Math.abs(predictedPeakPct - simulatedPeakPct) <= PEAK_TOLERANCE * simulatedPeakPct;
    }

    /**
     * The simulation breaches where the backtest predicted no breach hour: hours above the SLO or
     * the ceiling, or throttling that grows (the backtest assumes throttles unchanged).
     */
    public boolean missedBreach() {
      return predictedBreachHours == 0 && (simulatedBreachHours > 0 || throttlesRise());
    }

    /** More than 1 % (and more than one request) above the throttles of the same 14 days without the change. */
    public boolean throttlesRise() {
      return simulatedThrottles > throttlesBefore * 1.01 + 1;
    }
  }

  private record Key(String resourceId, String kind, Map<String, String> after) {}

  /**
   * The whole plan made at once for the last {@code days} days: every planned action (the backtest
   * predicted none of them a breach hour), against the same hours unchanged. Hours newly or further
   * above the latency SLO or the error-rate SLO of the service, and throttles summed over the
   * changed resources, by resource where they rose.
   */
  public record PlanCheck(String blueprint, int days, int actions, int newLatencyHours, int newErrorRateHours, double throttlesBefore,
      double throttlesAfter, List<String> throttlingMore) {

    /** Nothing the backtest did not predict: no new SLO hour, no resource throttling more. */
    public boolean clean() {
      return newLatencyHours == 0 && newErrorRateHours == 0 && throttlingMore.isEmpty();
    }
  }

  private record Planned(SimAccount account, Policy policy, Instant end, Snapshot snapshot, Planner planner, Analysis analysis,
      Map<Key, BacktestInput> inputs) {}

  private static Planned plan(SimBlueprint blueprint) {
    SimAccount account = SimAccount.of(blueprint);
    Policy policy = PolicyLoader.profile(blueprint.id());
    Instant end = account.clock().instant().truncatedTo(ChronoUnit.HOURS);
    Snapshot snapshot = account.snapshot();
    List<ResourceMetrics> lookback = engine(account).fetch(snapshot, end.minus(Duration.ofDays(policy.lookbackDays())), end, FetchProgress.NONE);
    Map<Key, BacktestInput> inputs = new ConcurrentHashMap<>();
    Planner planner = new Planner(PriceBook.bundled(), account.clock())
        .observingBacktests((id, kind, after, input, p) -> inputs.put(new Key(id, kind.name(), Map.copyOf(after)), input));
    return new Planned(account, policy, end, snapshot, planner, planner.plan(snapshot, lookback, policy), inputs);
  }

  /** Plans {@code blueprint}'s simulated account and makes every planned action in it for the last {@code days} days. */
  public static PlanCheck wholePlan(SimBlueprint blueprint, int days) {
    Planned p = plan(blueprint);
    Instant from = p.end().minus(Duration.ofDays(days));
    SimAccount changed = SimAccount.of(blueprint, p.account().seed(), new dev.tap.optimizer.sim.VirtualClock(p.end()));
    Map<String, Map<String, String>> configs = new java.util.TreeMap<>();
    int actions = 0;
    for (Recommendation rec : p.analysis().recommendations()) {
      if (rec.status() != Recommendation.Status.PLANNED || p.inputs().get(key(rec)) == null) continue; // the ML platform: analysed elsewhere
      configs.computeIfAbsent(rec.action().resourceId(), id -> new java.util.TreeMap<>()).putAll(rec.action().after());
      actions++;
    }
    configs.forEach((id, config) -> changed.reconfigureFrom(from, id, config));
    String sloSource = p.analysis().slo().source();
    List<Resource> measuredResources = new ArrayList<>();
    for (String id : configs.keySet()) measuredResources.add(changed.resource(id));
    if (!sloSource.equals("none") && !configs.containsKey(sloSource)) measuredResources.add(changed.resource(sloSource));
    Snapshot sub = new Snapshot(p.snapshot().source(), p.snapshot().account(), p.snapshot().blueprint(), p.end(), measuredResources, List.of());
    Map<String, ResourceMetrics> before = byId(engine(p.account()).fetch(sub, from, p.end(), FetchProgress.NONE));
    Map<String, ResourceMetrics> after = byId(engine(changed).fetch(sub, from, p.end(), FetchProgress.NONE));
    int n = days * 24;
    int latencyHours = 0;
    int errorHours = 0;
    SloStatus sb = sloStatus(before.get(sloSource), p.policy());
    SloStatus sa = sloStatus(after.get(sloSource), p.policy());
    if (sb != null && sa != null) {
      latencyHours = newHoursAbove(sb.latencyP95Ms(), sa.latencyP95Ms(), p.policy().slo().latencyP95Ms(), n);
      errorHours = newHoursAbove(sb.errorRatePct(), sa.errorRatePct(), p.policy().slo().errorRatePct(), n);
    }
    double thrBefore = 0;
    double thrAfter = 0;
    List<String> more = new ArrayList<>();
    for (String id : configs.keySet()) {
      double b = throttles(before.get(id));
      double a = throttles(after.get(id));
      thrBefore += b;
      thrAfter += a;
      if (a > b * 1.01 + 1) more.add(String.format(Locale.ROOT, "%s %.0f -> %.0f", id, b, a));
    }
    return new PlanCheck(blueprint.id(), days, actions, latencyHours, errorHours, thrBefore, thrAfter, more);
  }

  /** Hours of the last {@code n} where {@code after} is above {@code limit} and {@code before} was not, or was lower. */
  private static int newHoursAbove(double[] before, double[] after, double limit, int n) {
    if (before == null || after == null) return 0;
    double[] b = lastHours(before, n);
    double[] a = lastHours(after, n);
    int count = 0;
    for (int h = 0; h < n; h++) if (a[h] > limit && (!(b[h] > limit) || a[h] > b[h])) count++;
    return count;
  }

  private static Key key(Recommendation rec) {
    return new Key(rec.action().resourceId(), rec.action().kind().name(), Map.copyOf(rec.action().after()));
  }

  /** One line: the whole plan's verdict. */
  public static String format(PlanCheck c) {
    return String.format(Locale.ROOT, "%s: the %d planned actions made together for the last %d days: %d hours newly above the latency SLO, "
        + "%d above the error-rate SLO; throttles %.0f -> %.0f%s (%s)%n", c.blueprint(), c.actions(), c.days(), c.newLatencyHours(),
        c.newErrorRateHours(), c.throttlesBefore(), c.throttlesAfter(), c.throttlingMore().isEmpty() ? "" : ", rising on " + String.join(", ", c.throttlingMore()),
        c.clean() ? "nothing the backtest did not predict" : "NOT predicted by the backtest");
  }

  private PredictionCheck() {}

  /** Plans {@code blueprint}'s simulated account as {@code tap analyze} does and checks every recommendation. */
  public static List<Row> run(SimBlueprint blueprint) {
    return run(blueprint, Integer.MAX_VALUE);
  }

  /** As {@link #run(SimBlueprint)}, for the first {@code limit} recommendations with a capacity change. */
  public static List<Row> run(SimBlueprint blueprint, int limit) {
    Planned planned = plan(blueprint);
    SimAccount account = planned.account();
    Policy policy = planned.policy();
    Instant end = planned.end();
    Instant from = end.minus(WINDOW);
    Snapshot snapshot = planned.snapshot();
    Map<Key, BacktestInput> inputs = planned.inputs();
    Planner planner = planned.planner();
    Analysis analysis = planned.analysis();
    String sloSource = analysis.slo().source();
    Map<String, ResourceMetrics> baseline = byId(engine(account).fetch(snapshot, from, end, FetchProgress.NONE));

    List<Row> rows = new ArrayList<>();
    List<Recommendation> recs = analysis.recommendations();
    for (int i = 0; i < recs.size() && rows.size() < limit; i++) {
      Recommendation rec = recs.get(i);
      var action = rec.action();
      BacktestInput input = inputs.get(key(rec));
      if (input == null) continue; // analysed elsewhere (the ML platform): not in this account's simulation

      // The change, after the earlier planned changes on the same resource (as the backtest replays it).
      SimAccount changed = SimAccount.of(blueprint, account.seed(), new dev.tap.optimizer.sim.VirtualClock(end));
      Map<String, String> config = new java.util.TreeMap<>();
      for (int j = 0; j < i; j++) {
        Recommendation earlier = recs.get(j);
        if (earlier.status() == Recommendation.Status.PLANNED && earlier.action().resourceId().equals(action.resourceId())) {
          config.putAll(earlier.action().after());
        }
      }
      config.putAll(action.after());
      changed.reconfigureFrom(from, action.resourceId(), config);
      List<Resource> measuredResources = new ArrayList<>();
      measuredResources.add(changed.resource(action.resourceId()));
      if (!sloSource.equals(action.resourceId()) && !sloSource.equals("none")) measuredResources.add(changed.resource(sloSource));
      Snapshot sub = new Snapshot(snapshot.source(), snapshot.account(), snapshot.blueprint(), end, measuredResources, List.of());
      Map<String, ResourceMetrics> measured = byId(engine(changed).fetch(sub, from, end, FetchProgress.NONE));
      rows.add(row(blueprint, rec, input, policy, planner, baseline, measured, sloSource));
    }
    return rows;
  }

  private static Row row(SimBlueprint blueprint, Recommendation rec, BacktestInput input, Policy policy, Planner planner,
      Map<String, ResourceMetrics> baseline, Map<String, ResourceMetrics> measured, String sloSource) {
    var action = rec.action();
    int n = (int) WINDOW.toHours();
    Backtester.Replay replay = Backtester.replay(input, policy);
    // An action with no load is not replayed (no capacity change): no peak, no breach hour predicted.
    boolean replayed = replay.predictedPeakPct().length > 0;
    int offset = replay.predictedPeakPct().length - n;
    if (replayed && offset < 0) throw new IllegalStateException("the lookback is shorter than the check's " + n + " hours");
    double predictedPeak = replayed ? Stats.max(java.util.Arrays.copyOfRange(replay.predictedPeakPct(), offset, offset + n)) : Double.NaN;
    int predictedBreaches = 0;
    boolean saturates = false;
    for (int h = offset; replayed && h < offset + n; h++) {
      if (replay.charged()[h]) predictedBreaches++;
      saturates |= replay.saturated()[h];
    }
    double predictedP95 = replay.predictedP95Ms().length < n ? Double.NaN
        : Stats.percentile(java.util.Arrays.copyOfRange(replay.predictedP95Ms(), replay.predictedP95Ms().length - n, replay.predictedP95Ms().length), 95);

    ResourceMetrics before = baseline.get(action.resourceId());
    ResourceMetrics after = measured.get(action.resourceId());
    double maxUtil = policy.backtest().maxUtilisationPct();
    double sloP95 = policy.slo().latencyP95Ms();
    double[] simPeakByHour = new double[n];
    boolean[] simCharged = new boolean[n];
    java.util.Arrays.fill(simPeakByHour, Double.NaN);
    for (Load load : input.loads()) {
      MetricSeries b = before.series(load.key());
      MetricSeries a = after.series(load.key());
      if (b == null || a == null) continue;
      // A percentage metric is already relative to the capacity in force; a count (concurrent
      // executions) is compared with the new limit. Either measurement already contains what the
      // change does to the quantity itself (a longer duration), so the predicted demand factor is
      // not applied to it again.
      double scale = percentMetric(a.query().metricName()) ? load.baselineScale() : load.limitScale();
      double[] bv = lastHours(b.values(), n);
      double[] av = lastHours(a.values(), n);
      for (int h = 0; h < n; h++) {
        double bu = bv[h] * load.baselineScale();
        double au = av[h] * scale;
        if (Double.isNaN(au)) continue;
        simPeakByHour[h] = Double.isNaN(simPeakByHour[h]) ? au : Math.max(simPeakByHour[h], au);
        simCharged[h] |= au > maxUtil && (bu <= maxUtil || au > bu);
      }
    }
    double[] baseLatency = hourlyP95(baseline.get(sloSource), policy);
    double[] simLatency = hourlyP95(measured.get(sloSource), policy);
    double simulatedP95 = Double.NaN;
    double baselineP95 = Double.NaN;
    if (baseLatency != null && simLatency != null) {
      double[] bl = lastHours(baseLatency, n);
      double[] sl = lastHours(simLatency, n);
      for (int h = 0; h < n; h++) simCharged[h] |= sl[h] > sloP95 && (bl[h] <= sloP95 || sl[h] > bl[h]);
      simulatedP95 = Stats.percentile(sl, 95);
      baselineP95 = Stats.percentile(bl, 95);
    }
    int simulatedBreaches = 0;
    for (boolean c : simCharged) if (c) simulatedBreaches++;
    double simulatedPeak = Stats.max(simPeakByHour);
    double simulatedCost = planner.monthlyCost(after.resource(), after.resource().config(), after);
    return new Row(blueprint.id(), action.resourceId(), action.kind().name(), action.after().toString(), rec.status(),
        predictedPeak, simulatedPeak, saturates, baselineP95, predictedP95, simulatedP95, predictedBreaches, simulatedBreaches,
        throttles(before), throttles(after), action.monthlyCostAfter(), simulatedCost);
  }

  /** CloudWatch's utilisation and percentage metrics (CPUUtilization, DatabaseMemoryUsagePercentage, memory_utilization). */
  static boolean percentMetric(String metricName) {
    String m = metricName.toLowerCase(Locale.ROOT);
    return m.endsWith("utilization") || m.endsWith("utilisation") || m.endsWith("percentage") || m.endsWith("percent");
  }

  private static double[] hourlyP95(ResourceMetrics m, Policy policy) {
    SloStatus s = sloStatus(m, policy);
    return s == null ? null : s.latencyP95Ms();
  }

  private static SloStatus sloStatus(ResourceMetrics m, Policy policy) {
    if (m == null) return null;
    return SloRules.assess(List.of(m), policy, x -> Families.of(x.resource().family()).serviceSlo(x, policy));
  }

  /** Sum over the window of every throttle count the resource reports (Lambda Throttles, DynamoDB throttle events). */
  private static double throttles(ResourceMetrics m) {
    double sum = 0;
    for (WindowValue v : m.window().values()) {
      if (v.metric().toLowerCase(Locale.ROOT).contains("throttl") && v.stat().equals("Sum") && !Double.isNaN(v.value())) sum += v.value();
    }
    return sum;
  }

  private static double[] lastHours(double[] v, int n) {
    double[] out = new double[n];
    java.util.Arrays.fill(out, Double.NaN);
    for (int i = 0; i < Math.min(n, v.length); i++) out[n - 1 - i] = v[v.length - 1 - i];
    return out;
  }

  private static MetricsEngine engine(SimAccount account) {
    return new MetricsEngine(account::cloudWatch, Families.catalog(), account.clock(), new CallPlanner());
  }

  private static Map<String, ResourceMetrics> byId(List<ResourceMetrics> list) {
    Map<String, ResourceMetrics> out = new java.util.HashMap<>();
    for (ResourceMetrics m : list) out.put(m.resource().id(), m);
    return out;
  }

  /** The table, one line per action, and the two targets' verdicts. */
  public static String format(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-9s %-26s %-26s %-8s %8s %8s %5s %7s %7s %7s %6s %6s %12s %12s %11s %11s%n",
        "account", "resource", "kind", "status", "peak bt", "peak sim", "ok", "p95 now", "p95 bt", "p95 sim", "brh bt", "brh sim",
        "thr before", "thr sim", "cost bt", "cost sim"));
    int withPeak = 0, agree = 0, missed = 0;
    for (Row r : rows) {
      if (r.hasPeak()) {
        withPeak++;
        if (r.peakAgrees()) agree++;
      }
      if (r.missedBreach()) missed++;
      sb.append(String.format(Locale.ROOT, "%-9s %-26s %-26s %-8s %7s%s %7s%s %5s %7s %7s %7s %6d %6d %12.0f %12.0f %11.2f %11.2f%s%n",
          r.blueprint(), r.resourceId(), r.kind(), shortStatus(r.status()), pct(r.predictedPeakPct()), r.predictedSaturates() ? "*" : " ",
          pct(r.simulatedPeakPct()), " ", !r.hasPeak() ? "-" : r.peakAgrees() ? "yes" : "NO", ms(r.baselineP95Ms()), r.predictedSaturates() ? "sat" : ms(r.predictedP95Ms()),
          ms(r.simulatedP95Ms()), r.predictedBreachHours(), r.simulatedBreachHours(), r.throttlesBefore(), r.simulatedThrottles(),
          r.predictedMonthlyCost(), r.simulatedMonthlyCost(), r.missedBreach() ? (r.simulatedBreachHours() > 0 ? "  MISSED BREACH" : "  MISSED THROTTLING") : ""));
    }
    sb.append(String.format(Locale.ROOT, "Peak utilisation within ±%.0f %%: %d of %d actions (%.0f %%; target >= 90 %%: %s). "
        + "Actions breaching in the simulation with no predicted breach hour: %d (target 0: %s).%n",
        PEAK_TOLERANCE * 100, agree, withPeak, withPeak == 0 ? 100.0 : 100.0 * agree / withPeak,
        withPeak == 0 || agree >= 0.9 * withPeak ? "met" : "NOT met", missed, missed == 0 ? "met" : "NOT met"));
    return sb.toString();
  }

  private static String shortStatus(Recommendation.Status s) {
    return switch (s) {
      case PLANNED -> "planned";
      case BLOCKED_BY_BACKTEST -> "blocked";
      default -> s.name().toLowerCase(Locale.ROOT).replace('_', ' ').substring(0, Math.min(8, s.name().length()));
    };
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }
}
