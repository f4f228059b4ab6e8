package dev.tap.optimizer.org;

/** One unit of the fan-out: an account in a region. */
public record AccountRegion(MemberAccount account, String region) {

  @Override
  public String toString() {
    return account.id() + " " + region;
  }
}
