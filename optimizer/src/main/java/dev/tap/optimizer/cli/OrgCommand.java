package dev.tap.optimizer.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tap org analyze|plan|snapshot}: every account of an AWS Organization, every region asked, in parallel, into one report. */
@Command(
    name = "org",
    mixinStandardHelpOptions = true,
    description = {
      "Run the analysis in every account of an AWS Organization (or those of --accounts / --ou) and every region of --regions,",
      "assuming the member role in each, in a bounded pool, and write one organisation report: savings by account, region and",
      "family, the account-regions that could not be read and why, and each account-region's own files. Reads only."
    },
    subcommands = {OrgCommand.Analyze.class, OrgCommand.Plan.class, OrgCommand.Snapshot.class},
    footer = {
      "",
      "Examples:",
      "  tap org analyze --sim                                       # the simulated organisation, offline",
      "  tap org analyze --sim --sim-refuse-role 333333333333        # ... with one member refusing its role",
      "  tap org analyze --aws-profile mgmt --regions us-east-1,eu-west-1 --external-id tap-2026",
      "  tap org plan --ou ou-ab12-cdef3456 --role-name TapMemberRole --out org-plan/",
      "  tap org snapshot --accounts accounts.txt --regions us-east-1 --out org-snap/",
      "",
      "Exit codes: 0 every account-region read, 1 some could not be read (the report lists them), 2 bad usage or input,",
      "3 none could be read or the organisation could not be listed."
    })
public final class OrgCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  abstract static class Verb implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OrgOptions options;

    abstract OrgRun.Verb verb();

    @Override
    public Integer call() {
      return new OrgRun(options, verb(), Clock.systemUTC()).run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }

  @Command(name = "analyze", mixinStandardHelpOptions = true, header = "Every account-region's recommendations, summed into the organisation report.",
      description = {"Every recommendation of every account-region (recommendations.csv/json and plan.json under accounts/ACCOUNT/REGION/),",
          "summed into the organisation report. Changes nothing."})
  static final class Analyze extends Verb {
    @Override
    OrgRun.Verb verb() {
      return OrgRun.Verb.analyze;
    }
  }

  @Command(name = "plan", mixinStandardHelpOptions = true, header = "Every account-region's phased plan (plan.json), its savings summed into the report.",
      description = {"The phased plan of every account-region (plan.json under accounts/ACCOUNT/REGION/, for 'tap apply' in that account),",
          "its planned savings summed into the organisation report. Changes nothing."})
  static final class Plan extends Verb {
    @Override
    OrgRun.Verb verb() {
      return OrgRun.Verb.plan;
    }
  }

  @Command(name = "snapshot", mixinStandardHelpOptions = true, header = "Every account-region's inventory and metrics saved for offline analysis.",
      description = {"Save every account-region's inventory and metrics (a snapshot directory under accounts/ACCOUNT/REGION/, for",
          "'tap analyze --snapshot DIR' offline); the report counts resources. Changes nothing."})
  static final class Snapshot extends Verb {
    @Override
    OrgRun.Verb verb() {
      return OrgRun.Verb.snapshot;
    }
  }
}
