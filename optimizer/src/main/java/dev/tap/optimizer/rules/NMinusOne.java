package dev.tap.optimizer.rules;

import dev.tap.optimizer.model.Evidence;
import java.util.Locale;
import java.util.Optional;

/**
 * N-1 headroom for a node-count cut: the peak load must still fit under the backtest's ceiling
 * ({@code backtest.maxUtilisationPct}) after the fleet loses one node, or one Availability Zone's
 * share of it when the nodes are spread over {@link #AZS} zones (the blueprints' three), whichever
 * loses more. The load of the lost nodes moves to the survivors: per-node utilisation × n / (n − lost).
 */
public final class NMinusOne {
  private NMinusOne() {}

  public static final int AZS = 3;

  /** Nodes lost with one AZ when {@code n} nodes are spread evenly over {@link #AZS} zones (at least one). */
  public static int lost(int n) {
    return (int) Math.ceil(n / (double) Math.max(1, Math.min(n, AZS)));
  }

  /** Per-node utilisation of the survivors when {@code n} nodes each run at {@code perNodePct}; infinite when none survive. */
  public static double afterLoss(double perNodePct, int n) {
    int left = n - lost(n);
    return left <= 0 ? Double.POSITIVE_INFINITY : perNodePct * n / left;
  }

  /**
   * The smallest count in [{@code from}, {@code current}) whose survivors stay under {@code ceilingPct}
   * when {@code peakPct} is today's per-node peak at {@code current} nodes; empty when none does.
   */
  public static Optional<Integer> smallest(double peakPct, int current, int from, double ceilingPct) {
    for (int n = Math.max(1, from); n < current; n++) {
      if (afterLoss(peakPct * current / n, n) <= ceilingPct) return Optional.of(n);
    }
    return Optional.empty();
  }

  /** The evidence line: the survivors' peak after losing one node or AZ, against the ceiling. */
  public static Evidence evidence(Observed o, String metric, double peakPct, int current, int n, double ceilingPct) {
    return o.derived(metric + " peak after losing " + lost(n) + " of " + n + " nodes (N-1)",
        String.format(Locale.ROOT, "Maximum of the hourly series x %d/%d x %d/%d", current, n, n, n - lost(n)),
        afterLoss(peakPct * current / n, n), "<=", ceilingPct, " %");
  }
}
