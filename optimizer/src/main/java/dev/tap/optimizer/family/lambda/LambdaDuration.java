package dev.tap.optimizer.family.lambda;

import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.ResourceMetrics;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Duration after a memory change. Lambda gives a function CPU in proportion to its memory: one
 * vCPU at 1,769 MB, more above it, up to 6 at 10,240 MB ("Memory and computing power", AWS Lambda
 * Developer Guide). Below one vCPU every function slows as memory shrinks; above it only the
 * threads that run in parallel gain (Amdahl). A function's duration is modelled as
 *
 * <pre>d(m) = (1 - b) + b × ((1 - p) / min(c(m), 1) + p / c(m)),   c(m) = m / 1769 vCPUs</pre>
 *
 * with b the CPU-bound share and p the parallel fraction of its CPU work, folded into one
 * <em>sensitivity</em> k in [0, 2] (k ≤ 1: b = k, p = 0; k > 1: b = 1, p = k − 1), along which a cut's
 * slowdown only grows. What TAP knows about k is an interval: fitted from the hours at two memory
 * sizes (Lambda Insights {@code total_memory}, the configured size) against their {@code Duration},
 * or [0, 2] without such history. A prediction takes the interval's safe end: its top for a cut (an
 * unknown function is taken as wholly CPU-bound and fully parallel, so duration grows in proportion
 * to the memory lost), its bottom for a raise (no speed-up), so cost and concurrency are never
 * understated.
 */
public final class LambdaDuration {
  private LambdaDuration() {}

  public static final double ONE_VCPU_MB = 1769;
  /** Hours at a memory size before its mean duration counts as history. */
  static final int MIN_HOURS_PER_SIZE = 24;
  /** Relative tolerance within which a sensitivity explains the measured slowdown. */
  static final double FIT_TOLERANCE = 0.02;
  private static final int GRID = 2000;

  /** vCPUs a function gets at {@code memoryMb} (a share below one). */
  public static double vcpus(int memoryMb) {
    return memoryMb / ONE_VCPU_MB;
  }

  /** Share of one vCPU at {@code memoryMb}, capped at 1 (what a single thread can use). */
  public static double cpuShare(int memoryMb) {
    return Math.min(memoryMb, ONE_VCPU_MB) / ONE_VCPU_MB;
  }

  /** Relative duration at {@code memoryMb} for sensitivity {@code k}. */
  static double relative(double k, int memoryMb) {
    double b = Math.min(k, 1);
    double p = Math.max(0, k - 1);
    return (1 - b) + b * ((1 - p) / cpuShare(memoryMb) + p / vcpus(memoryMb));
  }

  /**
   * What is known of a function's sensitivity: {@code [low, high]} within [0, 2], and how it was
   * learnt (for the evidence).
   */
  public record Sensitivity(double low, double high, String basis) {
    public static final Sensitivity UNKNOWN = new Sensitivity(0, 2,
        "no hours at another memory size: a cut is taken as wholly CPU-bound and fully parallel (duration in proportion to memory), "
            + "a raise as gaining no speed");

    /** Learnt from history, not assumed. */
    public boolean fitted() {
      return low > 0 || high < 2;
    }

    /** Predicted duration at {@code toMb} over the duration at {@code fromMb}, from the safe end of the interval. */
    public double ratio(int fromMb, int toMb) {
      if (toMb == fromMb) return 1;
      double k = toMb < fromMb ? high : low;
      return relative(k, toMb) / relative(k, fromMb);
    }
  }

  /** The ratio for a function of unknown sensitivity. */
  public static double ratio(int fromMb, int toMb) {
    return Sensitivity.UNKNOWN.ratio(fromMb, toMb);
  }

