package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.AwsCloudWatch;
import dev.tap.optimizer.aws.AwsInventory;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.family.sagemaker.MlRun;
import dev.tap.optimizer.inventory.OutputsFile;
import dev.tap.optimizer.metrics.CallPlanner;
import dev.tap.optimizer.metrics.FetchProgress;
import dev.tap.optimizer.metrics.LookbackWindow;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.metrics.MetricsRate;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Recommendation;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.plan.Analysis;
import dev.tap.optimizer.plan.Planner;
import dev.tap.optimizer.plan.RecommendationFiles;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import dev.tap.optimizer.sim.ml.SimulatedMlRun;
import dev.tap.optimizer.snapshot.SavedSnapshot;
import dev.tap.optimizer.snapshot.SnapshotReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * One analysis from the command line: resolves where the account comes from (the simulated
 * account by default, an outputs file on AWS, discovery on AWS or the simulated account, or a saved snapshot), loads the policy, fetches the
 * lookback's metrics with a progress bar on a terminal, plans, and writes the files.
 */
final class AnalysisRun {
  private final AnalysisOptions o;
  private final Clock systemClock;
  private final PriceBook book;

  AnalysisRun(AnalysisOptions options, Clock systemClock) {
    this.o = options;
    this.systemClock = systemClock;
    this.book = options.prices.book();
  }

  /** What was analysed and how it went. */
  /** {@code snapshot} and {@code metrics} are what the analysis read, for reports of the same run. */
  /** {@code ml} is the ML platform's run when the account has one (the simulated trading account), else null. */
  record Result(Analysis analysis, String source, List<Path> files, Snapshot snapshot, List<ResourceMetrics> metrics, MlRun ml) {}

  Result run(PrintWriter err) {
    int sources = (o.outputs != null ? 1 : 0) + (o.snapshot != null ? 1 : 0) + (o.sim != null ? 1 : 0);
    if (sources > 1) {
      throw new UserError(ExitCode.BAD_INPUT, "choose one source: --sim [BLUEPRINT], --outputs FILE or --snapshot DIR (got " + sources + ").");
    }
    checkRanges();
    if (DiscoveryOptions.on(o.discovery)) {
      if (o.snapshot != null) {
        throw new UserError(ExitCode.BAD_INPUT, "--discover lists a live account, and a snapshot is analysed as it was saved: leave out --discover or --snapshot.");
      }
      return o.sim != null ? sim(err) : aws(err);
    }
    if (o.discovery != null) o.discovery.filter(); // filters without --discover are a usage error
    if (o.outputs != null) return aws(err);
    if (o.snapshot != null) return saved();
    return sim(err);
  }

  /** The ranges of --lookback-days and --min-confidence (also checked by {@code tap org} before its fan-out). */
  void checkRanges() {
    o.policy.checkRanges();
  }

  /** The policy for an account whose inventory names {@code blueprint} (trading when it names none TAP knows). */
  Policy policyFor(String blueprint) {
    return policy(blueprint != null && PolicyLoader.PROFILES.contains(blueprint) ? blueprint : "trading");
  }

  /**
   * One account-region of {@code tap org}: what its discovery found, analysed with the same pipeline,
   * its files written to {@code out}, under {@code policy} (its {@link #policyFor}, read once per account-region).
   * Quiet: the fan-out prints one line per account-region instead.
   */
  Result member(Snapshot snapshot, Policy policy, MetricsEngine engine, Clock clock, String source, Path out) {
    return analyse(snapshot, engine, policy, clock, source, new PrintWriter(java.io.Writer.nullWriter()), null, out);
  }

  private Policy policy(String defaultProfile) {
    return o.policy.load(defaultProfile);
  }

