package dev.tap.optimizer.report;

import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.report.ActionOutcome.Slo;
import dev.tap.optimizer.report.ActionOutcome.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The rows every report shows, derived once from a {@link RunData} so the workbook, the dashboard,
 * the CSV and the JSON cannot disagree: each writer only lays these rows out.
 */
public final class RunView {
  /** Months of the savings projection (SPEC R2). */
  public static final int PROJECTION_MONTHS = 12;

  private final RunData data;
  private final List<ActionRow> actions;
  private final List<PhaseSpan> schedule;

  public RunView(RunData data) {
    this.data = data;
    List<ActionRow> rows = new ArrayList<>();
    for (Phase phase : data.plan().phases()) {
      for (Action a : phase.actions()) rows.add(new ActionRow(a, phase, data.outcome(a), statusText(phase, data.outcome(a))));
    }
    this.actions = List.copyOf(rows);
    this.schedule = buildSchedule();
  }

  public RunData data() {
    return data;
  }

  public Plan plan() {
    return data.plan();
  }

  // ---- actions -------------------------------------------------------------------------------

  /** One action with its phase and what execution did with it. */
  public record ActionRow(Action action, Phase phase, ActionOutcome outcome, String status) {
    public String family() {
      return action.kind().family().label();
    }

    public double annualSavings() {
      return action.monthlySavings() * 12;
    }

    /**
     * The confidence in the action's saving, or null for a change that saves nothing (under half a
     * cent a month, such as a setting that only adds safety): there is no saving to be confident in.
     */
    public Double confidence() {
      return Math.abs(action.monthlySavings()) < 0.005 ? null : action.confidence();
    }

    /** {@code key: before -> after; ...} for the keys the action changes. */
    public String change() {
      return ReportText.change(action.before(), action.after());
    }

    public String evidence() {
      return action.evidence().stream().map(e -> e.describe()).collect(Collectors.joining("; "));
    }

    public String backtest() {
      return dev.tap.optimizer.plan.RecommendationFiles.backtest(action.backtest());
    }
  }

  public List<ActionRow> actions() {
    return actions;
  }

  private String statusText(Phase phase, ActionOutcome o) {
    if (o.status() == Status.PLANNED && data.executed()) {
      String phaseState = data.phaseOutcome(phase.number()).map(PhaseOutcome::state).orElse("not started");
      return "not applied (phase " + phase.number() + " " + phaseState.toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
    }
    return o.reason().isBlank() ? o.status().label : o.status().label + ": " + o.reason();
  }

  // ---- cost ----------------------------------------------------------------------------------

  /** Monthly cost of the changed resources before and after, per component (family label). */
  public record ComponentCost(String component, int actions, double monthlyBefore, double monthlyAfter) {
    public double monthlySavings() {
      return monthlyBefore - monthlyAfter;
    }

    public double annualSavings() {
      return monthlySavings() * 12;
    }
  }

  /** Components in {@link Family} order, only those with actions. */
  public List<ComponentCost> components() {
    Map<Family, ComponentCost> byFamily = new TreeMap<>(Families.order());
    for (ActionRow r : actions) {
      Family f = r.action().kind().family();
      ComponentCost c = byFamily.getOrDefault(f, new ComponentCost(f.label(), 0, 0, 0));
      byFamily.put(f, new ComponentCost(f.label(), c.actions() + 1, c.monthlyBefore() + r.action().monthlyCostBefore(), c.monthlyAfter() + r.action().monthlyCostAfter()));
    }
    return List.copyOf(byFamily.values());
  }

  public double monthlyBefore() {
    return actions.stream().mapToDouble(r -> r.action().monthlyCostBefore()).sum();
  }

  public double monthlyAfter() {
    return actions.stream().mapToDouble(r -> r.action().monthlyCostAfter()).sum();
  }

  public double monthlySavings() {
    return actions.stream().mapToDouble(r -> r.action().monthlySavings()).sum();
  }

  // ---- outcome -------------------------------------------------------------------------------

