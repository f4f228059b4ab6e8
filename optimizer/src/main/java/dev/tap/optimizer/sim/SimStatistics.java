package dev.tap.optimizer.sim;

import java.util.Arrays;

/**
 * CloudWatch statistics of a simulated series over a range of minutes, computed from the minute
 * values themselves, as CloudWatch computes them from the raw samples: Average, Sum, Minimum,
 * Maximum, SampleCount and percentiles {@code pNN} / {@code pNN.N} (nearest rank). Whole hours of a
 * series with a closed form are summed without walking their minutes; a percentile over whole
 * closed-form hours is found by bisection over the products level x minute-multiplier, which is
 * exact to double precision and much cheaper than sorting every minute of 90 days.
 */
final class SimStatistics {

  private double[] buffer = new double[60 * 24];
  private final double[] hour = new double[60];
  private double[] levels = new double[24];

  // hour scales of the last series read: a call asks for several statistics of one metric in a
  // row (window Average, Maximum, p95, hourly Average), which then share one evaluation per hour
  private SimSeries cached;
  private long cacheBase;
  private double[] cache = new double[0];
  // cache[i] holds an hour of the current series when known[i] == generation: a new series takes
  // a new generation instead of clearing 11,000 flags (that clearing was 3 % of the simulation)
  private int[] known = new int[0];
  private int generation;

  /** Forget cached hours (configurations may have changed since the last call). */
  void clearCache() {
    cached = null;
  }

  private double hourScale(SimSeries s, long h) {
    if (s != cached || h < cacheBase || h >= cacheBase + cache.length) {
      if (s != cached) {
        cached = s;
        cacheBase = h;
        if (cache.length == 0) {
          cache = new double[11_000];
          known = new int[11_000];
        }
        if (++generation == 0) { // wrapped after 4 billion series: start the flags again
          java.util.Arrays.fill(known, 0);
          generation = 1;
        }
      }
      if (h < cacheBase || h >= cacheBase + cache.length) return s.hourScale(h);
    }
    int i = (int) (h - cacheBase);
    if (known[i] != generation) {
      cache[i] = s.hourScale(h);
      known[i] = generation;
    }
    return cache[i];
  }

  /** True for the statistics CloudWatch's GetMetricData accepts that the simulation serves. */
  static boolean supported(String stat) {
    return switch (stat) {
      case "Average", "Sum", "Minimum", "Maximum", "SampleCount" -> true;
      default -> percentile(stat) > 0;
    };
  }

  static double percentile(String stat) {
    return dev.tap.optimizer.metrics.MetricSpec.percentile(stat);
  }

  /** The statistic over epoch minutes [from, to), or NaN when no minute in it has a datapoint. */
  double compute(SimSeries s, String stat, long from, long to) {
    return compute(s, stat, percentile(stat), from, to);
  }

  /** As {@link #compute(SimSeries, String, long, long)}, {@code p} being {@code percentile(stat)} (a series' loop parses it once, not per datapoint). */
  double compute(SimSeries s, String stat, double p, long from, long to) {
    if (to <= from) return Double.NaN;
    return p > 0 ? percentile(s, stat, p, from, to) : summary(s, stat, from, to);
  }

  private double summary(SimSeries s, String stat, long from, long to) {
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long count = 0;
    double samples = 0;
    MinuteSpread spread = s.spread();
    long h0 = Math.floorDiv(from, 60);
    long h1 = Math.floorDiv(to - 1, 60);
    for (long h = h0; h <= h1; h++) {
      long hs = h * 60;
      int m0 = (int) Math.max(0, from - hs);
      int m1 = (int) Math.min(60, to - hs);
      double a = m0 == 0 && m1 == 60 && spread != null ? hourScale(s, h) : Double.NaN;
      if (!Double.isNaN(a)) {
        sum += 60 * a;
        count += 60;
        samples += s.unitsPerSample > 0 ? 60 * a / s.unitsPerSample : 60;
        min = Math.min(min, a * spread.min());
        max = Math.max(max, a * spread.max());
        continue;
      }
      s.fillHour(h, stat, hour, false);
      for (int m = m0; m < m1; m++) {
        double v = hour[m];
        if (Double.isNaN(v)) continue;
        if (s.unitsPerSample > 0 && v == 0) continue; // no request, no sample
        sum += v;
        count++;
        samples += s.unitsPerSample > 0 ? v / s.unitsPerSample : 1;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    if (count == 0) return Double.NaN;
    return switch (stat) {
      case "Sum" -> sum;
      case "Minimum" -> min;
      case "Maximum" -> max;
      case "SampleCount" -> samples;
      case "Average" -> s.unitsPerSample > 0 ? sum / samples : sum / count;
      default -> throw new IllegalArgumentException("unsupported statistic " + stat);
    };
  }

  private double percentile(SimSeries s, String stat, double p, long from, long to) {
    MinuteSpread spread = s.spread();
    long h0 = Math.floorDiv(from, 60);
    long h1 = Math.floorDiv(to - 1, 60);
    int hours = (int) (h1 - h0 + 1);
    if (levels.length < hours) levels = new double[hours];
    int nl = 0; // whole hours in closed form: their minutes are levels[i] x spread
    int n = 0; // other minutes, explicitly
    for (long h = h0; h <= h1; h++) {
      long hs = h * 60;
      int m0 = (int) Math.max(0, from - hs);
      int m1 = (int) Math.min(60, to - hs);
      double a = m0 == 0 && m1 == 60 && spread != null ? hourScale(s, h) : Double.NaN;
      if (!Double.isNaN(a)) {
        levels[nl++] = a;
        continue;
      }
      s.fillHour(h, stat, hour, false);
      if (buffer.length < n + 60) buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, n + 60));
      for (int m = m0; m < m1; m++) if (!Double.isNaN(hour[m])) buffer[n++] = hour[m];
    }
    if (nl == 0) {
      if (n == 0) return Double.NaN;
      return select(buffer, n, rank(p, n) - 1);
    }
    return mixedPercentileUnsorted(levels, nl, spread.sorted, buffer, n, p);
  }

