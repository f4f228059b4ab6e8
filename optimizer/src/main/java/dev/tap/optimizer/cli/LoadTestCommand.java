package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.AwsLoadTestAccount;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.inventory.OutputsFile;
import dev.tap.optimizer.loadtest.AccountCheck;
import dev.tap.optimizer.loadtest.DurationParser;
import dev.tap.optimizer.loadtest.Latency;
import dev.tap.optimizer.loadtest.LoadTarget;
import dev.tap.optimizer.loadtest.LoadTest;
import dev.tap.optimizer.loadtest.LoadTestAccount;
import dev.tap.optimizer.loadtest.LoadTestResult;
import dev.tap.optimizer.loadtest.RateSchedule;
import dev.tap.optimizer.loadtest.ResultFiles;
import dev.tap.optimizer.loadtest.SecretSource;
import dev.tap.optimizer.loadtest.TargetFactory;
import dev.tap.optimizer.loadtest.TargetResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tap loadtest}: drives bounded, open-loop load at the endpoints of a deployment and reports latency percentiles (SPEC O9). */
@Command(
    name = "loadtest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Drive load at the database, cache, functions and HTTP endpoints of a deployment with real clients",
      "(PostgreSQL JDBC, Lettuce, the Lambda SDK, java.net.http), open-loop at a fixed rate per target,",
      "and report throughput, errors by kind and latency p50/p95/p99/max per target and per second.",
      "",
      "Bounded: --rate and --duration are required, and it stops by itself. It prints the targets and asks",
      "before sending anything (--yes to skip the question), and refuses an outputs file of another account.",
    },
    footer = {
      "",
      "Writes loadtest.json and loadtest.csv into --out. Latency is measured from each operation's intended",
      "start, so a slow server is not hidden by the client waiting for it (coordinated omission).",
      "See docs/loadtest.md for running it against local servers.",
    })
public final class LoadTestCommand implements Callable<Integer> {

  static final Duration MAX_DURATION = Duration.ofHours(24);
  static final double MAX_RATE = 100_000;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--outputs", paramLabel = "FILE", description = "Deployment outputs (cdk --outputs-file, flat-outputs.json, Terraform or describe-stacks JSON).")
  Path outputs;

  @Option(names = "--rate", paramLabel = "OPS", description = "Operations per second for each target (required).")
  Double rate;

  @Option(names = "--duration", paramLabel = "DURATION", description = "How long to send load, e.g. 60s, 5m (required; at most 24h).")
  String duration;