  private Result sim(PrintWriter err) {
    String name = o.sim == null || o.sim.isBlank() ? (o.policy.profile != null ? o.policy.profile : "trading") : o.sim;
    SimBlueprint blueprint;
    try {
      blueprint = SimBlueprint.parse(name);
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.BAD_INPUT, "--sim " + name + ": " + e.getMessage() + ".");
    }
    Policy policy = policy(blueprint.id());
    long maxDays = SimAccount.HISTORY.toDays();
    if (policy.lookbackDays() > maxDays) {
      throw new UserError(ExitCode.BAD_INPUT, "the simulated account holds " + maxDays + " days of metrics; use --lookback-days " + maxDays + " or fewer.");
    }
    SimAccount account = SimAccount.of(blueprint);
    Snapshot snapshot = DiscoveryOptions.on(o.discovery) ? o.discovery.simulated(account, err) : account.snapshot();
    MetricsEngine engine = new MetricsEngine(account::cloudWatch, Families.catalog(), account.clock(), new CallPlanner(), rate(policy));
    // The trading account also runs the ML platform in us-west-2 (SPEC M1-M4): its actions join the plan.
    MlRun ml = blueprint == SimBlueprint.TRADING ? SimulatedMlRun.simulated(account.clock(), account.seed(), book) : null;
    return analyse(snapshot, engine, policy, account.clock(), "the simulated " + blueprint.id() + " account (" + snapshot.source() + ")", err, ml, o.out);
  }

  /** The GetMetricData budget per account-region the policy allows (its calls beyond it wait their turn). */
  static MetricsRate rate(Policy policy) {
    return MetricsRate.of(policy.number("metrics.getMetricDataTps"));
  }

  private Result aws(PrintWriter err) {
    OutputsFile outputs = o.outputs == null ? null : OutputsFile.read(o.outputs);
    try (AwsClients clients = AwsClients.create(o.aws.options())) {
      Snapshot snapshot = DiscoveryOptions.on(o.discovery) ? o.discovery.aws(clients, outputs, systemClock, err)
          : AwsInventory.fromOutputs(clients, outputs, systemClock).snapshot();
      String blueprint = snapshot.blueprint() != null && PolicyLoader.PROFILES.contains(snapshot.blueprint()) ? snapshot.blueprint() : "trading";
      Policy policy = policy(blueprint);
      MetricsEngine engine = new MetricsEngine(region -> new AwsCloudWatch(clients, region), Families.catalog(), systemClock, new CallPlanner(), rate(policy));
      return analyse(snapshot, engine, policy, systemClock, snapshot.source(), err, null, o.out);
    }
  }

  /** A snapshot directory: the metrics were fetched when it was taken, so its window is the lookback. */
  private Result saved() {
    SavedSnapshot saved = SnapshotReader.read(o.snapshot);
    Snapshot snapshot = saved.snapshot();
    String blueprint = snapshot.blueprint() != null && PolicyLoader.PROFILES.contains(snapshot.blueprint()) ? snapshot.blueprint() : "trading";
    if (o.policy.lookbackDays != null && o.policy.lookbackDays != saved.lookbackDays()) {
      throw new UserError(ExitCode.BAD_INPUT, "snapshot " + o.snapshot + " covers " + saved.lookbackDays() + " days (" + saved.start() + " .. " + saved.end()
          + "); its whole-window statistics cannot be recomputed for " + o.policy.lookbackDays + " days. Leave out --lookback-days, or take a new snapshot "
          + "with 'tap snapshot --lookback-days " + o.policy.lookbackDays + "'.");
    }
    Policy policy = policy(blueprint).withLookbackDays(saved.lookbackDays());
    Analysis analysis = new Planner(book, systemClock).plan(snapshot, saved.metrics(), policy);
    List<Path> files = o.out == null ? List.of() : RecommendationFiles.write(analysis, o.out);
    return new Result(analysis, "snapshot " + o.snapshot + " (" + snapshot.source() + ", taken " + snapshot.takenAt() + ")", files, snapshot, saved.metrics(), null);
  }

  private Result analyse(Snapshot snapshot, MetricsEngine engine, Policy policy, Clock clock, String source, PrintWriter err, MlRun ml, Path out) {
    if (snapshot.resources().isEmpty()) {
      throw new UserError(ExitCode.BAD_INPUT, source + " holds no resource TAP can analyse" + (snapshot.problems().isEmpty() ? "." : ": " + String.join("; ", snapshot.problems())));
    }
    LookbackWindow window = LookbackWindow.of(clock, policy.lookbackDays());
    FetchProgress progress = ProgressBar.forTerminal(err);
    List<ResourceMetrics> metrics = engine.fetch(snapshot, window.start(), window.end(), progress);
    List<Recommendation> mlRecs = ml == null ? List.of() : ml.actions().stream().map(Planner::analysedElsewhere).toList();
    Analysis analysis = new Planner(book, clock).plan(snapshot, metrics, policy, mlRecs);
    List<Path> files = out == null ? List.of() : RecommendationFiles.write(analysis, out);
    return new Result(analysis, source, files, snapshot, metrics, ml);
  }
}
