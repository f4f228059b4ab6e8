package dev.tap.optimizer.family.lambda;

/**
 * Duration after a memory change. Lambda gives a function CPU in proportion to its memory, one full
 * vCPU at 1,769 MB ("Memory and computing power", AWS Lambda Developer Guide); a single-threaded
 * function gains nothing above that. TAP has no record of a function's past memory settings
 * (CloudWatch keeps no configuration history), so it cannot fit the CPU-bound share of the
 * duration; it takes the side that cannot understate cost or concurrency: a cut is assumed wholly
 * CPU-bound (duration grows by the lost CPU share), a raise is assumed to gain no speed.
 */
public final class LambdaDuration {
  private LambdaDuration() {}

  public static final double ONE_VCPU_MB = 1769;

  /** Share of one vCPU a function gets at {@code memoryMb}, capped at 1. */
  public static double cpuShare(int memoryMb) {
    return Math.min(memoryMb, ONE_VCPU_MB) / ONE_VCPU_MB;
  }

  /** Predicted duration at {@code toMb} over the observed duration at {@code fromMb}. */
  public static double ratio(int fromMb, int toMb) {
    if (toMb >= fromMb) return 1;
    return cpuShare(fromMb) / cpuShare(toMb);
  }
}
