package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.AwsCloudWatch;
import dev.tap.optimizer.aws.AwsInventory;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.inventory.OutputsFile;
import dev.tap.optimizer.metrics.CallPlanner;
import dev.tap.optimizer.metrics.FetchProgress;
import dev.tap.optimizer.metrics.FetchStats;
import dev.tap.optimizer.metrics.LookbackWindow;
import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import dev.tap.optimizer.snapshot.SnapshotFormat;
import dev.tap.optimizer.snapshot.SnapshotWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tap snapshot}: saves an inventory and its metrics to a directory for offline analysis. */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description = {
      "Save the inventory and its CloudWatch metrics (window statistics and hourly series) to a directory,",
      "in the versioned format of docs/snapshot-format.md; analyse it later with --snapshot DIR.",
      "Reads only: nothing in the account changes."
    })
public final class SnapshotCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write (created; files in it are replaced whole).")
  Path out;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Source source = new Source();

  static final class Source {
    @Option(names = "--sim", paramLabel = "BLUEPRINT", arity = "0..1", fallbackValue = "trading",
        description = "The simulated account of a blueprint: trading, saas or staging (the default source; trading when no value is given).")
    String sim;

    @Option(names = "--outputs", paramLabel = "FILE", description = "A deployment-outputs file naming the resources of a real account (docs/outputs.md).")
    Path outputs;
  }

  @Option(names = "--lookback-days", paramLabel = "N",
      description = "Days of metrics up to now, 1..455 (default: the blueprint's lookback, trading 90, saas 60, staging 45; 90 otherwise).")
  Integer lookbackDays;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the simulated account (default: ${DEFAULT-VALUE}).", defaultValue = "42")
  long seed;

  @Mixin AwsOptionsMixin aws;

  @Mixin DiscoveryOptions discovery;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outW = spec.commandLine().getOut();
    boolean discover = DiscoveryOptions.on(discovery);
    if (!discover) discovery.filter(); // filters without --discover are a usage error
    if (source.outputs != null || discover && source.sim == null) {
      OutputsFile outputs = source.outputs == null ? null : OutputsFile.read(source.outputs);
      try (AwsClients clients = AwsClients.create(aws.options())) {
        Clock clock = Clock.systemUTC();
        Snapshot snap = discover ? discovery.aws(clients, outputs, clock, err) : AwsInventory.fromOutputs(clients, outputs, clock).snapshot();
        Map<String, MetricDataSource> perRegion = new HashMap<>();
        Function<String, MetricDataSource> sources = region -> perRegion.computeIfAbsent(region, r -> new AwsCloudWatch(clients, r));
        int days = lookback(snap.blueprint());
        run(snap, new MetricsEngine(sources, Families.catalog(), clock, new CallPlanner()), clock, days, err, outW);
      }
      return ExitCode.OK.code;
    }
    SimBlueprint blueprint;
    try {
      blueprint = SimBlueprint.parse(source.sim == null ? "trading" : source.sim);
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.BAD_INPUT, "--sim " + e.getMessage() + ".");
    }
    SimAccount account = SimAccount.of(blueprint, seed);
    Snapshot snap = discover ? discovery.simulated(account, err) : account.snapshot();
    run(snap, new MetricsEngine(account::cloudWatch, Families.catalog(), account.clock(), new dev.tap.optimizer.metrics.CallPlanner()), account.clock(), lookback(blueprint.id()), err, outW);
    return ExitCode.OK.code;
  }

  /** SPEC O2: 90 days for trading, 60 for saas, 45 for staging. */
  int lookback(String blueprint) {
    if (lookbackDays != null) {
      if (lookbackDays < 1 || lookbackDays > 455) {
        throw new UserError(ExitCode.BAD_INPUT, "--lookback-days " + lookbackDays + " is out of range: CloudWatch keeps metrics 1 to 455 days. Pass a value in 1..455.");
      }
      return lookbackDays;
    }
    if (blueprint == null) return 90;
    return switch (blueprint) {
      case "saas" -> 60;
      case "staging" -> 45;
      default -> 90;
    };
  }

  private void run(Snapshot snap, MetricsEngine engine, Clock clock, int days, PrintWriter err, PrintWriter out) {
    LookbackWindow window = LookbackWindow.of(clock, days);
    Instant start = window.start();
    Instant end = window.end();
    boolean terminal = System.console() != null;
    FetchProgress progress = terminal ? (done, planned, points) -> {
      err.printf("\rfetching metrics: %d/%d GetMetricData calls, %,d datapoints", done, planned, points);
      err.flush();
    } : FetchProgress.NONE;
    FetchStats stats;
    try (SnapshotWriter writer = new SnapshotWriter(this.out, snap, start, end)) {
      stats = engine.stream(snap, start, end, progress, writer::add);
      writer.finish();
    }
    if (terminal) err.println();
    out.printf("Snapshot of %s: %d resources, %d days (%s .. %s)%n", snap.source(), snap.resources().size(), days, start, end);
    out.printf("  %d GetMetricData calls (minimum %d), %,d datapoints%n", stats.calls(), stats.minimumCalls(), stats.datapoints());
    if (!snap.problems().isEmpty()) out.printf("  %d inventory problems recorded in %s%n", snap.problems().size(), SnapshotFormat.INVENTORY);
    out.printf("Written to %s%n", this.out.toAbsolutePath());
    out.flush();
  }
}
