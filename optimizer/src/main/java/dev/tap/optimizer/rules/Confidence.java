package dev.tap.optimizer.rules;

import dev.tap.optimizer.model.Evidence;
import java.util.List;

/**
 * How far to trust a recommendation (SPEC O5), in [0, 1] (docs/analysis.md, "Confidence"):
 *
 * <pre>confidence = min(1, days / FULL_DAYS) × coverage × min(1, 0.5 + margin) / (1 + variability)</pre>
 *
 * <ul>
 *   <li>days of data, full trust from {@link #FULL_DAYS} (four weekly cycles): one day scores at most 1/28;
 *   <li>coverage, the share of the lookback's hours that have data, averaged over the series the rule
 *       read (a metric read only as a whole-window statistic has unknown coverage, {@link #UNKNOWN_COVERAGE});
 *   <li>margin, the smallest relative distance of a deciding statistic from its threshold: a value at
 *       the threshold halves the score, one 50 % away or more leaves it whole;
 *   <li>variability, the coefficient of variation of the first series' daily peaks, each divided by the
 *       mean peak of its weekday once there are two weeks of data, so a steady weekday/weekend cycle is
 *       trusted and peaks that wander are not.
 * </ul>
 *
 * A series with the same value every hour is flagged ({@code constant}) and scores at most {@link
 * #CONSTANT_CAP}: real load is never flat, so it is more likely a stuck or placeholder metric.
 */
public record Confidence(double value, double coverage, double variability, double days, double margin, boolean constant) {

  public static final Confidence CONFIGURATION_ONLY = new Confidence(1, 1, 0, 0, 1, false);
  public static final double UNKNOWN_COVERAGE = 0.5;
  public static final double FULL_DAYS = 28;
  public static final double CONSTANT_CAP = 0.3;

  public static Confidence of(Observed observed, List<String> keys, List<Evidence> evidence) {
    if (keys.isEmpty()) return CONFIGURATION_ONLY;
    double expected = observed.days() * 24.0;
    double coverage = 0;
    double[] first = null;
    boolean constant = false;
    for (String key : keys) {
      double[] s = observed.hourly(key);
      if (s == null) {
        if (observed.metrics().window().containsKey(key)) coverage += UNKNOWN_COVERAGE;
        continue;
      }
      if (first == null) first = s;
      constant |= isConstant(s);
      coverage += Math.min(1, Stats.present(s) / expected);
    }
    coverage /= keys.size();
    double variability = first == null ? 0 : Stats.cv(Stats.weekdayAdjusted(Stats.dailyMax(first)));
    return score(observed.days(), coverage, variability, margin(evidence), constant);
  }

  /** The same formula over per-minute series (SageMaker endpoints): {@code load} drives variability, {@code sampled} coverage. */
  public static Confidence ofMinutes(double[] load, double[] sampled, int days, List<Evidence> evidence) {
    double coverage = Math.min(1, Stats.present(sampled) / (days * 1440.0));
    double[] daily = new double[(load.length + 1439) / 1440];
    java.util.Arrays.fill(daily, Double.NaN);
    for (int i = 0; i < load.length; i++) {
      int d = i / 1440;
      if (!Double.isNaN(load[i]) && (Double.isNaN(daily[d]) || load[i] > daily[d])) daily[d] = load[i];
    }
    return score(days, coverage, Stats.cv(Stats.weekdayAdjusted(daily)), margin(evidence), isConstant(load));
  }

  public static Confidence score(double days, double coverage, double variability, double margin, boolean constant) {
    double value = Math.min(1, days / FULL_DAYS) * coverage * Math.min(1, 0.5 + margin) / (1 + variability);
    value = Math.max(0, Math.min(constant ? CONSTANT_CAP : 1, value));
    return new Confidence(value, coverage, variability, days, margin, constant);
  }

  /** Smallest relative distance |threshold − value| / |threshold| over the comparisons that held; 1 without any. */
  public static double margin(List<Evidence> evidence) {
    double m = 1;
    for (Evidence e : evidence) {
      if (!e.holds() || e.threshold() == 0) continue;
      m = Math.min(m, Math.abs(e.threshold() - e.value()) / Math.abs(e.threshold()));
    }
    return m;
  }

  static boolean isConstant(double[] s) {
    if (Stats.present(s) < 48) return false;
    double max = Stats.max(s);
    double min = -Stats.max(negate(s));
    return max - min <= 1e-9 * Math.max(1, Math.abs(max));
  }

  private static double[] negate(double[] s) {
    double[] n = new double[s.length];
    for (int i = 0; i < s.length; i++) n[i] = -s[i];
    return n;
  }
}
