package dev.tap.optimizer.plan;

import dev.tap.optimizer.backtest.BacktestInput;
import dev.tap.optimizer.backtest.Backtester;
import dev.tap.optimizer.backtest.ServiceTiers;
import dev.tap.optimizer.family.ResourceFamily;
import dev.tap.optimizer.family.Stage;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Recommendation;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.pricing.CostModel;
import dev.tap.optimizer.pricing.CostUnavailable;
import dev.tap.optimizer.pricing.MissingPriceException;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.rules.Confidence;
import dev.tap.optimizer.rules.FamilyRules;
import dev.tap.optimizer.rules.Load;
import dev.tap.optimizer.rules.Observed;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import dev.tap.optimizer.slo.SloRules;
import dev.tap.optimizer.slo.SloStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a snapshot, its metrics and a policy into a phased plan. For each resource not excluded
 * (O6), the family's rules propose changes; each is priced, given a confidence and backtested
 * against the resource's own lookback, in order, so a later change on the same resource is judged
 * on top of the earlier ones that passed. Actions that breach in the backtest, fall below the
 * confidence filter, or cost more without adding capacity are left out and listed with the reason.
 *
 * <p>Phases (SPEC issue 3): restoring the SLO when it is already breached (O3 scale back up), then
 * DynamoDB (non-critical), then compute and cache (ASG, Redis, DAX, Lambda), then databases
 * (Aurora, RDS); each followed by the policy's observation window.
 */
public final class Planner {
  /** Phase names in apply order: restoring the SLO, then each family's stage (ML, DynamoDB, compute and cache, databases). */
  public static final String RESTORE = Stage.RESTORE.name();
  /** The stages of a plan, in apply order. */
  static final List<Stage> STAGES = stages();

  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Fleets at least this large are judged on every core. */
  static final int PARALLEL_FROM = 64;

  private final PriceBook book;
  private final ConfigCost cost;
  private final Clock clock;
  private final BacktestObserver observer;

  /** Told each backtest's input as the planner replays it (the prediction check re-reads the replay hour by hour). */
  public interface BacktestObserver {
    void replayed(String resourceId, ActionKind kind, Map<String, String> after, BacktestInput input, Policy policy);
  }

  public Planner(PriceBook book, Clock clock) {
    this(book, clock, null);
  }

  private Planner(PriceBook book, Clock clock, BacktestObserver observer) {
    this.book = book;
    this.cost = new ConfigCost(new CostModel(book));
    this.clock = clock;
    this.observer = observer;
  }

  /** This planner, telling {@code observer} every backtest input it replays. */
  public Planner observingBacktests(BacktestObserver observer) {
    return new Planner(book, clock, observer);
  }

  /** The monthly cost of {@code r} under configuration {@code c}, as the plan prices it. */
  public double monthlyCost(Resource r, Map<String, String> c, ResourceMetrics m) {
    return cost.monthly(r, c, m);
  }

  private static List<Stage> stages() {
    List<Stage> all = new ArrayList<>(List.of(Stage.RESTORE));
    for (ResourceFamily f : Families.all()) f.stage().filter(st -> !all.contains(st)).ifPresent(all::add);
    all.sort(Comparator.comparingInt(Stage::order));
    return List.copyOf(all);
  }

  /** The phase name of a family's changes. */
  public static String phaseOf(Family f) {
    return Families.of(f).stage().orElseThrow(() -> new IllegalArgumentException("no phase for " + f)).name();
  }

  public Analysis plan(Snapshot snapshot, List<ResourceMetrics> metrics, Policy policy) {
    return plan(snapshot, metrics, policy, List.of());
  }

