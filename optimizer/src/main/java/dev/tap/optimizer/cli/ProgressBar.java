package dev.tap.optimizer.cli;

import dev.tap.optimizer.metrics.FetchProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar for metric fetching, redrawn in place on a terminal. Where the output is
 * not a terminal (pipes, CI logs, tests) nothing is drawn.
 */
final class ProgressBar implements FetchProgress {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private int lastPercent = -1;

  private ProgressBar(PrintWriter err) {
    this.err = err;
  }

  static FetchProgress forTerminal(PrintWriter err) {
    return System.console() == null ? FetchProgress.NONE : new ProgressBar(err);
  }

  @Override
  public void onCall(int done, int planned, long datapoints) {
    int percent = planned == 0 ? 100 : (int) Math.min(100, 100L * done / planned);
    if (percent == lastPercent && done < planned) return;
    lastPercent = percent;
    int filled = percent * WIDTH / 100;
    err.print(String.format(Locale.ROOT, "\rFetching metrics [%s%s] %3d %%  %d/%d GetMetricData calls, %,d datapoints",
        "#".repeat(filled), " ".repeat(WIDTH - filled), percent, done, planned, datapoints));
    if (done >= planned) err.println();
    err.flush();
  }
}
