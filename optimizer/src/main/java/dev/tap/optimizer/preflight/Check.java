package dev.tap.optimizer.preflight;

/**
 * One demand against the account: the quota's value (null when unknown) and what is already in use.
 * It fits when in use + needed + headroom is at most the quota; a peak above the quota is a warning
 * (the stack deploys, the group cannot scale to its maximum).
 */
public record Check(Demand demand, QuotaValue limit, int inUse) {

  public enum Result { FITS, FITS_BELOW_PEAK, SHORT, UNKNOWN }

  public int total() {
    return inUse + demand.needed() + demand.headroom();
  }

  public int peakTotal() {
    return inUse + demand.peak() + demand.headroom();
  }

  public Result result() {
    if (limit == null) return Result.UNKNOWN;
    if (total() > limit.value()) return Result.SHORT;
    if (peakTotal() > limit.value()) return Result.FITS_BELOW_PEAK;
    return Result.FITS;
  }

  /** How much the quota lacks for the stack to be created (0 when it fits or is unknown). */
  public int shortBy() {
    return result() == Result.SHORT ? (int) Math.ceil(total() - limit.value()) : 0;
  }

  /** What the quota must be for everything, the peak included. */
  public int desiredValue() {
    return peakTotal();
  }

  /** The quota's code: the known one, else the one found by its name (null when neither). */
  public String quotaCode() {
    return demand.quota().hasCode() ? demand.quota().quotaCode() : limit == null ? null : limit.quotaCode();
  }

  /** The increase request, for a result other than FITS on a quota with a code; null otherwise. */
  public String requestLine(String region) {
    Result r = result();
    if (quotaCode() == null || r == Result.FITS || r == Result.UNKNOWN) return null;
    return "aws service-quotas request-service-quota-increase --service-code " + demand.quota().serviceCode() + " --quota-code "
        + quotaCode() + " --desired-value " + desiredValue() + " --region " + region;
  }
}
