package dev.tap.optimizer.preflight;

/**
 * One Service Quotas quota: service code, quota code (as {@code aws service-quotas} takes them) and its
 * name in the console. {@code quotaCode} is null for a limit tap knows no verified code for: with
 * {@code findByName} the account's quota list is searched for that exact name (SageMaker's per-type
 * quotas have one code per type and region list), else tap reports the usage and the need and says to
 * check the console.
 */
public record Quota(String serviceCode, String quotaCode, String name, boolean findByName) {

  public Quota(String serviceCode, String quotaCode, String name) {
    this(serviceCode, quotaCode, name, false);
  }

  public boolean hasCode() {
    return quotaCode != null;
  }

  @Override
  public String toString() {
    return name + (hasCode() ? " (" + serviceCode + " " + quotaCode + ")" : "");
  }
}
