package dev.tap.optimizer.slo;

import dev.tap.optimizer.model.Evidence;
import java.util.List;

/**
 * The service-level picture of one account over the lookback: hourly latency and error series for
 * backtests (null where no resource reported them), and the O3 thresholds already breached.
 *
 * @param source the resource the SLO series come from, or "none"
 * @param times epoch seconds of each hour of the series (null when there are none)
 */
public record SloStatus(String source, long[] times, double[] latencyP95Ms, double[] latencyP99Ms, double[] errorRatePct, List<Evidence> checked) {

  public SloStatus {
    checked = List.copyOf(checked);
  }

  public static SloStatus none() {
    return new SloStatus("none", null, null, null, null, List.of());
  }

  /** The O3 scale-back-up triggers that fired. */
  public List<Evidence> breaches() {
    return checked.stream().filter(Evidence::holds).toList();
  }

  public boolean breached() {
    return checked.stream().anyMatch(Evidence::holds);
  }
}