  /**
   * As {@link #plan(Snapshot, List, Policy)}, with recommendations analysed elsewhere (the ML
   * platform's) placed in their phase and numbered with the others.
   */
  public Analysis plan(Snapshot snapshot, List<ResourceMetrics> metrics, Policy policy, List<Recommendation> analysedElsewhere) {
    Map<String, ResourceMetrics> byId = metrics.stream().collect(Collectors.toMap(m -> m.resource().id(), Function.identity(), (a, b) -> a, LinkedHashMap::new));
    SloStatus slo = SloRules.assess(metrics, policy, m -> Families.of(m.resource().family()).serviceSlo(m, policy));
    ServiceTiers tiers = slo.latencyP95Ms() == null ? null : ServiceTiers.of(metrics, slo.times());
    SloContext context = new SloContext(slo, tiers, serviceName(snapshot, slo), statedP95(slo));
    List<Finding> findings = new ArrayList<>();
    List<Plan.Skipped> skipped = new ArrayList<>();
    for (String problem : snapshot.problems()) {
      findings.add(new Finding("inventory", "Inventory", Finding.Severity.WARNING, "not inventoried", problem, List.of()));
    }
    if (slo.breached()) {
      findings.add(new Finding(slo.source(), "SLO", Finding.Severity.WARNING, "SLO breached over the lookback",
          "O3: scale back up before any downsizing; compute groups get more capacity first", slo.breaches()));
    }
    Map<String, List<Recommendation>> byPhase = new LinkedHashMap<>();
    for (Stage stage : STAGES) byPhase.put(stage.name(), new ArrayList<>());
    for (Recommendation r : analysedElsewhere) {
      List<Recommendation> phase = byPhase.get(r.phaseName());
      if (phase == null) throw new IllegalArgumentException("no plan phase named '" + r.phaseName() + "'");
      phase.add(r);
      if (r.status() != Recommendation.Status.PLANNED) {
        skipped.add(new Plan.Skipped(r.action().resourceId(), r.family(), r.action().kind() + " left out: " + r.statusReason(), r.action().monthlySavings()));
      }
    }

    // Resources are judged independently (pure functions), in parallel for large fleets, and
    // merged in snapshot order so the plan does not depend on scheduling.
    List<Resource> resources = snapshot.resources();
    var stream = resources.size() >= PARALLEL_FROM ? resources.parallelStream() : resources.stream();
    List<Outcome> outcomes = stream.map(r -> outcome(r, byId.get(r.id()), context, policy)).toList();
    for (Outcome o : outcomes) {
      findings.addAll(o.findings());
      skipped.addAll(o.skipped());
      if (o.phase() != null) byPhase.get(o.phase()).addAll(o.recommendations());
    }

    List<Phase> phases = new ArrayList<>();
    List<Recommendation> all = new ArrayList<>();
    Duration observation = Duration.ofHours(policy.slo().observationHours());
    for (Map.Entry<String, List<Recommendation>> e : byPhase.entrySet()) {
      List<Recommendation> recs = e.getValue();
      boolean anyPlanned = recs.stream().anyMatch(x -> x.status() == Recommendation.Status.PLANNED);
      int number = anyPlanned ? phases.size() + 1 : 0;
      List<Action> actions = new ArrayList<>();
      int seq = 0;
      for (Recommendation rec : recs) {
        Action a = rec.action();
        String id = rec.status() == Recommendation.Status.PLANNED ? String.format(Locale.ROOT, "p%d-a%02d", number, ++seq) : "not-planned-" + (all.size() + 1);
        Action withId = new Action(id, a.kind(), a.resourceId(), a.region(), a.before(), a.after(), a.monthlyCostBefore(), a.monthlyCostAfter(),
            a.risk(), a.confidence(), a.evidence(), a.backtest(), a.rationale());
        Recommendation numbered = new Recommendation(number, e.getKey(), withId, rec.family(), rec.status(), rec.statusReason(),
            rec.coverage(), rec.variability(), rec.lowConfidence(), rec.purchaseOptionsMonthly());
        all.add(numbered);
        if (rec.status() == Recommendation.Status.PLANNED) actions.add(withId);
      }
      if (anyPlanned) phases.add(new Phase(number, e.getKey(), observation, actions));
    }

    Instant start = metrics.stream().map(ResourceMetrics::start).min(Comparator.naturalOrder()).orElse(snapshot.takenAt().minus(Duration.ofDays(policy.lookbackDays())));
    Instant end = metrics.stream().map(ResourceMetrics::end).max(Comparator.naturalOrder()).orElse(snapshot.takenAt());
    Instant now = clock.instant();
    Plan plan = new Plan(Plan.SCHEMA_VERSION, "plan-" + snapshot.blueprint() + "-" + ID_TIME.format(now), snapshot.blueprint(), snapshot.account(),
        snapshot.source(), now, start, end, book.list().priceListDate().toString(), phases, skipped).withEnvironment(environment(snapshot))
        .withPurchaseOptions(purchaseOptions(all));
    return new Analysis(plan, all, findings, slo, policy, book.citation());
  }