  /**
   * What a reader needs first: where the run stands and what it saves. Before execution the state
   * is {@code PLANNED} and the headline is the plan's saving; once executed it is the saving of the
   * changes still in place ({@code kept}), with the plan's beside it.
   *
   * @param state {@code PLANNED}, or the journal's run state ({@code RUNNING}, {@code COMPLETED}, {@code ROLLED_BACK}, {@code FAILED})
   * @param why why the run stopped (the breach or the error), else empty
   * @param spanStart when the run started (null before execution)
   * @param spanEnd when the journal last recorded it (null before execution)
   * @param simulatedClock whether the span is on the simulator's virtual clock
   * @param generatedAt when this report was made (the wall clock of the reporting machine)
   */
  public record Outcome(
      String state, String why, double plannedMonthly, double keptMonthly, double rolledBackMonthly, double notAppliedMonthly,
      Instant spanStart, Instant spanEnd, boolean simulatedClock, Instant generatedAt, boolean executed) {

    /** The monthly saving the headline shows: kept once executed, planned before. */
    public double headlineMonthly() {
      return executed ? keptMonthly : plannedMonthly;
    }

    public double headlineAnnual() {
      return headlineMonthly() * 12;
    }

    public double plannedAnnual() {
      return plannedMonthly * 12;
    }

    /** The run's span in words: "2026-11-16 00:00 UTC to 2026-11-18 09:15 UTC (simulated clock)". */
    public String span() {
      if (spanStart == null) return "not executed";
      return ReportText.minute(spanStart) + " to " + ReportText.minute(spanEnd) + (simulatedClock ? " (simulated clock)" : "");
    }
  }

  public Outcome outcome() {
    double planned = 0, kept = 0, rolledBack = 0;
    for (ActionRow r : actions) {
      double saving = r.action().monthlySavings();
      planned += saving;
      if (r.outcome().status().inEffect()) kept += saving;
      if (r.outcome().status() == Status.ROLLED_BACK) rolledBack += saving;
    }
    RunData.Execution x = data.execution();
    String state = x != null ? x.state() : data.executed() ? stateFromPhases() : "PLANNED";
    String why = x != null ? x.outcome() : data.phaseOutcomes().stream().map(PhaseOutcome::stopReason).filter(w -> !w.isBlank()).findFirst().orElse("");
    Instant start = x != null ? x.started() : schedule.stream().filter(PhaseSpan::fromJournal).map(PhaseSpan::start).findFirst().orElse(null);
    Instant end = x != null ? x.lastUpdate()
        : data.phaseOutcomes().stream().map(p -> p.finishedAt() != null ? p.finishedAt() : p.observeUntil()).filter(t -> t != null).max(Instant::compareTo).orElse(null);
    if (end == null) end = start;
    boolean simulated = x != null && x.simulatedClock();
    return new Outcome(state, why, planned, kept, rolledBack, planned - kept - rolledBack, start, end, simulated, data.reportTime(), data.executed());
  }

  /** A run read without its run record: rolled back or failed when a phase was, completed when every phase passed. */
  private String stateFromPhases() {
    List<String> states = data.phaseOutcomes().stream().map(p -> p.state().toUpperCase(Locale.ROOT)).toList();
    if (states.contains("ROLLED_BACK")) return "ROLLED_BACK";
    if (states.contains("FAILED")) return "FAILED";
    if (!states.isEmpty() && states.stream().allMatch("PASSED"::equals) && states.size() == data.plan().phases().size()) return "COMPLETED";
    return "RUNNING";
  }

  // ---- SLA -----------------------------------------------------------------------------------

  /**
   * One SLO of one action: lookback baseline, backtest prediction, worst observed value; where
   * nothing was observed, {@code observedNote} says why ("not observed yet" before the change).
   */
  public record SlaRow(String actionId, String resourceId, Slo slo, Double baseline, Double predicted, Double observed, String observedNote,
      String observedFrom) {}

  static final String NOT_MEASURED = "not measured in the observation window";
  /** A resource off the service's request path (the ML platform): the service's SLO is not its own, and it has no such reading of its own. */
  static final String NOT_ON_SERVICE_PATH = "no reading of its own (off the service's request path: the service SLO does not measure it)";