  @Option(names = "--ramp", paramLabel = "DURATION", defaultValue = "0s", description = "Rise linearly from 0 to --rate over this time, within --duration (default: ${DEFAULT-VALUE}).")
  String ramp;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "32", description = "At most this many operations in flight per target (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", description = "Timeout of one operation, connect included (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--out", paramLabel = "DIR", description = "Directory for loadtest.json and loadtest.csv (default: loadtest-<UTC time>).")
  Path out;

  @Option(names = "--yes", description = "Do not ask for confirmation (for automation).")
  boolean yes;

  @Option(names = "--live", negatable = true, description = "Print one line per target per second (default: when output is a terminal).")
  Boolean live;

  @Mixin TargetOptions targetOptions;

  @Mixin AwsOptionsMixin awsOptions;

  private final Clock clock;
  private final Map<String, String> env;
  private final SecretSource secretsOverride;
  private final BufferedReader input;

  public LoadTestCommand() {
    this(Clock.systemUTC(), System.getenv(), null, null);
  }

  /** Tests inject the clock, the environment, secrets and the answer to the confirmation question. */
  LoadTestCommand(Clock clock, Map<String, String> env, SecretSource secrets, BufferedReader input) {
    this.clock = clock;
    this.env = env;
    this.secretsOverride = secrets;
    this.input = input;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter outw = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (rate == null || duration == null) {
      throw new UserError(ExitCode.BAD_INPUT, "refusing to start without " + (rate == null && duration == null ? "--rate and --duration" : rate == null ? "--rate" : "--duration")
          + ": a load test must be bounded. Example: --rate 50 --duration 60s (50 operations per second per target for one minute).");
    }
    if (!(rate > 0) || rate > MAX_RATE) throw new UserError(ExitCode.BAD_INPUT, "--rate " + rate + " must be above 0 and at most " + (long) MAX_RATE + " per target.");
    Duration length = DurationParser.parse(duration, "--duration");
    Duration rampUp = DurationParser.parse(ramp, "--ramp");
    Duration opTimeout = DurationParser.parse(timeout, "--timeout");
    if (length.isZero() || length.compareTo(MAX_DURATION) > 0) throw new UserError(ExitCode.BAD_INPUT, "--duration " + duration + " must be above 0 and at most 24h.");
    if (rampUp.compareTo(length) > 0) throw new UserError(ExitCode.BAD_INPUT, "--ramp " + ramp + " is longer than --duration " + duration + ".");
    if (opTimeout.isZero() || opTimeout.compareTo(Duration.ofMinutes(5)) > 0) throw new UserError(ExitCode.BAD_INPUT, "--timeout " + timeout + " must be above 0 and at most 5m.");
    if (concurrency < 1 || concurrency > 4096) throw new UserError(ExitCode.BAD_INPUT, "--concurrency " + concurrency + " must be between 1 and 4096.");
    RateSchedule schedule = new RateSchedule(rate, rampUp, length);

    OutputsFile file = outputs == null ? null : OutputsFile.read(outputs);
    String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC).format(clock.instant());
    Path outDir = out != null ? out : Path.of("loadtest-" + runId);
    List<String> warnings = new ArrayList<>();

    try (LazyAws aws = new LazyAws(awsOptions)) {
      if (file != null) outw.println(AccountCheck.check(file, () -> aws.get().caller(regionHint(file))));
      SecretSource secrets = secretsOverride != null ? secretsOverride : arn -> aws.get().secretString(arn);
      TargetFactory factory = new TargetFactory(targetOptions.settings(), env, () -> secrets, aws::get, runId.toLowerCase(Locale.ROOT), length, opTimeout, warnings::add);
      List<LoadTarget> targets = factory.build(file);
      LoadTest test = new LoadTest(schedule, concurrency, opTimeout, clock, System::nanoTime);
      // Ctrl-C stops sending; the JVM then waits (bounded) until results are written and the scratch data removed
      CountDownLatch finished = new CountDownLatch(1);
      Thread onInterrupt = new Thread(() -> {
        test.stop();
        try {
          finished.await(opTimeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "loadtest-interrupt");
      boolean hooked = addShutdownHook(onInterrupt);
      try {
        printPlan(outw, targets, schedule, outDir);
        confirm(outw);
        for (LoadTarget t : targets) {
          outw.println("preparing " + t.name() + " ...");
          outw.flush();
          t.prepare();
        }
        boolean showLive = live != null ? live : System.console() != null;
        LoadTestResult result = test.run(targets, outputs == null ? "flags" : outputs.toString(), showLive ? outw : null);
        Path written = ResultFiles.write(result, outDir);
        printSummary(outw, result);
        outw.println("results: " + written.resolve(ResultFiles.JSON_NAME) + ", " + written.resolve(ResultFiles.CSV_NAME));
      } finally {
        for (LoadTarget t : targets) t.close();
        warnings.forEach(w -> err.println("tap: warning: " + w));
        err.flush();
        finished.countDown();
        if (hooked) removeShutdownHook(onInterrupt);
      }
    }
    return ExitCode.OK.code;
  }

  private static boolean addShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      return true;
    } catch (IllegalStateException e) { // the JVM is already shutting down
      return false;
    }
  }

  private static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook is running and returns as soon as 'finished' is counted down
    }
  }

  private static String regionHint(OutputsFile file) {
    return file.all("StackRegion").stream().findFirst().orElse(null);
  }

  private void printPlan(PrintWriter w, List<LoadTarget> targets, RateSchedule s, Path outDir) {
    w.printf(Locale.ROOT, "Load test: %s per target for %s%s, at most %d in flight per target, operation timeout %s%n",
        rateText(s.ratePerSecond()), duration, s.ramp().isZero() ? "" : " (ramp " + ramp + ")", concurrency, timeout);
    w.printf(Locale.ROOT, "%d operations per target, %d in all; results to %s%n", s.count(), s.count() * targets.size(), outDir);
    for (LoadTarget t : targets) {
      w.printf(Locale.ROOT, "  %-24s %-8s %s%n  %-24s %-8s %s%n", t.name(), t.kind(), t.endpoint(), "", "", t.workload());
    }
    w.flush();
  }

  private static String rateText(double r) {
    return (r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.2f", r)) + " ops/s";
  }

  private void confirm(PrintWriter w) throws IOException {
    if (yes) return;
    BufferedReader in = input;
    if (in == null) {
      if (System.console() == null) {
        throw new UserError(ExitCode.REFUSED, "not starting: no terminal to confirm on. Review the targets above and pass --yes to run without asking.");
      }
      in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
    w.print("Send this load? [y/N] ");
    w.flush();
    String answer = in.readLine();
    if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
      throw new UserError(ExitCode.REFUSED, "not starting: not confirmed (answer y to send the load, or pass --yes).");
    }
  }

  private static void printSummary(PrintWriter w, LoadTestResult r) {
    w.println();
    w.printf(Locale.ROOT, "%-24s %9s %9s %9s %10s %9s %9s %9s %9s  %s%n", "target", "scheduled", "ok", "errors", "ok/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors by kind");
    for (TargetResult t : r.targets()) {
      Latency l = t.latencyMs();
      String kinds = t.errors().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
      w.printf(Locale.ROOT, "%-24s %9d %9d %9d %10.2f %9.2f %9.2f %9.2f %9.2f  %s%n", t.name(), t.scheduled(), t.ok(), t.errorCount(), t.throughputPerSecond(),
          l.p50(), l.p95(), l.p99(), l.max(), kinds);
    }
    w.flush();
  }

  /** The AWS account, its clients built on first use only: a run against local servers never touches AWS. */
  private static final class LazyAws implements AutoCloseable {
    private final AwsOptionsMixin options;
    private AwsClients clients;
    private LoadTestAccount account;

    LazyAws(AwsOptionsMixin options) {
      this.options = options;
    }

    synchronized LoadTestAccount get() {
      if (account == null) {
        clients = AwsClients.create(options.options());
        account = new AwsLoadTestAccount(clients);
      }
      return account;
    }

    @Override
    public synchronized void close() {
      if (clients != null) clients.close();
    }
  }
}