  /** The sensitivities that explain {@code slowdown} = duration at {@code smallMb} / duration at {@code largeMb}. */
  public static Optional<Sensitivity> fit(int smallMb, double durationSmall, int largeMb, double durationLarge) {
    if (smallMb >= largeMb || !(durationSmall > 0) || !(durationLarge > 0)) return Optional.empty();
    double slowdown = durationSmall / durationLarge;
    double lo = Double.NaN;
    double hi = Double.NaN;
    for (int i = 0; i <= GRID; i++) {
      double k = 2.0 * i / GRID;
      double s = relative(k, smallMb) / relative(k, largeMb);
      if (Math.abs(s - slowdown) <= FIT_TOLERANCE * slowdown) {
        if (Double.isNaN(lo)) lo = k;
        hi = k;
      }
    }
    String measured = String.format(Locale.ROOT, "duration at %d MB %.4g ms, at %d MB %.4g ms (x%.3g)", smallMb, durationSmall, largeMb, durationLarge,
        slowdown);
    if (Double.isNaN(lo)) {
      // Slower than even a wholly CPU-bound, fully parallel function: take the safe end for both ways.
      if (slowdown > relative(2, smallMb) / relative(2, largeMb)) {
        return Optional.of(new Sensitivity(2, 2, measured + ", more than CPU alone explains: taken as fully parallel"));
      }
      return Optional.empty(); // faster at less memory: another workload, not a memory effect
    }
    return Optional.of(new Sensitivity(lo, hi, String.format(Locale.ROOT, "fitted from history: %s, CPU-bound share %.2f..%.2f, parallel fraction "
        + "%.2f..%.2f (same work per invocation assumed)", measured, Math.min(lo, 1), Math.min(hi, 1), Math.max(0, lo - 1), Math.max(0, hi - 1))));
  }

  /**
   * The sensitivity learnt from the window's hourly configured memory ({@code total_memory}
   * Maximum) and {@code Duration} Average, weighted by {@code Invocations} where fetched: the
   * current size against the other size with the most hours. Unknown without such history.
   */
  public static Sensitivity of(ResourceMetrics m, int currentMb) {
    Optional<MetricSeries> memory = m.hourly(LambdaMetrics.TOTAL_MEMORY, "Maximum");
    Optional<MetricSeries> duration = m.hourly(LambdaMetrics.DURATION, "Average");
    if (memory.isEmpty() || duration.isEmpty()) return Sensitivity.UNKNOWN;
    Map<Long, Double> weights = new TreeMap<>();
    m.hourly(LambdaMetrics.INVOCATIONS, "Sum").ifPresent(s -> {
      for (int i = 0; i < s.size(); i++) weights.put(s.times()[i], s.values()[i]);
    });
    Map<Long, Double> durations = new TreeMap<>();
    for (int i = 0; i < duration.get().size(); i++) durations.put(duration.get().times()[i], duration.get().values()[i]);
    // memory size -> {hours, weighted duration sum, weight sum}
    Map<Integer, double[]> bySize = new TreeMap<>();
    MetricSeries mem = memory.get();
    for (int i = 0; i < mem.size(); i++) {
      Double d = durations.get(mem.times()[i]);
      double w = weights.isEmpty() ? 1 : weights.getOrDefault(mem.times()[i], 0.0);
      if (d == null || Double.isNaN(d) || Double.isNaN(mem.values()[i]) || w <= 0) continue;
      double[] acc = bySize.computeIfAbsent((int) Math.round(mem.values()[i]), x -> new double[3]);
      acc[0]++;
      acc[1] += d * w;
      acc[2] += w;
    }
    double[] now = bySize.get(currentMb);
    if (now == null || now[0] < MIN_HOURS_PER_SIZE) return Sensitivity.UNKNOWN;
    int other = -1;
    for (Map.Entry<Integer, double[]> e : bySize.entrySet()) {
      if (e.getKey() != currentMb && e.getValue()[0] >= MIN_HOURS_PER_SIZE && (other < 0 || e.getValue()[0] > bySize.get(other)[0])) other = e.getKey();
    }
    if (other < 0) return Sensitivity.UNKNOWN;
    double dNow = now[1] / now[2];
    double dOther = bySize.get(other)[1] / bySize.get(other)[2];
    int small = Math.min(currentMb, other);
    int large = Math.max(currentMb, other);
    double dSmall = currentMb < other ? dNow : dOther;
    double dLarge = currentMb < other ? dOther : dNow;
    return fit(small, dSmall, large, dLarge).orElse(new Sensitivity(0, 2, String.format(Locale.ROOT,
        "history does not show a memory effect (duration %.4g ms at %d MB, %.4g ms at %d MB: another workload?), so taken as unknown: "
            + "a cut as wholly CPU-bound and fully parallel, a raise as gaining no speed", dSmall, small, dLarge, large)));
  }
}