  public List<SlaRow> sla() {
    List<SlaRow> rows = new ArrayList<>();
    for (ActionRow r : actions) {
      var b = r.action().backtest();
      for (Slo slo : Slo.values()) {
        Double base = null;
        Double pred = null;
        if (b != null) {
          switch (slo) {
            case LATENCY_P95_MS -> { base = b.baselineP95Ms(); pred = b.predictedP95Ms(); }
            case LATENCY_P99_MS -> { base = b.baselineP99Ms(); pred = b.predictedP99Ms(); }
            case ERROR_RATE_PCT -> { base = b.baselineErrorRatePct(); pred = b.predictedErrorRatePct(); }
            // The backtest's peak starts at 0 and rises with every replayed load: 0 means no load was replayed.
            case PEAK_UTILISATION_PCT -> pred = b.predictedPeakUtilisationPct() > 0 ? b.predictedPeakUtilisationPct() : null;
          }
        }
        Double observed = r.outcome().worst(slo).orElse(null);
        boolean servicePath = Families.of(r.action().kind().family()).onServicePath(r.action().kind());
        String note = observed != null ? "" : r.outcome().appliedAt() == null ? ReportText.NOT_OBSERVED
            : servicePath ? NOT_MEASURED : NOT_ON_SERVICE_PATH;
        String from = observed == null ? "" : r.outcome().worstSource(slo).orElse("");
        rows.add(new SlaRow(r.action().id(), r.action().resourceId(), slo, finite(base), finite(pred), observed, note, from));
      }
    }
    return rows;
  }

  private static Double finite(Double d) {
    return d == null || d.isNaN() || d.isInfinite() ? null : d;
  }

  /**
   * One guard rule as it bears on one action: the service's SLO rules ({@code scope} "service SLO")
   * and the rules on the action's own resource ("resource"), with the guard's baseline, limit and
   * worst reading during the action's phase.
   */
  public record GuardRow(String actionId, String resourceId, String scope, GuardEvidence evidence) {}

  public List<GuardRow> guardEvidence() {
    java.util.Set<String> watched = new java.util.HashSet<>();
    actions.forEach(r -> watched.add(r.action().resourceId()));
    List<GuardRow> rows = new ArrayList<>();
    for (ActionRow r : actions) {
      if (r.outcome().appliedAt() == null) continue;
      List<GuardEvidence> phase = data.phaseOutcome(r.phase().number()).map(PhaseOutcome::guard).orElse(List.of());
      for (GuardEvidence e : phase) {
        if (e.watches(r.action().resourceId())) rows.add(new GuardRow(r.action().id(), r.action().resourceId(), "resource", e));
        else if (watched.stream().noneMatch(e::watches)) rows.add(new GuardRow(r.action().id(), r.action().resourceId(), "service SLO", e));
      }
    }
    return rows;
  }

  // ---- configuration -------------------------------------------------------------------------

  /**
   * One configuration key of a resource the plan touches: its value now (snapshot, else the first
   * action's expected before-value), after every action of the plan, and which actions change it.
   */
  public record ConfigRow(String resourceId, String family, String key, String before, String after, String afterRun, List<String> changedBy) {
    public ConfigRow {
      changedBy = List.copyOf(changedBy);
    }

    /** Whether the plan changes the value (an action may name a key and keep its value). */
    public boolean changed() {
      return !changedBy.isEmpty() && !before.equals(after);
    }
  }

  /**
   * Every resource touched, in the order the plan first touches it, with all its known settings:
   * before, after the plan, and after the run (only the changes in place; before execution the same
   * as after the plan).
   */
  public List<ConfigRow> configuration() {
    Map<String, List<ActionRow>> byResource = new LinkedHashMap<>();
    for (ActionRow r : actions) byResource.computeIfAbsent(r.action().resourceId(), k -> new ArrayList<>()).add(r);
    List<ConfigRow> rows = new ArrayList<>();
    for (Map.Entry<String, List<ActionRow>> e : byResource.entrySet()) {
      Map<String, String> current = data.resource(e.getKey()).map(Resource::config).orElse(Map.of());
      var keys = new java.util.TreeSet<String>(current.keySet());
      e.getValue().forEach(r -> { keys.addAll(r.action().before().keySet()); keys.addAll(r.action().after().keySet()); });
      for (String k : keys) {
        String before = current.get(k);
        String after = null;
        String afterRun = null;
        boolean runChanged = false;
        List<String> changedBy = new ArrayList<>();
        for (ActionRow r : e.getValue()) {
          if (before == null && r.action().before().containsKey(k)) before = r.action().before().get(k);
          if (r.action().after().containsKey(k) || r.action().before().containsKey(k)) {
            changedBy.add(r.action().id());
            after = r.action().after().get(k);
            if (!data.executed() || r.outcome().status().inEffect()) {
              afterRun = after;
              runChanged = true;
            }
          }
        }
        String was = before == null ? "" : before;
        String planned = changedBy.isEmpty() ? was : after == null ? "(removed)" : after;
        String run = !runChanged ? was : afterRun == null ? "(removed)" : afterRun;
        rows.add(new ConfigRow(e.getKey(), e.getValue().get(0).family(), k, was, planned, run, changedBy));
      }
    }
    return rows;
  }

