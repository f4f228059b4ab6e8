package dev.tap.optimizer.report;

import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.pricing.SpendReport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a report shows, read from the run's own records: the plan, the snapshot's resources,
 * the lookback's metrics, and what execution did (empty before {@code tap apply}). Reports never
 * read anything else, so every number in them can be traced back to one of these.
 *
 * @param runId the journal's run id, or the plan id when nothing was executed
 * @param resources the snapshot the plan was made from (may be empty: then only metrics' resources)
 * @param actualSpend Cost Explorer's answer, or why it is unavailable
 * @param reportTime when the report was made (from the injected clock); a plan not yet applied is
 *     scheduled from this instant in the roadmap and the savings projection
 * @param stateFile the journal the outcomes were read from, or null (named in rollback commands)
 * @param execution the journal's record of the run as a whole, or null when nothing was executed
 */
public record RunData(
    String runId,
    Plan plan,
    List<Resource> resources,
    List<ResourceMetrics> metrics,
    List<ActionOutcome> outcomes,
    List<PhaseOutcome> phaseOutcomes,
    SpendReport actualSpend,
    Instant reportTime,
    String stateFile,
    Execution execution) {

  /**
   * The run as the journal recorded it: its state ({@code RUNNING}, {@code COMPLETED},
   * {@code ROLLED_BACK}, {@code FAILED}), why it stopped, and its span. {@code simulatedClock} says
   * the span was measured on the simulator's virtual clock, not the wall clock the report is made on.
   */
  public record Execution(String state, String outcome, Instant started, Instant lastUpdate, boolean simulatedClock) {
    public Execution {
      if (state == null || state.isBlank()) throw new IllegalArgumentException("a run's state is required");
      outcome = outcome == null ? "" : outcome;
    }
  }

  /** A run without the journal's run record (its state then follows from the phases). */
  public RunData(String runId, Plan plan, List<Resource> resources, List<ResourceMetrics> metrics, List<ActionOutcome> outcomes,
      List<PhaseOutcome> phaseOutcomes, SpendReport actualSpend, Instant reportTime, String stateFile) {
    this(runId, plan, resources, metrics, outcomes, phaseOutcomes, actualSpend, reportTime, stateFile, null);
  }

  public RunData {
    if (plan == null) throw new IllegalArgumentException("a report needs a plan");
    if (reportTime == null) throw new IllegalArgumentException("a report needs its time");
    runId = runId == null || runId.isBlank() ? plan.id() : runId;
    resources = List.copyOf(resources);
    metrics = List.copyOf(metrics);
    outcomes = List.copyOf(outcomes);
    phaseOutcomes = List.copyOf(phaseOutcomes);
    if (actualSpend == null) actualSpend = new SpendReport.Unavailable("not read for this report");
  }

  /** A run that was planned only: every action planned, nothing observed. */
  public static RunData planned(Plan plan, List<Resource> resources, List<ResourceMetrics> metrics, SpendReport spend, Instant reportTime) {
    return new RunData(plan.id(), plan, resources, metrics, List.of(), List.of(), spend, reportTime, null, null);
  }

  public ActionOutcome outcome(Action action) {
    return outcomes.stream().filter(o -> o.actionId().equals(action.id())).findFirst().orElse(ActionOutcome.planned(action.id()));
  }

  public Optional<PhaseOutcome> phaseOutcome(int number) {
    return phaseOutcomes.stream().filter(p -> p.number() == number).findFirst();
  }

  /** Whether a journal was read: then unstarted actions are "not applied", not merely "planned". */
  public boolean executed() {
    return execution != null || !outcomes.isEmpty() || !phaseOutcomes.isEmpty();
  }

  /** The resource with this id from the snapshot, else from the metrics. */
  public Optional<Resource> resource(String id) {
    return allResources().stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** Snapshot resources first, then any resource only the metrics know, each once. */
  public List<Resource> allResources() {
    Map<String, Resource> byId = new LinkedHashMap<>();
    resources.forEach(r -> byId.putIfAbsent(r.id(), r));
    metrics.forEach(m -> byId.putIfAbsent(m.resource().id(), m.resource()));
    return List.copyOf(byId.values());
  }

  public Optional<ResourceMetrics> metricsOf(String resourceId) {
    return metrics.stream().filter(m -> m.resource().id().equals(resourceId)).findFirst();
  }
}
