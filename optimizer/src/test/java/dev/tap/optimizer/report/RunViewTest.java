package dev.tap.optimizer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ConfigKeys;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.report.RunView.PhaseSpan;
import dev.tap.optimizer.report.RunView.ProjectionMonth;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunViewTest {

  @Test
  void unappliedPhasesAreScheduledBackToBackFromTheReportTime() {
    List<PhaseSpan> spans = new RunView(RunFixtures.planned()).schedule();
    assertThat(spans).extracting(PhaseSpan::start).containsExactly(RunFixtures.REPORT_TIME, RunFixtures.REPORT_TIME.plus(Duration.ofHours(48)),
        RunFixtures.REPORT_TIME.plus(Duration.ofHours(96)));
    assertThat(spans.get(2).observeUntil()).isEqualTo(RunFixtures.REPORT_TIME.plus(Duration.ofHours(96 + 72)));
    assertThat(spans).allSatisfy(s -> assertThat(s.fromJournal()).isFalse());
  }

  @Test
  void projectionOfAPlanStartsWhenItsLastPhaseTakesEffectAndAddsUpToTheAnnualSaving() {
    RunView view = new RunView(RunFixtures.planned());
    List<ProjectionMonth> months = view.projection();
    assertThat(months).hasSize(12);
    // Phase 3 is scheduled 96 h after the report time: 4 December.
    assertThat(months.get(0).start()).isEqualTo(LocalDate.parse("2026-12-04"));
    assertThat(months).allSatisfy(m -> assertThat(m.savings()).isCloseTo(view.monthlySavings(), within(1e-6)));
    assertThat(months.get(11).cumulative()).isCloseTo(view.outcome().headlineAnnual(), within(1e-6));
    assertThat(sum(view, 1) + sum(view, 2) + sum(view, 3)).isCloseTo(view.monthlySavings(), within(1e-6));
  }

  @Test
  void outcomeOfARolledBackRunKeepsOnlyTheChangesInPlace() {
    RunView view = new RunView(RunFixtures.executed());
    var o = view.outcome();
    assertThat(o.state()).isEqualTo("ROLLED_BACK");
    assertThat(o.why()).startsWith("p99 latency rose 37 %");
    assertThat(o.keptMonthly()).isCloseTo(sum(view, 1), within(1e-6));
    assertThat(o.headlineAnnual()).isCloseTo(sum(view, 1) * 12, within(1e-6));
    double rolledBack = view.actions().stream().filter(r -> r.outcome().status() == ActionOutcome.Status.ROLLED_BACK)
        .mapToDouble(r -> r.action().monthlySavings()).sum();
    assertThat(o.rolledBackMonthly()).isCloseTo(rolledBack, within(1e-6)).isPositive();
    assertThat(o.keptMonthly() + o.rolledBackMonthly() + o.notAppliedMonthly()).isCloseTo(o.plannedMonthly(), within(1e-6));
    assertThat(o.spanStart()).isEqualTo(RunFixtures.PHASE1_START);
    assertThat(o.generatedAt()).isEqualTo(RunFixtures.REPORT_TIME);
  }

  @Test
  void outcomeStateFollowsThePhasesWhenTheRunRecordIsAbsent() {
    assertThat(new RunView(RunFixtures.planned()).outcome().state()).isEqualTo("PLANNED");
    assertThat(new RunView(RunFixtures.planned()).outcome().span()).isEqualTo("not executed");
    RunData executed = RunFixtures.executed();
    RunData withRecord = new RunData(executed.runId(), executed.plan(), executed.resources(), executed.metrics(), executed.outcomes(),
        executed.phaseOutcomes(), executed.actualSpend(), executed.reportTime(), null,
        new RunData.Execution("ROLLED_BACK", "guard breach", RunFixtures.PHASE1_START, RunFixtures.PHASE2_APPLIED, true));
    var o = new RunView(withRecord).outcome();
    assertThat(o.why()).isEqualTo("guard breach");
    assertThat(o.span()).endsWith("(simulated clock)");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"100.00, 100.00, ", "100.00, 99.996, ", "100.00, 99.99, 0.8", "100.00, 130.00, 0.8"})
  void noConfidenceOnAChangeThatSavesNothing(double before, double after, Double expected) {
    var plan = RunFixtures.plan();
    var a = plan.actions().get(0);
    var zero = new dev.tap.optimizer.model.Action(a.id(), a.kind(), a.resourceId(), a.region(), a.before(), a.after(), before, after, a.risk(), 0.8,
        a.evidence(), a.backtest(), a.rationale());
    var row = new RunView.ActionRow(zero, plan.phases().get(0), ActionOutcome.planned(a.id()), "planned");
    assertThat(row.confidence()).isEqualTo(expected);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"0, ", "0.5, 0.5", "189, 189"})
  void predictedPeakIsBlankWhereNoLoadWasReplayed(double peak, Double expected) {
    var plan = RunFixtures.plan();
    var a = plan.actions().get(0);
    var b = new dev.tap.optimizer.model.Backtest(14, 5, 5, 8, 8, 0.1, 0.1, peak, 0, true, "replay");
    var changed = new dev.tap.optimizer.model.Action(a.id(), a.kind(), a.resourceId(), a.region(), a.before(), a.after(), a.monthlyCostBefore(),
        a.monthlyCostAfter(), a.risk(), a.confidence(), a.evidence(), b, a.rationale());
    var phase = new dev.tap.optimizer.model.Phase(1, plan.phases().get(0).name(), plan.phases().get(0).observation(), List.of(changed));
    var one = new dev.tap.optimizer.model.Plan(plan.schemaVersion(), plan.id(), plan.blueprint(), plan.account(), plan.source(), plan.createdAt(),
        plan.lookbackStart(), plan.lookbackEnd(), plan.priceListDate(), List.of(phase), List.of());
    var view = new RunView(RunData.planned(one, List.of(), List.of(), null, RunFixtures.REPORT_TIME));
    assertThat(view.sla()).filteredOn(r -> r.slo() == ActionOutcome.Slo.PEAK_UTILISATION_PCT).singleElement()
        .extracting(RunView.SlaRow::predicted).isEqualTo(expected);
  }

  @Test
  void heatMapUsesTheAuroraWritersCpuNotItsReaders() {
    var aurora = RunFixtures.resources().get(0);
    var reader = RunFixtures.hourly("r", aurora, "CPUUtilization", "Average", 10, 2);
    var writer = RunFixtures.hourly("w", aurora, "CPUUtilization", "Average", 60, 20);
    java.util.Map<String, dev.tap.optimizer.metrics.MetricSeries> hourly = new java.util.LinkedHashMap<>();
    hourly.put("CPUUtilization.reader:Average", reader);
    hourly.put("CPUUtilization.writer:Average", writer);
    var start = java.time.Instant.ofEpochSecond(reader.times()[0]);
    var end = java.time.Instant.ofEpochSecond(reader.times()[reader.times().length - 1]);
    var rm = new dev.tap.optimizer.metrics.ResourceMetrics(aurora, start, end, java.util.Map.of(), hourly);
    assertThat(UtilisationSeries.of(rm).orElseThrow().source()).isEqualTo("CPUUtilization.writer Average");
    java.util.Map<String, dev.tap.optimizer.metrics.MetricSeries> own = new java.util.LinkedHashMap<>(hourly);
    own.put("CPUUtilization:Average", reader);
    var rm2 = new dev.tap.optimizer.metrics.ResourceMetrics(aurora, start, end, java.util.Map.of(), own);
    assertThat(UtilisationSeries.of(rm2).orElseThrow().source()).as("the resource's own CPU first").isEqualTo("CPUUtilization Average");
  }

  private static double sum(RunView view, int phase) {
    return view.actions().stream().filter(r -> r.phase().number() == phase).mapToDouble(r -> r.action().monthlySavings()).sum();
  }

  @Test
  void journalPhasesKeepTheirRecordedTimesAndARollbackEndsTheWindow() {
    List<PhaseSpan> spans = new RunView(RunFixtures.executed()).schedule();
    assertThat(spans.get(0).start()).isEqualTo(RunFixtures.PHASE1_START);
    assertThat(spans.get(0).fromJournal()).isTrue();
    assertThat(spans.get(1).observeUntil()).isEqualTo(RunFixtures.PHASE2_APPLIED.plus(Duration.ofMinutes(210)));
    assertThat(spans.get(1).state()).startsWith("rolled back (p99 latency rose 37 %");
    assertThat(spans.get(2).fromJournal()).isFalse();
    assertThat(spans.get(2).start()).isEqualTo(spans.get(1).observeUntil());
  }

  @Test
  void rolledBackAndStoppedPhasesSaveNothing() {
    RunView view = new RunView(RunFixtures.executed());
    double phase1 = sum(view, 1);
    // Month 2 onward only phase 1 is in effect; phase 2 rolled back, phase 3 never started.
    assertThat(view.projection().get(1).savings()).isCloseTo(phase1, within(1e-6));
  }

  @Test
  void tenantImpactIsEmptyForASingleTenantAccount() {
    Plan saas = RunFixtures.plan();
    Plan trading = new Plan(saas.schemaVersion(), saas.id(), "trading", saas.account(), saas.source(), saas.createdAt(), saas.lookbackStart(),
        saas.lookbackEnd(), saas.priceListDate(), saas.phases(), List.of());
    RunData run = RunData.planned(trading, List.of(RunFixtures.AURORA, RunFixtures.ASG), List.of(), null, RunFixtures.REPORT_TIME);
    RunView view = new RunView(run);
    assertThat(view.tenantExclusions()).isEmpty();
    assertThat(view.sharedActions()).isEmpty();
    assertThat(run.actualSpend()).isInstanceOf(dev.tap.optimizer.pricing.SpendReport.Unavailable.class);
  }

  @ParameterizedTest(name = "{0} {1}->{2}: {3}")
  @CsvSource(delimiter = '|', value = {
      "readers | 2 | 1 | 60 s (promote a reader)",
      "readers | 1 | 0 | 10 min (recreate the writer)",
  })
  void auroraWriterRecoveryFollowsTheReaderCount(String key, String before, String after, String rtoAfter) {
    Action a = RunFixtures.action("x", AuroraFamily.DB_REMOVE_READER, RunFixtures.AURORA, Map.of(key, before), Map.of(key, after), 10, 5,
        Action.Risk.MEDIUM, 0.8, List.of(), null);
    RecoveryImpact r = RecoveryImpact.of(a, Optional.of(RunFixtures.AURORA));
    assertThat(r.rtoAfter().text()).isEqualTo(rtoAfter);
    assertThat(r.rpoAfter().seconds()).isZero();
    assertThat(r.reasoning()).startsWith("Readers " + before + " -> " + after);
  }

  @Test
  void withoutTheResourcesConfigurationRecoveryIsUnknownAndSaysWhy() {
    Action a = RunFixtures.action("x", RedisFamily.REDIS_NODE_TYPE, RunFixtures.REDIS, Map.of("nodeType", "cache.r6g.4xlarge"),
        Map.of("nodeType", "cache.r6g.xlarge"), 10, 5, Action.Risk.MEDIUM, 0.8, List.of(), null);
    RecoveryImpact none = RecoveryImpact.of(a, Optional.empty());
    assertThat(none.rtoBefore().text()).isEqualTo("unknown");
    assertThat(none.rpoAfter().seconds()).isNull();
    assertThat(none.reasoning()).startsWith("Unknown: the recovery objectives follow from ").contains("replicasPerShard").contains("--metrics DIR");
    // With the snapshot's configuration the family's model answers.
    RecoveryImpact described = RecoveryImpact.of(a, Optional.of(RunFixtures.REDIS));
    assertThat(described.rtoBefore().text()).isNotEqualTo("unknown");
    assertThat(described.reasoning()).doesNotContain("Unknown");
  }

  @Test
  void lastSecondaryRegionRemovedMeansRestoreFromBackup() {
    Action a = RunFixtures.action("x", AuroraFamily.DB_REMOVE_SECONDARY_REGION, RunFixtures.AURORA, Map.of(ConfigKeys.SECONDARY_REGIONS, "us-west-2"),
        Map.of(ConfigKeys.SECONDARY_REGIONS, ""), 10, 5, Action.Risk.HIGH, 0.8, List.of(), null);
    RecoveryImpact r = RecoveryImpact.of(a, Optional.of(RunFixtures.AURORA));
    assertThat(r.rtoBefore().seconds()).isEqualTo(60);
    assertThat(r.rtoAfter().seconds()).isNull();
    assertThat(r.rpoBefore().seconds()).isEqualTo(1);
    assertThat(r.rpoAfter().text()).isEqualTo("since the last cross-region backup copy");
  }

  @Test
  void rollbackNamesWhatTheRecordsLackInsteadOfGuessing() {
    var bare = new dev.tap.optimizer.model.Resource("tap-dev-asg", AsgFamily.ASG, "us-east-1", null, Map.of(), Map.of());
    Action a = RunFixtures.action("x", AsgFamily.ASG_INSTANCE_TYPE, bare, Map.of(ConfigKeys.INSTANCE_TYPE, "c6i.8xlarge"),
        Map.of(ConfigKeys.INSTANCE_TYPE, "c6i.4xlarge"), 10, 5, Action.Risk.MEDIUM, 0.8, List.of(), null);
    RollbackProcedure p = RollbackProcedure.of(a, 1, Optional.of(bare), ActionOutcome.planned("x"), null, null);
    assertThat(p.awsCli().get(0)).contains("--launch-template-id <launchTemplateId>").contains("\"InstanceType\":\"c6i.8xlarge\"");
    assertThat(p.note()).contains("'launchTemplateId' of tap-dev-asg is not in the run records");
  }

  @Test
  void removedReaderIsTheOneTheJournalSawGo() {
    Action a = RunFixtures.action("x", AuroraFamily.DB_REMOVE_READER, RunFixtures.AURORA, Map.of(ConfigKeys.READERS, "2"), Map.of(ConfigKeys.READERS, "1"),
        10, 5, Action.Risk.MEDIUM, 0.8, List.of(), null);
    var outcome = new ActionOutcome("x", ActionOutcome.Status.APPLIED, "", RunFixtures.REPORT_TIME, null,
        Map.of(ConfigKeys.MEMBER_IDS, "w,r1,r2", ConfigKeys.READERS, "2"), Map.of(ConfigKeys.MEMBER_IDS, "w,r1", ConfigKeys.READERS, "1"), List.of());
    RollbackProcedure p = RollbackProcedure.of(a, 4, Optional.of(RunFixtures.AURORA), outcome, "3", "state.db");
    assertThat(p.awsCli()).containsExactly("aws rds create-db-instance --db-instance-identifier r2 --db-cluster-identifier tap-dev-aurora"
        + " --db-instance-class db.r6g.4xlarge --engine aurora-mysql --region us-east-1");
    assertThat(p.tapCommand()).isEqualTo("tap rollback 3 --phase 4 --state state.db --yes");
    // Before apply nothing says which reader goes: a new one is named after the cluster, and the note says so.
    RollbackProcedure planned = RollbackProcedure.of(a, 4, Optional.of(RunFixtures.AURORA), ActionOutcome.planned("x"), null, null);
    assertThat(planned.awsCli()).singleElement().asString().contains("--db-instance-identifier tap-dev-aurora-reader-2 ");
    assertThat(planned.note()).contains("removed readers' ids were not recorded").contains("RUN is the run id");
  }

  @Test
  void moneyPutsTheSignBeforeTheDollar() {
    assertThat(ReportText.money(-2242.556)).isEqualTo("-$2,242.56");
    assertThat(ReportText.money(79610.88)).isEqualTo("$79,610.88");
  }

  @Test
  void phaseWithoutActionsStillHasItsWindow() {
    Plan saas = RunFixtures.plan();
    Plan withEmpty = new Plan(saas.schemaVersion(), saas.id(), saas.blueprint(), saas.account(), saas.source(), saas.createdAt(), saas.lookbackStart(),
        saas.lookbackEnd(), saas.priceListDate(), List.of(new Phase(1, "nothing yet", Duration.ofHours(24), List.of())), List.of());
    RunView view = new RunView(RunData.planned(withEmpty, List.of(), List.of(), null, RunFixtures.REPORT_TIME));
    assertThat(view.schedule()).hasSize(1);
    assertThat(view.components()).isEmpty();
    assertThat(view.projection()).allSatisfy(m -> assertThat(m.savings()).isZero());
  }
}