  // ---- roadmap -------------------------------------------------------------------------------

  /**
   * A phase on the calendar: from the journal when it ran, else scheduled after the previous
   * phase's observation window (the first from the report's time).
   */
  public record PhaseSpan(
      int number, String name, Instant start, Instant applied, Instant observeUntil, boolean fromJournal, String state,
      int actions, int inEffect, int rolledBack, int skipped, double monthlySavings) {

    public Duration observation() {
      return Duration.between(applied, observeUntil);
    }
  }

  public List<PhaseSpan> schedule() {
    return schedule;
  }

  private List<PhaseSpan> buildSchedule() {
    List<PhaseSpan> spans = new ArrayList<>();
    Instant next = data.reportTime();
    for (Phase p : data.plan().phases()) {
      Optional<PhaseOutcome> journal = data.phaseOutcome(p.number()).filter(o -> o.startedAt() != null);
      Instant start = journal.map(PhaseOutcome::startedAt).orElse(next);
      Instant applied = journal.map(PhaseOutcome::appliedAt).orElse(null);
      if (applied == null) applied = start;
      Instant until = journal.map(PhaseOutcome::observeUntil).orElse(null);
      if (until == null) until = applied.plus(p.observation());
      // A phase rolled back during its window was observed only until then.
      Instant finishedEarly = data.phaseOutcome(p.number()).map(PhaseOutcome::finishedAt).orElse(null);
      if (finishedEarly != null && finishedEarly.isBefore(until) && finishedEarly.isAfter(applied)) until = finishedEarly;
      String state = data.phaseOutcome(p.number())
          .map(o -> o.state().toLowerCase(Locale.ROOT).replace('_', ' ') + (o.stopReason().isBlank() ? "" : " (" + o.stopReason() + ")"))
          .orElse(data.executed() ? "not started" : "planned");
      List<ActionRow> mine = actions.stream().filter(r -> r.phase().number() == p.number()).toList();
      spans.add(new PhaseSpan(p.number(), p.name(), start, applied, until, journal.isPresent(), state, mine.size(),
          (int) mine.stream().filter(r -> r.outcome().status().inEffect()).count(),
          (int) mine.stream().filter(r -> r.outcome().status() == Status.ROLLED_BACK).count(),
          (int) mine.stream().filter(r -> r.outcome().status() == Status.SKIPPED || r.outcome().status() == Status.FAILED).count(),
          mine.stream().mapToDouble(r -> r.action().monthlySavings()).sum()));
      Instant finished = data.phaseOutcome(p.number()).map(PhaseOutcome::finishedAt).orElse(null);
      next = finished != null ? finished : until;
    }
    return List.copyOf(spans);
  }

  // ---- savings projection --------------------------------------------------------------------

  /** One month of the projection: savings realised in it and since the projection's start. */
  public record ProjectionMonth(int month, LocalDate start, double savings, double cumulative) {}

  /**
   * Savings month by month for 12 months from when the last counted change takes (or is scheduled
   * to take) effect, so the twelve months add up to the headline's annual saving: once executed the
   * changes in place count, before execution every planned change does. Rolled back, skipped and
   * failed changes save nothing.
   */
  public List<ProjectionMonth> projection() {
    List<ActionRow> counted = actions.stream().filter(r -> effectiveFrom(r).isPresent()).toList();
    Instant start = counted.stream().map(r -> effectiveFrom(r).orElseThrow()).max(Instant::compareTo)
        .orElse(schedule.isEmpty() ? data.reportTime() : schedule.get(0).start());
    double monthly = counted.stream().mapToDouble(r -> r.action().monthlySavings()).sum();
    ZonedDateTime origin = start.atZone(ZoneOffset.UTC);
    List<ProjectionMonth> months = new ArrayList<>();
    double cumulative = 0;
    for (int m = 1; m <= PROJECTION_MONTHS; m++) {
      cumulative += monthly;
      months.add(new ProjectionMonth(m, origin.plusMonths(m - 1).toLocalDate(), monthly, cumulative));
    }
    return months;
  }

