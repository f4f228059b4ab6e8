package dev.tap.optimizer.family.sagemaker;

/**
 * The A/B decision rule: one-sided non-inferiority of the candidate's accuracy against a margin,
 * with the sample size per arm fixed in advance for the given power (no peeking).
 * n = (z_{1-alpha} + z_{power})^2 * 2 p (1 - p) / margin^2, p the current accuracy.
 */
public final class AbTest {
  private AbTest() {}

  public enum Decision { PROMOTE, ROLL_BACK }

  public record Outcome(double currentAccuracy, double candidateAccuracy, double differencePp, double lowerBoundPp,
      double marginPp, long perArm, Decision decision) {}

  public static long sampleSizePerArm(double accuracy, double marginPp, double alpha, double power) {
    double m = marginPp / 100;
    double z = Normal.quantile(1 - alpha) + Normal.quantile(power);
    return (long) Math.ceil(z * z * 2 * accuracy * (1 - accuracy) / (m * m));
  }

  /** Promote when the one-sided (1 - alpha) lower bound of candidate - current accuracy is above -margin. */
  public static Outcome decide(long aCorrect, long aTotal, long bCorrect, long bTotal, double marginPp, double alpha) {
    double pa = aCorrect / (double) aTotal, pb = bCorrect / (double) bTotal;
    double se = Math.sqrt(pa * (1 - pa) / aTotal + pb * (1 - pb) / bTotal);
    double lower = (pb - pa) - Normal.quantile(1 - alpha) * se;
    return new Outcome(pa, pb, 100 * (pb - pa), 100 * lower, marginPp, Math.min(aTotal, bTotal),
        lower > -marginPp / 100 ? Decision.PROMOTE : Decision.ROLL_BACK);
  }

  /** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
  static final class Normal {
    static double quantile(double p) {
      if (p <= 0 || p >= 1) throw new IllegalArgumentException("probability must be in (0,1): " + p);
      double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
      double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
      double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
      double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
      double q, r;
      if (p < 0.02425) {
        q = Math.sqrt(-2 * Math.log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
      }
      if (p > 1 - 0.02425) return -quantile(1 - p);
      q = p - 0.5;
      r = q * q;
      return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
  }
}
