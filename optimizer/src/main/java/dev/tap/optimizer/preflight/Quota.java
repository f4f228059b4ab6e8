package dev.tap.optimizer.preflight;

/**
 * One Service Quotas quota: service code, quota code (as {@code aws service-quotas} takes them) and its
 * name in the console. {@code quotaCode} is null for a limit tap knows no verified code for (it then
 * reports the usage and the need, and says to check the console).
 */
public record Quota(String serviceCode, String quotaCode, String name) {

  public boolean hasCode() {
    return quotaCode != null;
  }

  @Override
  public String toString() {
    return name + (hasCode() ? " (" + serviceCode + " " + quotaCode + ")" : "");
  }
}
