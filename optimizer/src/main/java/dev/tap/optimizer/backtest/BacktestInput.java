package dev.tap.optimizer.backtest;

import dev.tap.optimizer.rules.Load;
import java.util.List;

/**
 * The hourly history one backtest replays: each load's observed series (aligned hour by hour with
 * the latency and error series), and the SLO series when the resource or its service has them.
 *
 * @param loadSeries one array per load, same order as {@code loads}: the hour's peak minute where
 *     fetched, judged against the utilisation ceiling
 * @param latencyDriverPct the first load's hourly p95 (the hour's p95 minute, the resolution of the
 *     hourly latency p95 it is fitted against), or null to fall back to {@code loadSeries.get(0)}
 * @param latencyP95Ms hourly latency p95 in ms, or null
 * @param latencyP99Ms hourly latency p99 in ms, or null
 * @param errorRatePct hourly error rate in percent, or null
 * @param service whose SLO the latency series measure, as a phrase ("the trading service")
 * @param othersBusiestPct hourly p95 utilisation of the busiest other tier of the service, or null
 *     when the resource's own utilisation is taken to drive latency
 * @param statedP95Ms the service's latency p95 over all datapoints of the lookback, as the SLO check
 *     states it, or NaN when unknown (then the p95 of the hourly p95s is stated)
 */
public record BacktestInput(
    int days, List<Load> loads, List<double[]> loadSeries, double[] latencyDriverPct, double[] latencyP95Ms, double[] latencyP99Ms,
    double[] errorRatePct, String service, double[] othersBusiestPct, double statedP95Ms) {

  public BacktestInput {
    loads = List.copyOf(loads);
    loadSeries = List.copyOf(loadSeries);
    if (loads.size() != loadSeries.size()) throw new IllegalArgumentException(loads.size() + " loads but " + loadSeries.size() + " series");
  }
}