  /** When an action's saving starts: applied and still in place; before execution, when it is scheduled. */
  private Optional<Instant> effectiveFrom(ActionRow r) {
    Status s = r.outcome().status();
    if (s.inEffect()) return Optional.ofNullable(r.outcome().appliedAt()).or(() -> spanOf(r).map(PhaseSpan::applied));
    if (!data.executed() && s == Status.PLANNED) return spanOf(r).map(PhaseSpan::applied);
    return Optional.empty();
  }

  private Optional<PhaseSpan> spanOf(ActionRow r) {
    return schedule.stream().filter(s -> s.number() == r.phase().number()).findFirst();
  }

  // ---- metrics -------------------------------------------------------------------------------

  /** One chart: one metric of one resource (named by the metrics engine's key), one line per statistic. */
  public record MetricChart(String resourceId, Family family, String metric, List<MetricSeries> series) {}

  /**
   * Charts of the resources the plan changes, family by family. Only those: a workbook holds every
   * plotted point as a cell (about 4 MB of heap per 1,000), so charting a whole fleet would not fit;
   * the heat map covers every measured resource.
   */
  public List<MetricChart> metricCharts() {
    java.util.Set<String> changed = new java.util.HashSet<>();
    actions.forEach(r -> changed.add(r.action().resourceId()));
    List<MetricChart> charts = new ArrayList<>();
    List<ResourceMetrics> ordered = data.metrics().stream()
        .filter(m -> changed.contains(m.resource().id()))
        .sorted(Comparator.comparing((ResourceMetrics m) -> m.resource().family(), Families.order()).thenComparing(m -> m.resource().id())).toList();
    for (ResourceMetrics rm : ordered) {
      Map<String, List<MetricSeries>> byMetric = new LinkedHashMap<>();
      // Grouped by the engine's metric key (before ":stat"), which tells apart one CloudWatch metric
      // read for different dimensions, such as an Aurora writer's and its readers' CPU.
      for (Map.Entry<String, MetricSeries> e : rm.hourly().entrySet()) {
        if (e.getValue().isEmpty()) continue;
        String key = e.getKey();
        String metric = key.contains(":") ? key.substring(0, key.lastIndexOf(':')) : key;
        byMetric.computeIfAbsent(metric, k -> new ArrayList<>()).add(e.getValue());
      }
      byMetric.forEach((metric, series) -> charts.add(new MetricChart(rm.resource().id(), rm.resource().family(), metric, List.copyOf(series))));
    }
    return charts;
  }

  /** Mean utilisation per UTC hour of day (NaN where no point fell in that hour). */
  public record HeatRow(String resourceId, String family, String source, double[] byHour) {
    @Override
    public boolean equals(Object o) {
      return o instanceof HeatRow h && h.resourceId.equals(resourceId) && h.source.equals(source) && Arrays.equals(h.byHour, byHour);
    }

    @Override
    public int hashCode() {
      return resourceId.hashCode();
    }
  }

  /**
   * Utilisation in percent by resource and hour of day: CPU where measured; DynamoDB consumed
   * read capacity against provisioned; Lambda concurrency against reserved. Resources with none of
   * these are left out (the dashboard says which).
   */
  public List<HeatRow> heatMap() {
    List<HeatRow> rows = new ArrayList<>();
    for (ResourceMetrics rm : data.metrics()) UtilisationSeries.of(rm).ifPresent(u -> rows.add(
        new HeatRow(rm.resource().id(), rm.resource().family().label(), u.source(), u.byHourOfDay())));
    rows.sort(Comparator.comparing(HeatRow::family).thenComparing(HeatRow::resourceId));
    return rows;
  }

