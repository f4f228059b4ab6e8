package dev.tap.optimizer.sim.ml;

import java.io.IOException;
import java.io.Reader;
import java.io.StreamTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Invocation rate of the simulated endpoint, one value per minute (predictions/s), shaped from
 * the NASA-HTTP July-August 1995 request trace (../shared/data/web_traffic) and rescaled to the
 * target mean. The trace counts a few requests per second, so its minutes are smoothed over five
 * minutes before rescaling (raw Poisson noise would be amplified a thousand-fold). Days of the
 * trace with the August 1995 outage (near-zero hours) are skipped. When the trace is absent a
 * seeded diurnal generator stands in, and {@link #source()} says so.
 */
public record TrafficShape(double[] perMinute, String source) {

  public static final String TRACE = "web_traffic/nasa_1995_per_second/workload.txt";
  static final int SECONDS_PER_DAY = 86_400;

  public static TrafficShape load(Path dataDir, int days, double meanPerSecond, long seed) {
    Path trace = dataDir == null ? null : dataDir.resolve(TRACE);
    if (trace != null && Files.isReadable(trace)) {
      try {
        return fromTrace(trace, days, meanPerSecond, seed);
      } catch (IOException e) {
        return diurnal(days, meanPerSecond, seed, "seeded diurnal generator (could not read " + trace + ": " + e.getMessage() + ")");
      }
    }
    return diurnal(days, meanPerSecond, seed,
        "seeded diurnal generator (" + (trace == null ? "no data directory" : trace + " not found") + ")");
  }

  static TrafficShape fromTrace(Path trace, int days, double meanPerSecond, long seed) throws IOException {
    int[] perSecond = readCounts(trace);
    int wholeDays = perSecond.length / SECONDS_PER_DAY;
    double[] dayMeans = new double[wholeDays];
    for (int d = 0; d < wholeDays; d++) dayMeans[d] = mean(perSecond, d * SECONDS_PER_DAY, SECONDS_PER_DAY);
    double median = median(dayMeans);
    List<Integer> kept = new ArrayList<>();
    List<Integer> skipped = new ArrayList<>();
    for (int d = 0; d < wholeDays && kept.size() < days; d++) {
      if (dayMeans[d] > 0.3 * median && minHourMean(perSecond, d) > 0) kept.add(d); else skipped.add(d);
    }
    if (kept.size() < days) throw new IOException("only " + kept.size() + " usable days in the trace, " + days + " needed");
    double[] minutes = new double[days * 1440];
    for (int i = 0; i < days; i++) {
      int base = kept.get(i) * SECONDS_PER_DAY;
      for (int m = 0; m < 1440; m++) {
        // five-minute centred window, clipped to the day
        int from = Math.max(0, m * 60 - 120), to = Math.min(SECONDS_PER_DAY, m * 60 + 180);
        minutes[i * 1440 + m] = mean(perSecond, base + from, to - from);
      }
    }
    rescale(minutes, meanPerSecond);
    jitter(minutes, seed, 0.02);
    return new TrafficShape(minutes, "NASA-HTTP 1995 request trace (" + trace + "), days " + kept.get(0) + "-" + kept.get(days - 1)
        + " of the trace" + (skipped.isEmpty() ? "" : ", skipped outage days " + skipped) + ", 5-minute smoothed, rescaled to mean "
        + Math.round(meanPerSecond) + "/s");
  }

  /** Business-day cycle with a quieter weekend and one launch-day spike, when no trace is at hand. */
  static TrafficShape diurnal(int days, double meanPerSecond, long seed, String why) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] minutes = new double[days * 1440];
    int spikeDay = rnd.nextInt(Math.max(1, days));
    for (int i = 0; i < minutes.length; i++) {
      int day = i / 1440;
      double hour = (i % 1440) / 60.0;
      double daily = Math.max(0.05, 1 + 0.9 * Math.sin((hour - 8) / 24 * 2 * Math.PI));
      double weekly = day % 7 >= 5 ? 0.6 : 1.0;
      double spike = day == spikeDay && hour >= 13 && hour < 17 ? 2.5 : 1.0;
      minutes[i] = daily * weekly * spike;
    }
    rescale(minutes, meanPerSecond);
    jitter(minutes, seed + 1, 0.05);
    return new TrafficShape(minutes, why);
  }

  public double mean() {
    return mean(perMinute);
  }

  private static int[] readCounts(Path trace) throws IOException {
    try (Reader r = Files.newBufferedReader(trace)) {
      StreamTokenizer t = new StreamTokenizer(r);
      t.resetSyntax();
      t.wordChars('0', '9');
      t.whitespaceChars(0, ' ');
      int[] buf = new int[1 << 20];
      int n = 0;
      while (t.nextToken() != StreamTokenizer.TT_EOF) {
        if (n == buf.length) buf = java.util.Arrays.copyOf(buf, n * 2);
        buf[n++] = Integer.parseInt(t.sval);
      }
      return java.util.Arrays.copyOf(buf, n);
    }
  }

  private static double minHourMean(int[] perSecond, int day) {
    double min = Double.MAX_VALUE;
    for (int h = 0; h < 24; h++) min = Math.min(min, mean(perSecond, day * SECONDS_PER_DAY + h * 3600, 3600));
    return min;
  }

  private static double mean(int[] v, int from, int len) {
    long s = 0;
    for (int i = from; i < from + len; i++) s += v[i];
    return s / (double) len;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    java.util.Arrays.sort(c);
    return c[c.length / 2];
  }

  private static void rescale(double[] v, double targetMean) {
    double f = targetMean / mean(v);
    for (int i = 0; i < v.length; i++) v[i] *= f;
  }

  private static void jitter(double[] v, long seed, double sd) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < v.length; i++) v[i] = Math.max(0, v[i] * (1 + sd * gaussian(rnd)));
  }

  static double gaussian(SplittableRandom rnd) {
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }
}
