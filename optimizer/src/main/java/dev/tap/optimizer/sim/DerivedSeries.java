package dev.tap.optimizer.sim;

import java.util.Map;

/**
 * A metric computed minute by minute from other simulated metrics (raw, uncapped) and the owner's
 * configuration: SLO latency from utilisation through the queueing model, errors from
 * saturation, replica lag from reader CPU. No closed form: readers walk its minutes.
 */
final class DerivedSeries extends SimSeries {

  @FunctionalInterface
  interface Formula {
    /** NaN for "no datapoint this minute". */
    double apply(double[] sources, Map<String, String> config, String stat);
  }

  private final SimResource owner;
  private final SimSeries[] sources;
  private final Formula formula;

  DerivedSeries(SimResource owner, SimSeries[] sources, Formula formula, double unitsPerSample) {
    super(unitsPerSample);
    this.owner = owner;
    this.sources = sources;
    this.formula = formula;
  }

  @Override
  void fillHour(long h, String stat, double[] out, boolean raw) {
    double[][] src = new double[sources.length][60];
    for (int i = 0; i < sources.length; i++) sources[i].fillHour(h, stat, src[i], true);
    double[] at = new double[sources.length];
    for (int m = 0; m < 60; m++) {
      for (int i = 0; i < sources.length; i++) at[i] = src[i][m];
      out[m] = formula.apply(at, owner.config(owner.versionAt(h * 60 + m)), stat);
    }
  }
}
