package dev.tap.optimizer.exec;

import dev.tap.optimizer.metrics.HealthSignal;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the guard enforces during observation, taken from the policy ({@link #from}) and stored with
 * the run so a resume needs nothing else: the O7 rules ({@code slo.rollbackErrorRatePct}, {@code
 * slo.rollbackP99RisePct}), the O3 scale-up triggers when {@code slo.scaleUpTriggers} (trading),
 * the check interval and the checks in a row that trip (like an alarm's datapoints to alarm), when
 * a phase is blind and when a blind phase is rolled back, the baseline and control windows a
 * reading is attributed against, and the health signals of each phase's changed resources.
 *
 * <p>Runs recorded by an older tap lack the newer fields (read as 0): no blind limit, no control
 * window, and the four-week baseline at the 90th percentile they were observed with.
 */
public record GuardPolicy(
    double maxErrorRatePct,
    double maxP99RisePct,
    double scaleUpErrorRatePct,
    double maxP95Ms,
    double maxQueueDepth,
    Duration checkInterval,
    int consecutiveBreaches,
    boolean scaleUpTriggers,
    int blindChecks,
    int blindLimitChecks,
    int baselineDays,
    double baselinePercentile,
    int controlHours,
    double controlPercentile,
    double attributionMarginPct,
    boolean allowUnguarded,
    Map<Integer, List<HealthSignal>> signals) {

  /** The trading profile's guard (tests and plans of no known blueprint). */
  public static final GuardPolicy DEFAULT = forBlueprint("trading");

  /** Legacy runs (recorded before the baseline was a policy key) were observed with these. */
  static final int LEGACY_BASELINE_DAYS = 28;
  static final double LEGACY_BASELINE_PERCENTILE = 90;

  public GuardPolicy {
    if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
      throw new IllegalArgumentException("guard check interval must be positive: " + checkInterval);
    }
    if (checkInterval.toSeconds() % 60 != 0) {
      throw new IllegalArgumentException("guard check interval must be whole minutes (CloudWatch periods are): " + checkInterval);
    }
    if (consecutiveBreaches < 1) throw new IllegalArgumentException("consecutive breaches to trip must be at least 1: " + consecutiveBreaches);
    signals = signals == null ? Map.of() : Map.copyOf(new TreeMap<>(signals));
  }

  /** Every threshold from {@code p}; no signals yet ({@link #withSignals}). */
  public static GuardPolicy from(Policy p) {
    Policy.Guard g = p.guard();
    return new GuardPolicy(p.slo().rollbackErrorRatePct(), p.slo().rollbackP99RisePct(), p.slo().errorRatePct(), p.slo().latencyP95Ms(),
        p.slo().queueDepth(), Duration.ofMinutes(g.checkMinutes()), g.breachChecks(), p.slo().scaleUpTriggers(), g.blindChecks(),
        g.blindLimitChecks(), g.baselineDays(), g.baselinePercentile(), g.controlHours(), g.controlPercentile(), g.attributionMarginPct(),
        false, Map.of());
  }

  /** The shipped profile of {@code blueprint} (trading for any other). */
  public static GuardPolicy forBlueprint(String blueprint) {
    return from(PolicyLoader.profile(PolicyLoader.PROFILES.contains(blueprint) ? blueprint : "trading"));
  }

  public GuardPolicy withCheckInterval(Duration interval) {
    return new GuardPolicy(maxErrorRatePct, maxP99RisePct, scaleUpErrorRatePct, maxP95Ms, maxQueueDepth, interval, consecutiveBreaches,
        scaleUpTriggers, blindChecks, blindLimitChecks, baselineDays, baselinePercentile, controlHours, controlPercentile, attributionMarginPct,
        allowUnguarded, signals);
  }

  public GuardPolicy withConsecutiveBreaches(int n) {
    return new GuardPolicy(maxErrorRatePct, maxP99RisePct, scaleUpErrorRatePct, maxP95Ms, maxQueueDepth, checkInterval, n,
        scaleUpTriggers, blindChecks, blindLimitChecks, baselineDays, baselinePercentile, controlHours, controlPercentile, attributionMarginPct,
        allowUnguarded, signals);
  }

  /** With {@code --allow-unguarded}: missing SLO data neither refuses the start nor makes a phase blind. */
  public GuardPolicy withAllowUnguarded(boolean allow) {
    return new GuardPolicy(maxErrorRatePct, maxP99RisePct, scaleUpErrorRatePct, maxP95Ms, maxQueueDepth, checkInterval, consecutiveBreaches,
        scaleUpTriggers, blindChecks, blindLimitChecks, baselineDays, baselinePercentile, controlHours, controlPercentile, attributionMarginPct,
        allow, signals);
  }

  /** The health signals of each phase's resources, limits resolved from the policy. */
  public GuardPolicy withSignals(Map<Integer, List<HealthSignal>> byPhase) {
    return new GuardPolicy(maxErrorRatePct, maxP99RisePct, scaleUpErrorRatePct, maxP95Ms, maxQueueDepth, checkInterval, consecutiveBreaches,
        scaleUpTriggers, blindChecks, blindLimitChecks, baselineDays, baselinePercentile, controlHours, controlPercentile, attributionMarginPct,
        allowUnguarded, byPhase);
  }

  public List<HealthSignal> signals(int phase) {
    return signals.getOrDefault(phase, List.of());
  }

  Duration baselineSpan() {
    return Duration.ofDays(baselineDays > 0 ? baselineDays : LEGACY_BASELINE_DAYS);
  }

  double baselinePct() {
    return baselinePercentile > 0 ? baselinePercentile : LEGACY_BASELINE_PERCENTILE;
  }
}