  /**
   * Resources missing from the heat map: those with metrics but no utilisation series, and those the
   * plan changes that have no lookback metrics in this report at all.
   */
  public List<String> withoutUtilisation() {
    java.util.TreeSet<String> ids = new java.util.TreeSet<>();
    data.metrics().stream().filter(rm -> UtilisationSeries.of(rm).isEmpty()).forEach(rm -> ids.add(rm.resource().id()));
    ids.addAll(changedWithoutMetrics());
    return List.copyOf(ids);
  }

  /** Resources the plan changes with no lookback metrics in this report (so no chart), in plan order. */
  public List<String> changedWithoutMetrics() {
    return actions.stream().map(r -> r.action().resourceId()).distinct().filter(id -> data.metricsOf(id).isEmpty()).toList();
  }

  // ---- rollback and recovery -----------------------------------------------------------------

  public List<RollbackProcedure> rollbacks() {
    return actions.stream().map(r -> RollbackProcedure.of(r.action(), r.phase().number(), data.resource(r.action().resourceId()), r.outcome(),
        data.executed() ? data.runId() : null, data.stateFile())).toList();
  }

  public List<RecoveryImpact> recovery() {
    return actions.stream().map(r -> RecoveryImpact.of(r.action(), data.resource(r.action().resourceId()))).toList();
  }

  // ---- tenants -------------------------------------------------------------------------------

  /** A resource left alone because it is tenant-owned (SPEC O6). */
  public record ExcludedResource(String resourceId, String family, String reason) {}

  /** An action on a resource that serves tenants without belonging to one. */
  public record SharedAction(String actionId, String resourceId, String family, String change, String why) {}

  public List<ExcludedResource> tenantExclusions() {
    Map<String, ExcludedResource> byId = new LinkedHashMap<>();
    for (Plan.Skipped s : data.plan().skipped()) {
      if (s.reason().contains(Resource.TENANT_TAG)) byId.put(s.resourceId(), new ExcludedResource(s.resourceId(), s.family(), s.reason()));
    }
    for (Resource r : data.allResources()) {
      if (r.tags().containsKey(Resource.TENANT_TAG)) {
        byId.putIfAbsent(r.id(), new ExcludedResource(r.id(), r.family().label(), r.exclusionReason().orElseThrow()));
      }
    }
    return List.copyOf(byId.values());
  }

  /**
   * Actions on shared resources: on a multi-tenant blueprint ({@code saas}) or in an account with
   * tenant-owned resources, every untagged resource serves all tenants.
   */
  public List<SharedAction> sharedActions() {
    int tenantOwned = tenantExclusions().size();
    boolean multiTenant = "saas".equalsIgnoreCase(data.plan().blueprint());
    if (!multiTenant && tenantOwned == 0) return List.of();
    String why = multiTenant
        ? "shared by every tenant of the saas platform" + (tenantOwned > 0 ? " (" + tenantOwned + " tenant-owned resources excluded)" : "")
        : "shared; the account holds " + tenantOwned + " tenant-owned resources";
    return actions.stream()
        .filter(r -> data.resource(r.action().resourceId()).map(res -> !res.tags().containsKey(Resource.TENANT_TAG)).orElse(true))
        .map(r -> new SharedAction(r.action().id(), r.action().resourceId(), r.family(), r.change(), why)).toList();
  }

  /**
   * A recommendation or a resource the plan left out: what (the change, or the whole resource), the
   * deciding reason, and what it would have saved a month (null where nothing was evaluated).
   */
  public record LeftOut(String resourceId, String family, String what, String reason, Double monthlySavings) {}

  static final String WHOLE_RESOURCE = "the whole resource (not analysed)";

  /** Every entry of the plan's {@code skipped}, the change split from its reason. */
  public List<LeftOut> leftOut() {
    String marker = " left out: ";
    return data.plan().skipped().stream().map(s -> {
      int at = s.reason().indexOf(marker);
      return at < 0 ? new LeftOut(s.resourceId(), s.family(), WHOLE_RESOURCE, s.reason(), s.monthlySavings())
          : new LeftOut(s.resourceId(), s.family(), s.reason().substring(0, at), s.reason().substring(at + marker.length()), s.monthlySavings());
    }).toList();
  }

  /** Plan entries skipped for any reason (tenant, critical path, no data...). */
  public List<Plan.Skipped> skipped() {
    return data.plan().skipped();
  }
}
