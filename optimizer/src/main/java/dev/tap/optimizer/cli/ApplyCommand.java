package dev.tap.optimizer.cli;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.exec.ExecutionTarget;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.Guard;
import dev.tap.optimizer.exec.GuardPolicy;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.RunLock;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.plan.PlanJson;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import java.io.BufferedReader;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tap apply PLAN}: shows what a plan would change; with confirmation, applies it phase by phase. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Apply a plan.json phase by phase: each action re-reads its resource first (skipped when it changed since the plan or",
      "gained an exclusion tag), its before-state goes to the journal before the call; after each phase an observation",
      "window during which the SLO guard rolls the phase back on a breach. Without --yes or a typed 'yes' nothing changes."
    },
    footer = {"", "Exit codes: 0 completed (or dry run, or detached), 1 failed, 2 bad plan or options, 4 refused (lock; pre-flight: a resource differs from the plan), 5 rolled back."})
public final class ApplyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PLAN", description = "The plan.json written by 'tap plan'.")
  Path planFile;

  @Mixin JournalOptions options;

  @Option(names = "--create-table", description = "With --state dynamodb://TABLE: create the table (on-demand, key pk/sk) if it does not exist."
      + " Without it a missing table is an error.")
  boolean createTable;

  @Option(names = "--yes", description = "Apply without asking (automation). Without it, tap asks on a terminal and otherwise only shows the plan.")
  boolean yes;

  @Option(names = "--detach", description = "Apply the first phase and return; 'tap resume' (from cron) carries on.")
  boolean detach;

  @Option(names = "--observe", paramLabel = "DURATION", description = "Observation window after every phase, e.g. 48h, 90m (default: each phase's own, 48h).")
  String observe;

  @Option(names = "--check-every", paramLabel = "DURATION", description = "Guard check interval (default: the policy's guard.checkMinutes, 15m).")
  String checkEvery;

  @Option(names = "--breach-checks", paramLabel = "N",
      description = {"Consecutive breaching guard checks that trip a rollback (default: the policy's guard.breachChecks, 3, like an alarm's",
          "datapoints to alarm: one noisy 15-minute p99 does not undo a phase, a sustained rise does). 1 rolls back on the first breaching check."})
  Integer breachChecks;

  @Option(names = "--profile", paramLabel = "NAME", description = "Policy profile of the guard's thresholds: trading, saas or staging (default: the plan's blueprint).")
  String profile;

  @Option(names = "--policy", paramLabel = "FILE", description = "YAML file whose keys override the profile's thresholds (guard.* and slo.*; docs/execution.md).")
  Path policyFile;

  @Option(names = "--allow-unguarded", description = {"Start even when the guard's SLO metrics have no datapoints in the baseline (the guard is then blind:",
      "missing data neither refuses the start nor rolls a phase back). Without it such a start is refused (exit 4)."})
  boolean allowUnguarded;

  @Option(names = {"--apply-immediately", "--allow-restart"},
      description = "Database class changes now instead of in the next maintenance window; EC2 type changes (a stop and start) "
          + "outside the instance's MaintenanceWindow tag.")
  boolean applyImmediately;

  @Option(names = "--environment", paramLabel = "SUFFIX",
      description = "Environment dimension of the TAP/SLO metrics the guard reads (default: the one the plan recorded from the analysis).")
  String environment;

  @Mixin AwsOptionsMixin aws;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Plan plan = PlanJson.read(planFile);
    String sha = PlanJson.contentSha256(plan);
    if (plan.actions().isEmpty()) {
      out.println("plan " + plan.id() + " has no actions: nothing to apply.");
      return ExitCode.OK.code;
    }
    if (breachChecks != null && (breachChecks < 1 || breachChecks > 96)) {
      throw new UserError(ExitCode.BAD_INPUT, "--breach-checks " + breachChecks + " is out of range: use 1 to 96 consecutive checks.");
    }
    Policy policy = PolicyLoader.load(profile, policyFile, PolicyLoader.PROFILES.contains(plan.blueprint()) ? plan.blueprint() : "trading");
    GuardPolicy guard = GuardSetup.thresholds(policy).withAllowUnguarded(allowUnguarded);
    if (checkEvery != null) guard = guard.withCheckInterval(ExecSupport.duration(checkEvery, "--check-every"));
    if (breachChecks != null) guard = guard.withConsecutiveBreaches(breachChecks);
    String planEnvironment = this.environment != null ? this.environment : plan.environment();
    Duration observation = observe == null ? null : ExecSupport.duration(observe, "--observe");
    String target = ExecSupport.targetOf(plan.source());
    Set<String> regions = new TreeSet<>();
    plan.actions().stream().map(Action::region).forEach(regions::add);
    if (aws.options().region() != null && !regions.equals(Set.of(aws.options().region()))) {
      throw new UserError(ExitCode.BAD_INPUT, "plan " + planFile + " acts in " + String.join(", ", regions) + ", not in --region "
          + aws.options().region() + ". Make a plan for " + aws.options().region() + " or drop --region.");
    }

    StateLocation state = options.location();
    boolean stateExists = state.exists(aws.options());
    try (Journal existing = stateExists ? state.open(aws.options(), false) : null;
        ExecutionTarget account = ExecSupport.open(target, plan.blueprint(), regions.iterator().next(), existing, aws.options())) {
      ExecSupport.requireAccount(plan.account(), account, "plan " + planFile);
      String environment = planEnvironment != null ? planEnvironment : taggedEnvironment(plan, account);
      RunSettings settings = new RunSettings(target, environment, observation, applyImmediately, guard);
      out.println("plan " + plan.id() + " (" + plan.blueprint() + ", account " + plan.account() + ", "
          + ExecSupport.describe(account) + ", sha256 " + ExecSupport.shortSha(sha) + "):");
      Executor.describe(plan, settings).forEach(out::println);
      out.printf(java.util.Locale.ROOT, "%d actions in %d phases, saving %.2f per month if all are kept.%n", plan.actions().size(),
          plan.phases().size(), plan.actions().stream().mapToDouble(Action::monthlySavings).sum());
      if (!confirmed(out)) {
        out.println("Dry run: nothing was changed. Run again with --yes (or answer 'yes') to apply.");
        return ExitCode.OK.code;
      }
      try (Journal opened = existing != null ? null : state.open(aws.options(), createTable)) {
        Journal j = existing != null ? existing : opened;
        Executor executor = ExecSupport.executor(j, account, out);
        executor.checkSupported(plan);
        List<String> missing = new Guard(account.metrics()).missingBaseline(plan.blueprint(), environment, guard,
            plan.lookbackEnd() != null ? plan.lookbackEnd() : account.clock().instant());
        if (!missing.isEmpty()) {
          if (!allowUnguarded) {
            throw new UserError(ExitCode.REFUSED, "the guard's baseline has no data: no datapoints in the " + guard.baselineDays()
                + " days before " + plan.lookbackEnd() + " for " + String.join("; ", missing) + ". Without them the guard cannot see a"
                + " regression, so nothing was changed. Check the plan's environment (--environment) and that the service publishes"
                + " TAP/SLO (docs/outputs.md), or pass --allow-unguarded to apply without that guard.");
          }
          out.println("WARNING: applying unguarded (--allow-unguarded): no baseline for " + String.join("; ", missing) + ".");
        }
        try (RunLock lock = ExecSupport.lock(account, RunLock.regions(plan), j, null, options.breakStaleLock, out);
            StopOnSignal stop = StopOnSignal.install(lock, "tap resume --state " + j.location())) {
          // the health signals are built from the resources as the pre-flight read them (keys the plan does not carry)
          var live = executor.preflight(plan);
          RunSettings guarded = new RunSettings(settings.target(), settings.environment(), settings.observationOverride(),
              settings.applyImmediately(), guard.withSignals(GuardSetup.signals(plan, policy, live, out::println)));
          long runId = executor.start(plan, sha, planFile.toString(), guarded);
          lock.attach(runId);
          RunState end = ExecSupport.drive(executor, account, j, runId, !detach, out, stop);
          ExecSupport.summary(j, runId, out);
          return ExecSupport.exitCode(end);
        }
      }
    }
  }

  /**
   * A plan written before plans recorded their environment: the {@code Environment} tag its
   * resources carry now (SPEC section 1 tags every resource), when they agree on one.
   */
  private String taggedEnvironment(Plan plan, ExecutionTarget account) {
    Set<String> found = new TreeSet<>();
    for (Action a : plan.actions()) {
      String e;
      try {
        e = account.registry().forKind(a.kind()).read(a.resourceId(), a.region()).tags().get("Environment");
      } catch (ActionFailedException missing) {
        continue; // a resource that cannot be read is refused, with its name, by the pre-flight below
      }
      if (e != null && !e.isBlank()) found.add(e);
    }
    if (found.size() != 1) {
      throw new UserError(ExitCode.BAD_INPUT, "plan " + planFile + " does not record the Environment of its SLO metrics (written by an older"
          + " 'tap plan') and its resources carry " + (found.isEmpty() ? "no Environment tag" : "several Environment tags " + found)
          + ": pass --environment SUFFIX, or re-create the plan with 'tap plan'.");
    }
    return found.iterator().next();
  }

  private boolean confirmed(PrintWriter out) throws java.io.IOException {
    if (yes) return true;
    Console console = System.console();
    if (console == null) return false;
    out.print("Apply these changes? Type 'yes' to continue: ");
    out.flush();
    String answer = new BufferedReader(console.reader()).readLine();
    return answer != null && answer.trim().equals("yes");
  }
}
