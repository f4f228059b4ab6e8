package dev.tap.optimizer.report;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.GuardReading;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.PhaseRecord;
import dev.tap.optimizer.exec.RunRecord;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.plan.PlanJson;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.report.ActionOutcome.Observation;
import dev.tap.optimizer.report.ActionOutcome.Slo;
import dev.tap.optimizer.report.ActionOutcome.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads what {@code tap apply} recorded about one run of a plan from its journal (the state file):
 * per action its status, the re-read before-state and the SLO values the guard observed during its
 * phase's observation window. The journal is only read.
 */
public final class JournalOutcomes {
  private JournalOutcomes() {}

  /**
   * The run's id, phases and actions, plus the plan's run-independent parts, as a {@link RunData}.
   * The caller opens the journal (the report never picks its store) and closes it.
   */
  public static RunData attach(RunData planned, Journal journal, Optional<Long> runId) {
    String stateFile = journal.location();
    RunRecord run = pickRun(journal, planned.plan(), stateFile, runId);
    String sha = PlanJson.contentSha256(planned.plan());
    if (run.planSha256() != null && !run.planSha256().equalsIgnoreCase(sha)) {
      throw new UserError(ExitCode.BAD_INPUT, "run " + run.id() + " in " + stateFile + " was applied from a different plan (content SHA-256 "
          + run.planSha256() + ", the given plan has " + sha + "). Pass the plan file it was applied from: " + run.planSource() + ".");
    }
    List<GuardReading> readings = journal.readings(run.id());
    List<ActionOutcome> outcomes = new ArrayList<>();
    java.util.Set<String> resources = new java.util.HashSet<>();
    planned.plan().actions().forEach(x -> resources.add(x.resourceId()));
    for (ActionRecord a : journal.actions(run.id())) {
      boolean servicePath = planned.plan().actions().stream().filter(x -> x.id().equals(a.actionId())).findFirst()
          .map(x -> Families.of(x.kind().family()).onServicePath(x.kind())).orElse(true);
      outcomes.add(outcome(a, readings, resources, servicePath));
    }
    List<GuardEvidence> guard = GuardEvidence.of(readings);
    List<PhaseOutcome> phases = journal.phases(run.id()).stream().map(p -> phase(p, guard)).toList();
    return new RunData(Long.toString(run.id()), planned.plan(), planned.resources(), planned.metrics(), outcomes, phases,
        planned.actualSpend(), planned.reportTime(), stateFile,
        new RunData.Execution(run.state().name(), run.outcome(), run.createdAt(), run.updatedAt(),
            run.settings() != null && RunSettings.SIM.equals(run.settings().target())));
  }

  private static RunRecord pickRun(Journal journal, Plan plan, String stateFile, Optional<Long> runId) {
    if (runId.isPresent()) {
      RunRecord run = journal.run(runId.get());
      if (!run.planId().equals(plan.id())) {
        throw new UserError(ExitCode.BAD_INPUT, "run " + run.id() + " in " + stateFile + " applied plan " + run.planId() + ", not " + plan.id()
            + ". Pass that plan with --plan, or choose another run with --run.");
      }
      return run;
    }
    return journal.runs().stream().filter(r -> r.planId().equals(plan.id())).max(Comparator.comparingLong(RunRecord::id))
        .orElseThrow(() -> new UserError(ExitCode.BAD_INPUT, stateFile + " holds no run of plan " + plan.id()
            + ". Leave out --state to report the plan before it is applied, or name the run with --run."));
  }

  static ActionOutcome outcome(ActionRecord a, List<GuardReading> readings) {
    return outcome(a, readings, java.util.Set.of(a.resourceId()), true);
  }