  /** O5 in the plan: each planned action's after-configuration by purchase option, where there is more than one. */
  static Map<String, Map<String, Double>> purchaseOptions(List<Recommendation> recommendations) {
    Map<String, Map<String, Double>> out = new TreeMap<>();
    for (Recommendation r : recommendations) {
      if (r.status() == Recommendation.Status.PLANNED && r.purchaseOptionsMonthly().size() > 1) out.put(r.action().id(), r.purchaseOptionsMonthly());
    }
    return out;
  }

  /**
   * The {@code Environment} tag the blueprints put on every resource (SPEC section 1), when the
   * snapshot's resources agree on one: the dimension of the service's SLO metrics the guard reads.
   */
  static String environment(dev.tap.optimizer.model.Snapshot snapshot) {
    java.util.Set<String> envs = new java.util.TreeSet<>();
    snapshot.resources().forEach(r -> {
      String e = r.tags().get("Environment");
      if (e != null && !e.isBlank()) envs.add(e);
    });
    return envs.size() == 1 ? envs.iterator().next() : null;
  }

  /**
   * A recommendation analysed apart from the account's lookback (the ML platform's), placed in its
   * family's phase (coverage: its whole window).
   */
  public static Recommendation analysedElsewhere(Action action) {
    boolean blocked = action.backtest() != null && !action.backtest().passed();
    return new Recommendation(0, phaseOf(action.kind().family()), action, action.kind().family().label(), blocked ? Recommendation.Status.BLOCKED_BY_BACKTEST : Recommendation.Status.PLANNED,
        blocked ? action.backtest().model() : "", 1, 0, false, Map.of());
  }

  /** What the analysis of one resource contributes to the plan. */
  private record Outcome(String phase, List<Recommendation> recommendations, List<Finding> findings, List<Plan.Skipped> skipped) {}

  /** What every backtest of one account shares: the SLO series, the service's tiers, how to name the service and its stated p95. */
  private record SloContext(SloStatus slo, ServiceTiers tiers, String service, double statedP95Ms) {}

  /** "the trading service" when the snapshot names its blueprint, else the service whose SLO the source reports. */
  static String serviceName(Snapshot snapshot, SloStatus slo) {
    if (snapshot.blueprint() != null) return "the " + snapshot.blueprint() + " service";
    return "the service (SLO read from " + slo.source() + ")";
  }

  /** The latency p95 the SLO check states (of all datapoints), or NaN. */
  private static double statedP95(SloStatus slo) {
    return slo.checked().stream().filter(e -> e.metric().equals(SloRules.APP_LATENCY) && e.stat().startsWith("p95")).mapToDouble(e -> e.value())
        .findFirst().orElse(Double.NaN);
  }

