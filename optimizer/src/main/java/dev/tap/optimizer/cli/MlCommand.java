package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.AwsCloudWatch;
import dev.tap.optimizer.aws.AwsOptions;
import dev.tap.optimizer.aws.AwsSageMaker;
import dev.tap.optimizer.aws.AwsSageMakerAutoscaling;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.family.sagemaker.MlAccountAnalysis;
import dev.tap.optimizer.family.sagemaker.MlRun;
import dev.tap.optimizer.family.sagemaker.SageMakerFamily;
import dev.tap.optimizer.inventory.OutputsFile;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.plan.PlanJson;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.report.ml.MlReportFiles;
import dev.tap.optimizer.sim.ml.SimulatedMlRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tap ml}: M1-M4 on the simulated us-west-2 ML platform, or M1/M2 on a real account when an
 * AWS option or {@code --endpoint} is given; writes ml-run.json, ml-report.ipynb and (on AWS) plan.json.
 */
@Command(
    name = "ml",
    mixinStandardHelpOptions = true,
    description = {
      "Analyse the simulated ML inference platform (us-west-2): endpoint right-sizing with autoscaling,",
      "managed spot training, and the rollout gates (shadow, canary/linear, A/B). Writes ml-run.json and",
      "ml-report.ipynb (outputs already rendered). Changes nothing outside the output directory.",
      "With --aws-profile, --region, --endpoint-url or --endpoint it reads a real account instead (default region us-west-2):",
      "endpoints from SageMaker, 1-minute metrics from CloudWatch, training jobs; writes plan.json for 'tap apply', which",
      "runs the rollout gates on AWS. Several endpoints: one sub-directory per endpoint.",
      "With --outputs it analyses the endpoint(s) the ml blueprint deployed (outputs MlEndpointName, StackRegion)."
    },
    footer = {"", "Examples:", "  tap ml --out tap-out/ml", "  tap ml --aws-profile prod --region us-west-2 --endpoint fraud-scoring --out ml",
        "  tap ml --aws-profile prod --outputs cfn-outputs/ml.json --out ml"})
