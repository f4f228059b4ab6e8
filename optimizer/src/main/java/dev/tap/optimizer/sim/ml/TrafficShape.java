package dev.tap.optimizer.sim.ml;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StreamTokenizer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Invocation rate of the simulated endpoint, one value per minute (predictions/s), shaped from
 * the NASA-HTTP July-August 1995 request trace and rescaled to the target mean. The trace ships
 * inside the jar as a small derived profile ({@link #PROFILE}: requests per minute of the days
 * used, see nasa-http-1995-per-minute.md beside it), so the shape is the same on every machine.
 * The trace counts a few requests per second, so its minutes are smoothed over five minutes before
 * rescaling (raw Poisson noise would be amplified a thousand-fold). Days of the trace with the
 * August 1995 outage (near-zero hours) are skipped.
 */
public record TrafficShape(double[] perMinute, String source) {

  /** The bundled profile, a resource beside this class. */
  public static final String PROFILE = "nasa-http-1995-per-minute.txt.gz";
  /** The raw per-second trace the profile is derived from, under {@code ../shared/data}. */
  public static final String TRACE = "web_traffic/nasa_1995_per_second/workload.txt";
  static final int SECONDS_PER_DAY = 86_400;
  static final int MINUTES_PER_DAY = 1440;

  /** The first {@code days} usable days of the bundled NASA profile, rescaled to {@code meanPerSecond}, jittered from the seed. */
  public static TrafficShape load(int days, double meanPerSecond, long seed) {
    return shape(Profile.bundled(), days, meanPerSecond, seed, "per-minute profile in the jar, " + PROFILE);
  }

  /** The same shape derived from the raw per-second trace: what the bundled profile reproduces. */
  static TrafficShape fromTrace(Path trace, int days, double meanPerSecond, long seed) throws IOException {
    return shape(Profile.fromTrace(trace, days), days, meanPerSecond, seed, trace.toString());
  }

  private static TrafficShape shape(Profile profile, int days, double meanPerSecond, long seed, String from) {
    if (days > profile.days()) throw new IllegalArgumentException(days + " days of traffic asked for; the NASA profile has " + profile.days());
    double[] minutes = new double[days * MINUTES_PER_DAY];
    for (int i = 0; i < days; i++) {
      int[] day = profile.perMinute()[i];
      for (int m = 0; m < MINUTES_PER_DAY; m++) {
        // five-minute centred window, clipped to the day
        int from5 = Math.max(0, m - 2), to5 = Math.min(MINUTES_PER_DAY, m + 3);
        long s = 0;
        for (int k = from5; k < to5; k++) s += day[k];
        minutes[i * MINUTES_PER_DAY + m] = s / (double) ((to5 - from5) * 60);
      }
    }
    rescale(minutes, meanPerSecond);
    jitter(minutes, seed, 0.02);
    List<Integer> skipped = profile.skipped(days);
    return new TrafficShape(minutes, "NASA-HTTP 1995 request trace (" + from + "), days " + profile.traceDays()[0] + "-" + profile.traceDays()[days - 1]
        + " of the trace" + (skipped.isEmpty() ? "" : ", skipped outage days " + skipped) + ", 5-minute smoothed, rescaled to mean "
        + Math.round(meanPerSecond) + "/s");
  }

  public double mean() {
    return mean(perMinute);
  }

  /**
   * Requests per minute of the usable days of the trace, in order, and each one's index in the
   * trace (day 0 = the trace's first 86,400 seconds). A day is usable unless it is an outage day:
   * its mean at most 0.3 x the median day's, or an hour without a request.
   */
  record Profile(int[] traceDays, int[][] perMinute) {

    int days() {
      return traceDays.length;
    }

    /** Days of the trace before the {@code days}-th usable one that were left out. */
    List<Integer> skipped(int days) {
      List<Integer> skipped = new ArrayList<>();
      for (int d = 0, k = 0; d < traceDays[days - 1]; d++) {
        if (d == traceDays[k]) k++; else skipped.add(d);
      }
      return skipped;
    }

    /** The first {@code days} usable days of the raw per-second trace. */
    static Profile fromTrace(Path trace, int days) throws IOException {
      int[] perSecond = readCounts(trace);
      int wholeDays = perSecond.length / SECONDS_PER_DAY;
      int[][] minutes = new int[wholeDays][MINUTES_PER_DAY];
      double[] dayMeans = new double[wholeDays];
      for (int d = 0; d < wholeDays; d++) {
        long daySum = 0;
        for (int m = 0; m < MINUTES_PER_DAY; m++) {
          int s = 0;
          for (int i = 0; i < 60; i++) s += perSecond[d * SECONDS_PER_DAY + m * 60 + i];
          minutes[d][m] = s;
          daySum += s;
        }
        dayMeans[d] = daySum / (double) SECONDS_PER_DAY;
      }
      double median = median(dayMeans);
      List<Integer> kept = new ArrayList<>();
      for (int d = 0; d < wholeDays && kept.size() < days; d++) {
        if (dayMeans[d] > 0.3 * median && minHourSum(minutes[d]) > 0) kept.add(d);
      }
      if (kept.size() < days) throw new IOException("only " + kept.size() + " usable days in the trace, " + days + " needed");
      return new Profile(kept.stream().mapToInt(Integer::intValue).toArray(), kept.stream().map(d -> minutes[d]).toArray(int[][]::new));
    }

    /** The profile bundled in the jar. */
    static Profile bundled() {
      try (InputStream in = TrafficShape.class.getResourceAsStream(PROFILE)) {
        if (in == null) throw new IllegalStateException("resource " + PROFILE + " is missing beside " + TrafficShape.class.getName());
        return read(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the bundled traffic profile " + PROFILE, e);
      }
    }

    /** Gzip text: comment lines starting with #, then one line a day: its index in the trace and 1,440 counts. */
    static Profile read(InputStream gzip) throws IOException {
      BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(gzip), StandardCharsets.US_ASCII));
      List<Integer> days = new ArrayList<>();
      List<int[]> minutes = new ArrayList<>();
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] f = line.trim().split(" ");
        if (f.length != 1 + MINUTES_PER_DAY) throw new IOException("a day of the profile has " + (f.length - 1) + " minutes, not " + MINUTES_PER_DAY);
        days.add(Integer.parseInt(f[0]));
        int[] m = new int[MINUTES_PER_DAY];
        for (int i = 0; i < MINUTES_PER_DAY; i++) m[i] = Integer.parseInt(f[i + 1]);
        minutes.add(m);
      }
      return new Profile(days.stream().mapToInt(Integer::intValue).toArray(), minutes.toArray(int[][]::new));
    }

    /** Writes {@link #read}'s format, the header lines first (each prefixed with "# "); gzip without a timestamp, so the bytes repeat. */
    void write(OutputStream out, List<String> header) throws IOException {
      GZIPOutputStream gz = new GZIPOutputStream(out);
      PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(gz, StandardCharsets.US_ASCII));
      for (String h : header) w.print("# " + h + "\n");
      for (int d = 0; d < days(); d++) {
        StringBuilder b = new StringBuilder().append(traceDays[d]);
        for (int c : perMinute[d]) b.append(' ').append(c);
        w.print(b.append('\n'));
      }
      w.flush();
      gz.finish();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Profile p && Arrays.equals(traceDays, p.traceDays) && Arrays.deepEquals(perMinute, p.perMinute);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(traceDays) + Arrays.deepHashCode(perMinute);
    }

    @Override
    public String toString() {
      return "Profile[" + days() + " days: " + Arrays.toString(traceDays) + "]";
    }
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
        if (n == buf.length) buf = Arrays.copyOf(buf, n * 2);
        buf[n++] = Integer.parseInt(t.sval);
      }
      return Arrays.copyOf(buf, n);
    }
  }

  private static long minHourSum(int[] minutes) {
    long min = Long.MAX_VALUE;
    for (int h = 0; h < 24; h++) {
      long s = 0;
      for (int m = h * 60; m < h * 60 + 60; m++) s += minutes[m];
      min = Math.min(min, s);
    }
    return min;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
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