  /**
   * @param resources the plan's resource ids: a rule named after one ("... tap-dev-dax") watches that
   *     resource only, and bears on no other action
   * @param servicePath whether the service's SLO readings bear on the action (else only its own)
   */
  static ActionOutcome outcome(ActionRecord a, List<GuardReading> readings, java.util.Set<String> resources, boolean servicePath) {
    Status status = switch (a.state()) {
      case PENDING -> Status.PLANNED;
      case INTENT, UNDO_INTENT -> Status.IN_PROGRESS;
      case DONE -> Status.APPLIED;
      case SKIPPED -> Status.SKIPPED;
      case FAILED -> Status.FAILED;
      case UNDONE -> Status.ROLLED_BACK;
      case UNDO_SKIPPED -> Status.ROLLBACK_SKIPPED;
    };
    String reason = a.message() == null ? "" : a.message();
    if (a.state() == dev.tap.optimizer.exec.ActionState.UNDO_INTENT && reason.isBlank()) reason = "rolling back";
    // SKIPPED also stamps done_at; only a change that was made has an applied time and observations.
    boolean changed = switch (a.state()) {
      case DONE, UNDO_INTENT, UNDONE, UNDO_SKIPPED -> true;
      default -> false;
    };
    Instant appliedAt = changed ? a.doneAt() : null;
    List<Observation> observed = new ArrayList<>();
    if (appliedAt != null) {
      for (GuardReading r : readings) {
        if (r.phase() != a.phase() || r.value() == null) continue;
        boolean own = r.rule().endsWith(" " + a.resourceId());
        if (own) {
          // The resource's own latency (an endpoint's ModelLatency), in ms; its own error counts are not a rate.
          slo(r).filter(slo -> slo != Slo.ERROR_RATE_PCT)
              .ifPresent(slo -> observed.add(new Observation(slo, r.value() / microsecondsPerUnit(r.metric()), r.checkedAt(), r.rule())));
        } else if (servicePath && resources.stream().noneMatch(id -> r.rule().endsWith(" " + id))) {
          slo(r).ifPresent(slo -> observed.add(new Observation(slo, r.value(), r.checkedAt())));
        }
      }
    }
    return new ActionOutcome(a.actionId(), status, reason, appliedAt, a.undoneAt(), a.observedBefore(), a.observedAfter(), observed);
  }

  /** CloudWatch metrics recorded in microseconds (SageMaker's latencies): divided by 1,000 to give ms. */
  static final java.util.Set<String> MICROSECOND_METRICS = java.util.Set.of("ModelLatency", "OverheadLatency");

  private static double microsecondsPerUnit(String metric) {
    return MICROSECOND_METRICS.contains(metric) ? 1000.0 : 1.0;
  }

  /** The SLO a guard reading measures: latency p95/p99, error rate; other rules (queue depth) are not SLO columns. */
  static Optional<Slo> slo(GuardReading r) {
    String metric = r.metric().toLowerCase(Locale.ROOT);
    String stat = r.stat().toLowerCase(Locale.ROOT);
    if (metric.contains("latency") && stat.equals("p95")) return Optional.of(Slo.LATENCY_P95_MS);
    if (metric.contains("latency") && stat.equals("p99")) return Optional.of(Slo.LATENCY_P99_MS);
    if (metric.contains("error")) return Optional.of(Slo.ERROR_RATE_PCT);
    return Optional.empty();
  }

  private static PhaseOutcome phase(PhaseRecord p, List<GuardEvidence> guard) {
    String stop = "";
    if (p.breached()) {
      stop = String.format(Locale.ROOT, "%s: %s against a limit of %s", p.breachRule(),
          p.breachValue() == null ? "no data" : String.format(Locale.ROOT, "%.4g", p.breachValue()),
          p.breachThreshold() == null ? "none" : String.format(Locale.ROOT, "%.4g", p.breachThreshold()));
    } else if (p.error() != null) {
      stop = p.error();
    }
    return new PhaseOutcome(p.number(), p.state().name(), p.startedAt(), p.appliedAt(), p.observeUntil(), p.finishedAt(), stop,
        guard.stream().filter(g -> g.phase() == p.number()).toList());
  }
}
