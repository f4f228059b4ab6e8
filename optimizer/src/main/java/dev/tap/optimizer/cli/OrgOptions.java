package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.IamPermissions;
import dev.tap.optimizer.org.FanOut;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of {@code tap org analyze|plan|snapshot}: which accounts and regions, how to reach them, the policy and the report. */
public final class OrgOptions {

  @Option(names = "--accounts", paramLabel = "FILE",
      description = "Only these accounts: one 12-digit id per line, # for comments (default: every ACTIVE account of the organisation, organizations:ListAccounts).")
  Path accounts;

  @Option(names = "--ou", paramLabel = "OU_ID",
      description = "Only the ACTIVE accounts under this organisational unit (ou-... or the root r-...), its child units included.")
  String ou;

  @Option(names = "--role-name", paramLabel = "NAME", defaultValue = IamPermissions.DEFAULT_MEMBER_ROLE,
      description = "Role assumed in each member account (default: ${DEFAULT-VALUE}); it needs the policy 'tap iam-policy --for analyze' prints. "
          + "The management account tap runs in is read with its own credentials.")
  String roleName;

  @Option(names = "--external-id", paramLabel = "ID", description = "External id the member role's trust policy requires (sts:ExternalId).")
  String externalId;

  @Option(names = "--regions", split = ",", paramLabel = "REGION",
      description = "Regions read in every account (default: the home region: AWS_REGION / the profile's region; us-east-1 with --sim).")
  List<String> regions = new ArrayList<>();

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + FanOut.DEFAULT_PARALLEL,
      description = "Account-regions read at once (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "tap-org",
      description = "Directory of the organisation report (default: ./${DEFAULT-VALUE}/); each account-region's files go under accounts/ACCOUNT/REGION/.")
  Path out;

  @Option(names = "--sim", description = "The simulated organisation: trading (111111111111, the management account), saas (222222222222) and staging (333333333333). Offline.")
  boolean sim;

  @Option(names = "--sim-refuse-role", paramLabel = "ACCOUNT",
      description = "With --sim: this member's role refuses to be assumed, as AWS answers then (AccessDenied), to see the failure path. Repeatable.")
  List<String> simRefuseRole = new ArrayList<>();

  /** The same policy options as tap analyze's, for every account-region. */
  @Mixin PolicyOptions policy = new PolicyOptions();

  @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only resources with this tag (repeatable, as for tap analyze --discover).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--exclude-tag", paramLabel = "KEY[=VALUE]", description = "Leave out resources with this tag; TenantId and CriticalPath=true are always excluded.")
  List<String> excludeTags = new ArrayList<>();

  @Mixin AwsConnectionOptions aws;

  @Mixin PriceListOption prices;

  /** The per-account analysis options: the same pipeline as {@code tap analyze --discover}. */
  AnalysisOptions analysisOptions() {
    AnalysisOptions a = new AnalysisOptions();
    a.policy = policy;
    a.prices = prices;
    return a;
  }
}
