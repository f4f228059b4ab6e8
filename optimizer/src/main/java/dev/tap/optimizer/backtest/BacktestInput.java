package dev.tap.optimizer.backtest;

import dev.tap.optimizer.rules.Load;
import java.util.List;

/**
 * The hourly history one backtest replays: each load's observed series (aligned hour by hour with
 * the latency and error series), and the SLO series when the resource or its service has them.
 *
 * @param loadSeries one array per load, same order as {@code loads}
 * @param latencyP95Ms hourly latency p95 in ms, or null
 * @param latencyP99Ms hourly latency p99 in ms, or null
 * @param errorRatePct hourly error rate in percent, or null
 * @param latencySource where the latency series come from (the resource itself or its service)
 * @param othersBusiestPct hourly utilisation of the busiest other tier of the service, or null
 *     when the resource's own utilisation is taken to drive latency
 */
public record BacktestInput(
    int days, List<Load> loads, List<double[]> loadSeries, double[] latencyP95Ms, double[] latencyP99Ms,
    double[] errorRatePct, String latencySource, double[] othersBusiestPct) {

  public BacktestInput {
    loads = List.copyOf(loads);
    loadSeries = List.copyOf(loadSeries);
    if (loads.size() != loadSeries.size()) throw new IllegalArgumentException(loads.size() + " loads but " + loadSeries.size() + " series");
  }
}
