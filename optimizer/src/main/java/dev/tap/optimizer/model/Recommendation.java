package dev.tap.optimizer.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One recommendation as reports list it (SPEC R3): the action, whether it made the plan and why
 * not, the confidence's parts, and the O5 purchase options beside on-demand.
 *
 * @param purchaseOptionsMonthly monthly cost of the after-configuration's instances by purchase
 *     option id ({@code on-demand}, {@code reserved-1y-no-upfront}, ...); empty when not billed per instance
 */
public record Recommendation(
    int phase,
    String phaseName,
    Action action,
    String family,
    Status status,
    String statusReason,
    double coverage,
    double variability,
    boolean lowConfidence,
    Map<String, Double> purchaseOptionsMonthly) {

  public enum Status {
    /** In the plan. */
    PLANNED,
    /** Left out: its backtest predicts SLO breaches. */
    BLOCKED_BY_BACKTEST,
    /** Left out: confidence below --min-confidence. */
    BELOW_MIN_CONFIDENCE,
    /** Left out: it would cost more and adds no capacity. */
    NO_SAVINGS
  }

  public Recommendation {
    purchaseOptionsMonthly = Collections.unmodifiableMap(new TreeMap<>(purchaseOptionsMonthly));
  }

  public double annualSavings() {
    return action.monthlySavings() * 12;
  }
}
