package dev.tap.optimizer.rules;

import java.util.List;

/**
 * How far to trust a recommendation (SPEC O5), in [0, 1]: {@code coverage / (1 + variability)}.
 * Coverage is the share of the lookback's hours that have data, averaged over the series the rule
 * read; variability is the coefficient of variation of the first series' daily peaks, so a steady
 * daily cycle is trusted and peaks that wander from day to day are not. A recommendation that rests
 * only on configuration (a stream nobody reads) has confidence 1. A metric read only as a
 * whole-window statistic (no hourly series, e.g. Lambda Insights memory) has unknown coverage,
 * counted as {@link #UNKNOWN_COVERAGE}, so such a recommendation is flagged for review.
 */
public record Confidence(double value, double coverage, double variability) {

  public static final Confidence CONFIGURATION_ONLY = new Confidence(1, 1, 0);
  public static final double UNKNOWN_COVERAGE = 0.5;

  public static Confidence of(Observed observed, List<String> keys) {
    if (keys.isEmpty()) return CONFIGURATION_ONLY;
    double expected = observed.days() * 24.0;
    double coverage = 0;
    double[] first = null;
    for (String key : keys) {
      double[] s = observed.hourly(key);
      if (s == null) {
        if (observed.metrics().window().containsKey(key)) coverage += UNKNOWN_COVERAGE;
        continue;
      }
      if (first == null) first = s;
      coverage += Math.min(1, Stats.present(s) / expected);
    }
    coverage /= keys.size();
    double variability = first == null ? 0 : Stats.cv(Stats.dailyMax(first));
    double value = Math.max(0, Math.min(1, coverage / (1 + variability)));
    return new Confidence(value, coverage, variability);
  }
}
