package dev.tap.optimizer.preflight;

/**
 * A quota's value in one account and region, and where it came from: the value applied to the
 * account (GetServiceQuota), or AWS's default (GetAWSDefaultServiceQuota) when the applied one could
 * not be read, which the report says because the account may have more (or, when new, less).
 * {@code quotaCode} is the code of a quota found by its name (null otherwise).
 */
public record QuotaValue(double value, Origin origin, String why, String quotaCode) {

  public enum Origin { APPLIED, AWS_DEFAULT }

  public static QuotaValue applied(double value) {
    return new QuotaValue(value, Origin.APPLIED, null, null);
  }

  public static QuotaValue awsDefault(double value, String why) {
    return new QuotaValue(value, Origin.AWS_DEFAULT, why, null);
  }

  /** The same value, with the code of a quota found by name. */
  public QuotaValue withCode(String code) {
    return new QuotaValue(value, origin, why, code);
  }
}