  /** Nearest rank, 1-based: the smallest value with at least p % of the samples at or below it. */
  static int rank(double p, long n) {
    return (int) Math.max(1, Math.min(n, (long) Math.ceil(p / 100.0 * n - 1e-9)));
  }

  /** The k-th smallest (0-based) of a[0..n) by quickselect; reorders a. */
  static double select(double[] a, int n, int k) {
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      double pivot = a[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) {
          double t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else return a[k];
    }
    return a[k];
  }

  /** The p-th percentile (nearest rank) of the multiset {levels[h] * c[k]}. */
  static double productPercentile(double[] levels, int hours, double[] c, double p) {
    return mixedPercentile(levels, hours, c, new double[0], 0, p);
  }

  /**
   * The p-th percentile (nearest rank) of the multiset {levels[h] * c[k]} plus the explicit values
   * {@code extra[0..ne)} (sorted): bisection on the value, counting products with a two-pointer
   * walk (levels sorted ascending, c ascending) and explicit values by binary search; exact to
   * double precision in O((H + 60) log) per query instead of sorting 60 H values.
   */
  static double mixedPercentile(double[] levelsIn, int hours, double[] c, double[] extra, int ne, double p) {
    double[] a = Arrays.copyOf(levelsIn, hours);
    Arrays.sort(a);
    long n = (long) hours * c.length + ne;
    long r = rank(p, n);
    double lo = a[0] * c[0];
    double hi = a[hours - 1] * c[c.length - 1];
    if (ne > 0) {
      lo = Math.min(lo, extra[0]);
      hi = Math.max(hi, extra[ne - 1]);
    }
    if (count(a, c, lo) + upper(extra, ne, lo) >= r) return lo;
    for (int it = 0; it < 200 && hi - lo > Math.ulp(hi) * 2; it++) {
      double mid = lo + (hi - lo) / 2;
      if (count(a, c, mid) + upper(extra, ne, mid) >= r) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  /**
   * {@link #mixedPercentile} with {@code extra[0..ne)} in any order (reordered here): the same
   * bisection, step for step, so the same result to the bit, but the explicit values are not
   * sorted. They are partitioned as the bisection narrows: values at or below {@code lo} are only
   * counted, values above {@code hi} can no longer count, and only those between are scanned at the
   * next step. Sorting up to 129,600 minutes of a 90-day window was a fifth of the simulated
   * CloudWatch's time when many hours are walked minute by minute (capped, resized).
   */
  static double mixedPercentileUnsorted(double[] levelsIn, int hours, double[] c, double[] extra, int ne, double p) {
    double[] a = Arrays.copyOf(levelsIn, hours);
    Arrays.sort(a);
    long n = (long) hours * c.length + ne;
    long r = rank(p, n);
    double lo = a[0] * c[0];
    double hi = a[hours - 1] * c[c.length - 1];
    if (ne > 0) {
      // the smallest and largest as Arrays.sort orders them (-0.0 before 0.0), as mixedPercentile reads them
      double min = extra[0];
      double max = extra[0];
      for (int i = 1; i < ne; i++) {
        if (Double.compare(extra[i], min) < 0) min = extra[i];
        if (Double.compare(extra[i], max) > 0) max = extra[i];
      }
      lo = Math.min(lo, min);
      hi = Math.max(hi, max);
    }
    // extra[0..k) holds the values in (lo, hi]; below counts those at or below lo
    int k = partition(extra, 0, ne, lo);
    long below = k;
    System.arraycopy(extra, k, extra, 0, ne - k);
    k = ne - k;
    if (count(a, c, lo) + below >= r) return lo;
    for (int it = 0; it < 200 && hi - lo > Math.ulp(hi) * 2; it++) {
      double mid = lo + (hi - lo) / 2;
      int atOrBelow = partition(extra, 0, k, mid);
      if (count(a, c, mid) + below + atOrBelow >= r) {
        hi = mid;
        k = atOrBelow; // those above mid are above hi now
      } else {
        lo = mid;
        below += atOrBelow;
        System.arraycopy(extra, atOrBelow, extra, 0, k - atOrBelow);
        k -= atOrBelow;
      }
    }
    return hi;
  }

  /** Reorders e[from..to) so the values at most x come first; returns how many they are. */
  private static int partition(double[] e, int from, int to, double x) {
    int i = from;
    for (int j = from; j < to; j++) {
      if (e[j] <= x) {
        double t = e[i];
        e[i] = e[j];
        e[j] = t;
        i++;
      }
    }
    return i - from;
  }

  /** How many of sorted e[0..n) are at most x. */
  private static int upper(double[] e, int n, double x) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (e[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static long count(double[] a, double[] c, double x) {
    long cnt = 0;
    int j = a.length - 1;
    for (double ck : c) {
      double y = x / ck;
      while (j >= 0 && a[j] > y) j--;
      if (j < 0) break;
      cnt += j + 1;
    }
    return cnt;
  }
}
