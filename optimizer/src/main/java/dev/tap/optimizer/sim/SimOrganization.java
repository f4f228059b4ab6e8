package dev.tap.optimizer.sim;

import dev.tap.optimizer.org.AccessFailure;
import dev.tap.optimizer.org.FailureReason;
import dev.tap.optimizer.org.MemberAccount;
import dev.tap.optimizer.org.Organization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A simulated organisation of the simulated accounts, one per blueprint, each with its own account
 * id: trading is the management account (read with its own credentials), saas and staging are
 * members reached through their role. {@code refusingRole} names members whose role refuses to be
 * assumed, as AWS answers then (AccessDenied on sts:AssumeRole), so the failure path can be seen
 * offline. The simulated organisation has no OUs below its root.
 */
public final class SimOrganization implements Organization {

  /** The organisation's accounts in order: the management account first. */
  public static final Map<String, SimBlueprint> ACCOUNTS = accounts();

  /** AWS's opt-in regions (disabled until an account opts in): none is enabled in the simulated accounts. */
  public static final Set<String> OPT_IN_REGIONS = Set.of("af-south-1", "ap-east-1", "ap-south-2", "ap-southeast-3", "ap-southeast-4",
      "ap-southeast-5", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1", "me-central-1", "me-south-1",
      "mx-central-1");

  private final Set<String> refusingRole;
  private final String roleName;

  public SimOrganization(Set<String> refusingRole, String roleName) {
    for (String id : refusingRole) {
      if (!ACCOUNTS.containsKey(id)) {
        throw new IllegalArgumentException("the simulated organisation has no account " + id + "; its accounts are " + String.join(", ", ACCOUNTS.keySet()));
      }
    }
    if (refusingRole.contains(ACCOUNTS.keySet().iterator().next())) {
      throw new IllegalArgumentException("account " + ACCOUNTS.keySet().iterator().next() + " is the management account: tap reads it with its own credentials, no role");
    }
    this.refusingRole = Set.copyOf(refusingRole);
    this.roleName = roleName;
  }

  private static Map<String, SimBlueprint> accounts() {
    Map<String, SimBlueprint> m = new LinkedHashMap<>();
    m.put("111111111111", SimBlueprint.TRADING);
    m.put("222222222222", SimBlueprint.SAAS);
    m.put("333333333333", SimBlueprint.STAGING);
    return java.util.Collections.unmodifiableMap(m);
  }

  @Override
  public String managementAccount() {
    return ACCOUNTS.keySet().iterator().next();
  }

  @Override
  public List<MemberAccount> activeAccounts() {
    List<MemberAccount> out = new ArrayList<>();
    ACCOUNTS.forEach((id, b) -> out.add(new MemberAccount(id, b.id())));
    return out;
  }

  @Override
  public List<MemberAccount> activeAccountsUnder(String ouId) {
    if (!ouId.startsWith("r-")) {
      throw new IllegalArgumentException("the simulated organisation has no organisational unit " + ouId + ": it has only its root (r-sim0)");
    }
    return activeAccounts();
  }

  /**
   * The member's simulated account as its role sees it in {@code region}: a new instance per call
   * (each account-region is analysed on its own thread). Throws as AWS would for a role that
   * refuses or a region that is not enabled.
   */
  public SimAccount account(MemberAccount member, String region) {
    SimBlueprint blueprint = ACCOUNTS.get(member.id());
    if (blueprint == null) {
      throw new AccessFailure(FailureReason.ROLE_NOT_ASSUMABLE, "AccessDenied", "the simulated organisation has no account " + member.id()
          + ", so no role " + roleName + " in it", null);
    }
    if (refusingRole.contains(member.id())) {
      throw new AccessFailure(FailureReason.ROLE_NOT_ASSUMABLE, "AccessDenied", "sts:AssumeRole of arn:aws:iam::" + member.id() + ":role/" + roleName
          + " refused: AccessDenied: User: arn:aws:iam::" + managementAccount() + ":user/tap is not authorized to perform: sts:AssumeRole on resource: "
          + "arn:aws:iam::" + member.id() + ":role/" + roleName + " (simulated)", null);
    }
    if (OPT_IN_REGIONS.contains(region)) {
      throw new AccessFailure(FailureReason.REGION_NOT_ENABLED, "not-opted-in", region + " is an opt-in region the account has not opted in to (simulated)", null);
    }
    return SimAccount.of(blueprint);
  }
}