public final class MlCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).", defaultValue = "tap-out")
  Path out;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the simulated platform (default: ${DEFAULT-VALUE}).", defaultValue = "42")
  long seed;

  @Mixin AwsOptionsMixin aws;

  @Mixin PriceListOption prices;

  @Option(names = "--endpoint", paramLabel = "NAME", description = "SageMaker endpoint to analyse on AWS (repeatable; default: every InService endpoint in the region).")
  List<String> endpoints = new ArrayList<>();

  @Option(names = "--days", paramLabel = "N", defaultValue = "14",
      description = "Days of 1-minute metrics to read on AWS (default: ${DEFAULT-VALUE}; at most 15, CloudWatch's retention of 1-minute data).")
  int days;

  @Option(names = "--latency-statistic", paramLabel = "STAT", defaultValue = "p95",
      description = "ModelLatency statistic on AWS (default: ${DEFAULT-VALUE}). Maximum bounds p95 from above (a conservative sizing) "
          + "for emulators that serve no percentiles.")
  String latencyStatistic;

  @Option(names = "--outputs", paramLabel = "FILE",
      description = "Deployment outputs of the ml blueprint (cdk --outputs-file, flat-outputs.json, Terraform): analyse its endpoint(s) "
          + "(output MlEndpointName) in its region (output StackRegion, unless --region is given).")
  Path outputs;

  /** The ml blueprint's output keys this command reads (docs/blueprints.md, "ml"). */
  static final String ENDPOINT_OUTPUT = "MlEndpointName", REGION_OUTPUT = "StackRegion";

  /** Default region of the ML platform (SPEC T9). */
  static final String DEFAULT_REGION = "us-west-2";

  private final Clock clock;

  public MlCommand() {
    this(Clock.systemUTC());
  }

  MlCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    var w = spec.commandLine().getOut();
    AwsOptions o = aws.options();
    if (outputs != null) return onAws(fromOutputs(o));
    if (o.profile() != null || o.region() != null || o.endpointUrl() != null || !endpoints.isEmpty()) return onAws(o);
    MlRun run = SimulatedMlRun.simulated(clock, seed, prices.book());
    MlReportFiles.write(out, run);
    for (var a : run.actions()) {
      w.println(String.format(Locale.ROOT, "%-24s %-28s $%,10.0f -> $%,10.0f /month  %s", a.kind(), a.resourceId(),
          a.monthlyCostBefore(), a.monthlyCostAfter(), a.rationale()));
    }
    for (var r : run.rollouts()) {
      w.println("rollout " + r.candidate() + ": " + r.outcome() + (r.failedGate() == null ? "" : " (failed gate: " + r.failedGate() + ")"));
    }
    w.println("wrote " + out.resolve(MlReportFiles.RUN_JSON) + " and " + out.resolve(MlReportFiles.NOTEBOOK));
    return 0;
  }

  /** The endpoints and region the outputs file names, added to what the command line gives. */
  private AwsOptions fromOutputs(AwsOptions o) {
    OutputsFile file = OutputsFile.read(outputs);
    List<String> named = file.all(ENDPOINT_OUTPUT);
    if (named.isEmpty()) {
      throw new UserError(ExitCode.BAD_INPUT, "outputs file " + outputs + " has no " + ENDPOINT_OUTPUT + " output: pass the outputs of the ml"
          + " blueprint deployed with its endpoint (cdk deploy Tap-ml-<suffix> --outputs-file FILE, without -c ml.endpoint.deploy=false).");
    }
    for (String name : named) if (!endpoints.contains(name)) endpoints.add(name);
    String region = o.region();
    if (region == null) {
      region = file.stacks().stream().filter(s -> s.get(ENDPOINT_OUTPUT).isPresent()).flatMap(s -> s.get(REGION_OUTPUT).stream()).findFirst().orElse(null);
    }
    return new AwsOptions(o.profile(), region, o.endpointUrl());
  }

  private int onAws(AwsOptions o) {
    if (days < 1 || days > 15) throw new UserError(ExitCode.BAD_INPUT, "--days " + days + ": use 1 to 15 (CloudWatch keeps 1-minute data 15 days).");
    if (!latencyStatistic.equals("Maximum") && !latencyStatistic.matches("p\\d{1,2}(\\.\\d+)?")) {
      throw new UserError(ExitCode.BAD_INPUT, "--latency-statistic " + latencyStatistic + ": use a percentile such as p95, or Maximum.");
    }
    var w = spec.commandLine().getOut();
    AwsOptions opts = new AwsOptions(o.profile(), o.region() != null ? o.region() : DEFAULT_REGION, o.endpointUrl());
    Instant now = clock.instant();
    Instant end = now.truncatedTo(ChronoUnit.MINUTES);
    Instant start = end.minus(Duration.ofDays(days));
    PriceBook book = prices.book();
    try (AwsClients clients = AwsClients.create(opts)) {
      String region = opts.region();
      MlAccountAnalysis analysis = new MlAccountAnalysis(new AwsSageMaker(clients), new AwsSageMakerAutoscaling(clients),
          new AwsCloudWatch(clients, region), book, region, msg -> spec.commandLine().getErr().println(msg));
      List<MlRun> runs = analysis.analyse(endpoints, start, end, latencyStatistic, now);
      List<dev.tap.optimizer.model.Action> actions = new ArrayList<>();
      for (MlRun run : runs) {
        Path dir = runs.size() == 1 ? out : out.resolve(run.endpoint().name());
        MlReportFiles.write(dir, run);
        actions.addAll(run.actions());
        w.println("wrote " + dir.resolve(MlReportFiles.RUN_JSON) + " and " + dir.resolve(MlReportFiles.NOTEBOOK));
      }
      String account = clients.callerIdentity(region).account();
      // endpoints first (each rolls out through its gates), then the training recommendations
      List<Phase> phases = new ArrayList<>();
      List<dev.tap.optimizer.model.Action> ep = actions.stream().filter(a -> a.kind() == SageMakerFamily.SAGEMAKER_ENDPOINT).toList();
      List<dev.tap.optimizer.model.Action> tr = actions.stream().filter(a -> a.kind() == SageMakerFamily.SAGEMAKER_TRAINING_SPOT).toList();
      if (!ep.isEmpty()) phases.add(new Phase(phases.size() + 1, "sagemaker endpoints", Duration.ofHours(48), ep));
      if (!tr.isEmpty()) phases.add(new Phase(phases.size() + 1, "sagemaker training (pipeline recommendation)", Duration.ZERO, tr));
      Plan plan = new Plan(Plan.SCHEMA_VERSION, "plan-ml-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC).format(now),
          "ml", account, "tap ml (AWS " + region + ")", now, start, end, book.list().priceListDate().toString(), phases, List.of());
      Path planFile = out.resolve(PlanJson.FILE_NAME);
      PlanJson.write(plan, planFile);
      for (var a : actions) {
        w.println(String.format(Locale.ROOT, "%-24s %-28s $%,10.0f -> $%,10.0f /month  %s", a.kind(), a.resourceId(),
            a.monthlyCostBefore(), a.monthlyCostAfter(), a.rationale()));
      }
      w.println("wrote " + planFile + ": 'tap apply --plan " + planFile + "' runs the rollout (shadow variant, blue/green canary, autoscaling) on AWS;"
          + " training spot settings are recommendations for the training pipeline.");
    }
    return 0;
  }
}
