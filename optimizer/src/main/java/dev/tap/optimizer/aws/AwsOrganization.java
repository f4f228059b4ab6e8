package dev.tap.optimizer.aws;

import dev.tap.optimizer.org.AccessFailure;
import dev.tap.optimizer.org.Failures;
import dev.tap.optimizer.org.MemberAccount;
import dev.tap.optimizer.org.Organization;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountStatus;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * {@code tap org} on AWS: the organisation's ACTIVE accounts from AWS Organizations (every page;
 * under an OU, its child OUs too) and, per member account, clients holding the member role's
 * credentials (STS AssumeRole with the external id, refreshed before they expire). The management
 * account tap runs in is read with its own credentials. A refusal is an {@link AccessFailure}
 * classified by {@link Failures}.
 */
public final class AwsOrganization implements Organization {

  private final AwsClients aws;
  private final String roleName;
  private final String externalId;
  private final String sessionName;

  /** {@code sessionName} shows in the member accounts' CloudTrail: it names tap and the command ({@code tap-org-analyze}). */
  public AwsOrganization(AwsClients aws, String roleName, String externalId, String sessionName) {
    this.aws = aws;
    this.roleName = roleName;
    this.externalId = externalId;
    this.sessionName = sessionName;
  }

  @Override
  public String managementAccount() {
    return aws.callerIdentity().account();
  }

  /** The partition of the caller's ARN ({@code aws}, {@code aws-cn}, {@code aws-us-gov}): member role ARNs are in the same one. */
  String partition() {
    return aws.callerIdentity().arn().split(":")[1];
  }

  @Override
  public List<MemberAccount> activeAccounts() {
    String region = aws.defaultRegion();
    return aws.call("organizations:ListAccounts", region, () -> active(aws.organizations().listAccountsPaginator(r -> {}).stream().flatMap(p -> p.accounts().stream()).toList()));
  }

  @Override
  public List<MemberAccount> activeAccountsUnder(String ouId) {
    String region = aws.defaultRegion();
    List<MemberAccount> out = new ArrayList<>();
    Deque<String> parents = new ArrayDeque<>(List.of(ouId));
    while (!parents.isEmpty()) {
      String parent = parents.pop();
      out.addAll(aws.call("organizations:ListAccountsForParent", region,
          () -> active(aws.organizations().listAccountsForParentPaginator(r -> r.parentId(parent)).stream().flatMap(p -> p.accounts().stream()).toList())));
      aws.call("organizations:ListOrganizationalUnitsForParent", region,
          () -> aws.organizations().listOrganizationalUnitsForParentPaginator(r -> r.parentId(parent)).stream().flatMap(p -> p.organizationalUnits().stream()).toList()).forEach(ou -> parents.add(ou.id()));
    }
    return out;
  }

  private static List<MemberAccount> active(Iterable<Account> accounts) {
    List<MemberAccount> out = new ArrayList<>();
    for (Account a : accounts) if (a.status() == AccountStatus.ACTIVE) out.add(new MemberAccount(a.id(), a.name()));
    return out;
  }

  public String roleArn(String accountId) {
    return "arn:" + partition() + ":iam::" + accountId + ":role/" + roleName;
  }

  /**
   * Clients acting in {@code account}, pinned to {@code region}, after checking that the region is
   * enabled there (ec2:DescribeRegions with every region: an opt-in region not opted in to is a
   * failure, not an empty result). Close them when done.
   */
  public AwsClients member(MemberAccount account, String region) {
    String home = aws.defaultRegion();
    AwsClients member;
    if (account.id().equals(managementAccount())) {
      member = aws.withCredentials(aws.credentials(), region);
    } else {
      String arn = roleArn(account.id());
      AssumeRoleRequest.Builder req = AssumeRoleRequest.builder().roleArn(arn).roleSessionName(sessionName).durationSeconds(3600);
      if (externalId != null) req.externalId(externalId);
      // refreshes the session before it expires: a large account-region's metrics can take longer than an hour
      StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder().stsClient(aws.sts(home)).refreshRequest(req.build()).build();
      try {
        provider.resolveCredentials();
      } catch (SdkException e) {
        String code = errorCode(e);
        throw new AccessFailure(Failures.classify(Failures.Step.ASSUME_ROLE, code), code,
            "sts:AssumeRole of " + arn + " (session " + sessionName + ") refused: " + (code.isEmpty() ? "" : code + ": ") + message(e), e);
      }
      member = aws.withCredentials(provider, region);
    }
    try {
      requireEnabled(member, home, region);
      return member;
    } catch (RuntimeException e) {
      member.close();
      throw e;
    }
  }

  private static void requireEnabled(AwsClients member, String home, String region) {
    List<software.amazon.awssdk.services.ec2.model.Region> regions;
    try {
      regions = member.ec2(home).describeRegions(r -> r.allRegions(true)).regions();
    } catch (SdkException e) {
      String code = errorCode(e);
      throw new AccessFailure(Failures.classify(Failures.Step.IN_ACCOUNT, code), code, "ec2:DescribeRegions in " + home + ": " + message(e), e);
    }
    for (var r : regions) {
      if (r.regionName().equals(region) && "not-opted-in".equals(r.optInStatus())) {
        throw new AccessFailure(dev.tap.optimizer.org.FailureReason.REGION_NOT_ENABLED, "not-opted-in",
            region + " is an opt-in region the account has not opted in to (ec2:DescribeRegions OptInStatus not-opted-in)", null);
      }
    }
  }

  /** The AWS error code anywhere in {@code t}'s cause chain, empty when the call got no answer from AWS. */
  public static String errorCode(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AwsServiceException e && e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null) return e.awsErrorDetails().errorCode();
    }
    return "";
  }

  private static String message(SdkException e) {
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null && a.awsErrorDetails().errorMessage() != null) return a.awsErrorDetails().errorMessage();
    return String.valueOf(e.getMessage());
  }
}