  private Outcome outcome(Resource r, ResourceMetrics m, SloContext context, Policy policy) {
    SloStatus slo = context.slo();
    FamilyRules rules = Families.of(r.family()).rules(book).orElse(null);
    if (rules == null) return new Outcome(null, List.of(), List.of(), List.of());
    var exclusion = r.exclusionReason();
    if (exclusion.isPresent()) {
      return new Outcome(null, List.of(), List.of(), List.of(new Plan.Skipped(r.id(), r.family().label(), "excluded (SPEC O6): " + exclusion.get())));
    }
    List<Finding> fromConfig = configurationFindings(r, m, policy);
    if (m == null || (m.window().isEmpty() && m.hourly().values().stream().allMatch(MetricSeries::isEmpty))) {
      // an unattached volume publishes nothing: what its configuration says is all there is
      return new Outcome(null, List.of(), fromConfig, fromConfig.isEmpty() ? List.of(new Plan.Skipped(r.id(), r.family().label(),
          "CloudWatch returned no datapoints for it over the lookback: nothing to analyse (is detailed monitoring on, and is the region right?)"))
          : List.of());
    }
    MetricValidation check = MetricValidation.of(m);
    if (!check.invalid().isEmpty()) {
      return new Outcome(null, List.of(), fromConfig, List.of(new Plan.Skipped(r.id(), r.family().label(), check.leftOut())));
    }
    Optional<RuleResult> restoring = slo.breached() ? rules.restore(r, m, slo.breaches(), policy) : Optional.empty();
    boolean restore = restoring.isPresent();
    RuleResult result = restoring.orElseGet(() -> rules.evaluate(r, m, policy));
    List<Plan.Skipped> skipped = new ArrayList<>();
    List<Recommendation> recs = judge(r, m, check, result.proposals(), context, policy, skipped);
    List<Finding> findings = new ArrayList<>(fromConfig);
    findings.addAll(result.findings());
    return new Outcome(restore ? RESTORE : phaseOf(r.family()), recs, findings, skipped);
  }

  /** The family's findings from the configuration alone, priced at today's monthly cost (NaN when not priced). */
  private List<Finding> configurationFindings(Resource r, ResourceMetrics m, Policy policy) {
    ResourceFamily family = Families.of(r.family());
    if (!family.hasConfigurationFindings()) return List.of();
    double usd;
    try {
      usd = cost.monthly(r, r.config(), m);
    } catch (MissingPriceException | CostUnavailable e) {
      usd = Double.NaN;
    }
    return family.configurationFindings(r, clock.instant(), policy, usd);
  }

