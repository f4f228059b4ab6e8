package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.IamPermissions;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.plan.PlanJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tap iam-policy --for COMMAND [--plan FILE]}: the least IAM policy a command needs, from the adapters' own list. */
@Command(
    name = "iam-policy",
    mixinStandardHelpOptions = true,
    description = {
      "Print the minimal IAM policy (JSON) for a command that calls AWS: 'tap analyze --outputs' (read only), 'tap apply', 'resume' and",
      "'rollback' (apply), 'tap report' with actual spend (report), 'tap prices refresh' (prices), 'tap loadtest' (loadtest), 'tap ml' (ml),",
      "'tap preflight' (preflight), 'tap org' in the management account (org; each member account's role needs the analyze policy).",
      "With --plan, the apply policy names the plan's resources by ARN wherever the API takes resource-level permissions,",
      "and only the calls its action kinds make. Attach it to the role or user that runs tap."
    },
    footer = {"", "Exit codes: 0 printed, 2 bad option or plan."})
public final class IamPolicyCommand implements Callable<Integer> {

  enum Purpose { analyze, apply, report, prices, loadtest, ml, preflight, org, journal }

  @Spec CommandSpec spec;

  @Option(names = "--for", required = true, paramLabel = "COMMAND", description = "analyze, apply, report, prices (refresh), loadtest, ml, preflight, org, or journal (the --state dynamodb://TABLE journal).")
  Purpose purpose;

  @Option(names = "--plan", paramLabel = "FILE", description = "apply only: the plan.json to be applied (default: any plan, on any resource).")
  Path plan;

  @Option(names = "--role-name", paramLabel = "NAME", defaultValue = IamPermissions.DEFAULT_MEMBER_ROLE,
      description = "org only: the member role 'tap org' assumes in each account (default: ${DEFAULT-VALUE}).")
  String roleName;
  @Option(names = "--table", paramLabel = "NAME", description = "journal only: the journal table (default: any table).")
  String table;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (purpose != Purpose.apply && plan != null) {
      throw new UserError(ExitCode.BAD_INPUT, "--plan belongs to --for apply: " + purpose + " needs the same permissions"
          + " whatever plan there is. Drop --plan, or use --for apply --plan " + plan + ".");
    }
    var statements = switch (purpose) {
      case analyze -> IamPermissions.forAnalyze();
      case apply -> plan == null ? IamPermissions.forAnyApply() : IamPermissions.forApply(PlanJson.read(plan));
      case report -> IamPermissions.forReport();
      case prices -> IamPermissions.forPricesRefresh();
      case loadtest -> IamPermissions.forLoadTest();
      case ml -> IamPermissions.forMl();
      case preflight -> IamPermissions.forPreflight();
      case org -> IamPermissions.forOrg(roleName);
      case journal -> IamPermissions.forSharedJournal(table == null ? "*" : table);
    };
    if (purpose == Purpose.apply && plan == null) {
      spec.commandLine().getErr().println("no --plan: this policy lets tap change every resource of the account; pass --plan FILE to"
          + " name only that plan's resources.");
    }
    out.println(IamPermissions.json(statements));
    out.flush();
    return ExitCode.OK.code;
  }
}