  /** Prices, scores and backtests one resource's proposals in order; earlier passing ones carry forward. */
  private List<Recommendation> judge(Resource r, ResourceMetrics m, MetricValidation check, List<Proposal> proposals, SloContext context,
      Policy policy, List<Plan.Skipped> skipped) {
    List<Recommendation> out = new ArrayList<>();
    Map<String, String> config = new TreeMap<>(r.config());
    Map<String, Load> cumulative = new LinkedHashMap<>();
    Observed observed = new Observed(m);
    for (Proposal p : proposals) {
      double before;
      double after;
      Map<PurchaseOption, Double> options;
      Map<String, String> next = p.applyTo(config);
      try {
        before = cost.monthly(r, config, m);
        after = cost.monthly(r, next, m);
        options = cost.byPurchaseOption(r, next, m);
      } catch (MissingPriceException | CostUnavailable e) {
        skipped.add(new Plan.Skipped(r.id(), r.family().label(), p.kind() + " not priced: " + e.getMessage()));
        continue;
      }
      // This change's own loads first (the first one drives the latency model), then the loads
      // earlier accepted changes on the same resource already rescaled.
      Map<String, Load> loads = new LinkedHashMap<>();
      for (Load l : p.loads()) {
        Load prev = cumulative.get(l.key());
        loads.put(l.key(), prev == null ? l : prev.then(l));
      }
      cumulative.forEach(loads::putIfAbsent);
      BacktestInput input = input(observed, p.loads().isEmpty() ? List.of() : List.copyOf(loads.values()), context);
      if (observer != null) observer.replayed(r.id(), p.kind(), p.after(), input, policy);
      Backtest backtest = Backtester.run(input, policy);
      Confidence confidence = Confidence.of(observed, p.coverageKeys(), p.evidence());
      // A flat series measured nothing: no confidence in what rests on it, whatever its coverage, and it is left out.
      List<String> flat = check.flatAmong(p.coverageKeys());
      if (!flat.isEmpty()) confidence = new Confidence(0, confidence.coverage(), confidence.variability(), confidence.days(), confidence.margin(), true);
      Action action = new Action("", p.kind(), r.id(), r.region(), p.before(), p.after(), before, after, p.risk(), round(confidence.value()),
          p.evidence(), backtest, p.rationale());
      Recommendation.Status status;
      String reason;
      if (!backtest.passed()) {
        status = Recommendation.Status.BLOCKED_BY_BACKTEST;
        reason = String.format(Locale.ROOT, "backtest over %d days: %s", backtest.days(), backtest.model());
      } else if (!flat.isEmpty()) {
        status = Recommendation.Status.BELOW_MIN_CONFIDENCE;
        reason = "no confidence: " + String.join("; ", flat) + ", a stuck or mis-dimensioned metric rather than a measured load";
      } else if (confidence.value() < policy.minConfidence()) {
        status = Recommendation.Status.BELOW_MIN_CONFIDENCE;
        reason = String.format(Locale.ROOT, "confidence %.2f < minimum %.2f (%.0f days, coverage %.2f, margin %.2f, variability %.2f%s)",
            confidence.value(), policy.minConfidence(), confidence.days(), confidence.coverage(), confidence.margin(), confidence.variability(),
            confidence.constant() ? ", a series is constant" : "");
      } else if (after > before && !p.addsCapacity()) {
        status = Recommendation.Status.NO_SAVINGS;
        reason = String.format(Locale.ROOT, "would cost %.2f USD a month more", after - before);
      } else {
        status = Recommendation.Status.PLANNED;
        reason = "";
      }
      if (status != Recommendation.Status.PLANNED) {
        skipped.add(new Plan.Skipped(r.id(), r.family().label(), p.kind() + " " + p.after() + " left out: " + reason, action.monthlySavings()));
      } else {
        config = next;
        cumulative = loads;
      }
      Map<String, Double> optionIds = new TreeMap<>();
      options.forEach((k, v) -> optionIds.put(k.id, v));
      out.add(new Recommendation(0, "", action, r.family().label(), status, reason, confidence.coverage(), confidence.variability(),
          confidence.value() < policy.confidenceFlagBelow(), optionIds));
    }
    return out;
  }

  private static BacktestInput input(Observed o, List<Load> loads, SloContext context) {
    SloStatus slo = context.slo();
    ServiceTiers tiers = context.tiers();
    List<double[]> series = new ArrayList<>();
    long[] times = null;
    for (Load l : loads) {
      MetricSeries s = o.metrics().series(l.key());
      if (s == null) {
        series.add(new double[0]);
        continue;
      }
      if (times == null) times = s.times();
      series.add(s.values());
    }
    double[] p95 = align(slo.times(), slo.latencyP95Ms(), times);
    double[] p99 = align(slo.times(), slo.latencyP99Ms(), times);
    double[] err = align(slo.times(), slo.errorRatePct(), times);
    // The first load at the latency's resolution (the hour's p95 minute), when fetched.
    String driverKey = loads.isEmpty() ? null : ServiceTiers.p95Key(loads.get(0).key());
    MetricSeries driverSeries = driverKey == null ? null : o.metrics().hourly().get(driverKey);
    double[] driver = driverSeries == null || times == null ? null : align(driverSeries.times(), driverSeries.values(), times);
    double[] others = tiers == null || loads.isEmpty() || times == null ? null
        : tiers.othersBusiest(o.metrics().resource().id(), driverSeries != null ? driverKey : loads.get(0).key(), times);
    return new BacktestInput(o.days(), loads, series, driver, p95, p99, err, context.service(), others, context.statedP95Ms());
  }

  private static double[] align(long[] fromTimes, double[] values, long[] toTimes) {
    return ServiceTiers.align(fromTimes, values, toTimes);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
