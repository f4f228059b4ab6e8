package dev.tap.optimizer.sim.actions;

import static dev.tap.optimizer.sim.actions.SimExecutionTest.action;
import static dev.tap.optimizer.sim.actions.SimExecutionTest.drive;
import static dev.tap.optimizer.sim.actions.SimExecutionTest.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.CrashHook;
import dev.tap.optimizer.exec.Executor;
import dev.tap.optimizer.exec.Guard;
import dev.tap.optimizer.exec.GuardPolicy;
import dev.tap.optimizer.exec.GuardReading;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.PhaseRecord;
import dev.tap.optimizer.exec.PhaseState;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataPage;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataRequest;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database class changes default to the maintenance window: on the simulated account a change
 * requested on a Tuesday stays pending until Sunday's window (sun:05:00-sun:05:30 UTC), the
 * metrics follow the new class only from then, and the executor observes from then.
 */
class SimMaintenanceWindowTest {
  @TempDir Path dir;
  static final String AURORA = SimExecutionTest.AURORA;
  static final Instant TUESDAY = Instant.parse("2026-11-17T10:00:00Z");
  static final Instant SUNDAY_WINDOW = Instant.parse("2026-11-22T05:00:00Z");
  final List<String> log = new ArrayList<>();

  static RunSettings settings(boolean applyImmediately) {
    return new RunSettings(RunSettings.SIM, SimAccount.ENVIRONMENT, Duration.ofHours(6), applyImmediately, GuardPolicy.forBlueprint("trading"));
  }

  static SimTarget onTuesday() {
    SimTarget sim = SimTarget.fresh(SimBlueprint.TRADING);
    sim.waitUntil(TUESDAY);
    return sim;
  }

  static Plan writerDown(SimTarget sim) {
    return plan(sim, new Phase(1, "database", Duration.ofHours(48), List.of(
        action("writer", AuroraFamily.DB_INSTANCE_CLASS, AURORA, Map.of("instanceClass", "db.r6g.8xlarge"), Map.of("instanceClass", "db.r6g.4xlarge")))));
  }

  /** A later process (tap resume after --detach) rebuilds the simulation from the journal: the change is still pending there. */
  @Test
  void aNewProcessRebuildsThePendingChangeAndItTakesEffectInTheWindow() {
    SimTarget sim = onTuesday();
    long id;
    try (Journal journal = SqliteJournal.open(dir.resolve("state.db"))) {
      Executor ex = new Executor(journal, sim.registry(), new Guard(sim.metrics()), sim.clock(), CrashHook.NONE, log::add);
      id = ex.start(writerDown(sim), "sha", "plan.json", settings(false));
      assertThat(ex.advance(id).waitUntil()).isEqualTo(SUNDAY_WINDOW);
    }
    try (Journal journal = SqliteJournal.openExisting(dir.resolve("state.db"))) {
      SimTarget rebuilt = SimTarget.restore(SimBlueprint.TRADING, journal);
      Map<String, String> before = rebuilt.registry().forKind(AuroraFamily.DB_INSTANCE_CLASS).read(AURORA, "us-east-1").config();
      assertThat(before).containsEntry("instanceClass", "db.r6g.8xlarge").containsEntry("pendingModifiedValues", "instanceClass=db.r6g.4xlarge");
      Executor ex = new Executor(journal, rebuilt.registry(), new Guard(rebuilt.metrics()), rebuilt.clock(), CrashHook.NONE, log::add);
      assertThat(drive(ex, rebuilt, id).state()).isEqualTo(RunState.COMPLETED);
      assertThat(journal.actions(id).get(0).effectiveAt()).isEqualTo(SUNDAY_WINDOW);
      assertThat(rebuilt.simAccount().resource(AURORA).config()).containsEntry("instanceClass", "db.r6g.4xlarge");
    }
    // and a third process replays it at the time it took effect, with nothing pending
    try (Journal journal = SqliteJournal.openExisting(dir.resolve("state.db"))) {
      SimTarget again = SimTarget.restore(SimBlueprint.TRADING, journal);
      assertThat(again.registry().forKind(AuroraFamily.DB_INSTANCE_CLASS).read(AURORA, "us-east-1").config())
          .containsEntry("instanceClass", "db.r6g.4xlarge").containsEntry("pendingModifiedValues", "");
    }
  }

  @Test
  void aChangeRequestedOnTuesdayTakesEffectInSundaysWindow_andTheGuardObservesFromThen() {
    SimTarget sim = onTuesday();
    try (Journal journal = SqliteJournal.open(dir.resolve("state.db"))) {
      Executor ex = new Executor(journal, sim.registry(), new Guard(sim.metrics()), sim.clock(), CrashHook.NONE, log::add);
      long id = ex.start(writerDown(sim), "sha", "plan.json", settings(false));

      Executor.Progress first = ex.advance(id);
      assertThat(first.waitUntil()).as("the executor's next look is the window's start").isEqualTo(SUNDAY_WINDOW);
      PhaseRecord waiting = journal.phase(id, 1);
      assertThat(waiting.state()).isEqualTo(PhaseState.AWAITING_WINDOW);
      assertThat(waiting.appliedAt()).isEqualTo(TUESDAY);
      assertThat(waiting.observeUntil()).isNull();
      ActionRecord requested = journal.actions(id).get(0);
      assertThat(requested.state()).isEqualTo(ActionState.DONE);
      assertThat(requested.message()).contains("maintenance window").contains("sun:05:00-sun:05:30").contains(SUNDAY_WINDOW.toString());
      assertThat(requested.observedAfter()).containsEntry("instanceClass", "db.r6g.8xlarge")
          .containsEntry("pendingModifiedValues", "instanceClass=db.r6g.4xlarge").containsEntry("preferredMaintenanceWindow", "sun:05:00-sun:05:30");
      assertThat(sim.simAccount().resource(AURORA).config()).as("nothing changed yet").containsEntry("instanceClass", "db.r6g.8xlarge");

      java.io.StringWriter out = new java.io.StringWriter();
      picocli.CommandLine cl = dev.tap.optimizer.cli.TapCli.newCommandLine();
      cl.setOut(new java.io.PrintWriter(out));
      assertThat(cl.execute("status", "--state", dir.resolve("state.db").toString())).isZero();
      assertThat(out.toString()).contains("AWAITING_WINDOW").contains("waits for the maintenance window, next look " + SUNDAY_WINDOW);

      // A resume on Saturday finds the change still pending and waits on.
      sim.waitUntil(Instant.parse("2026-11-21T12:00:00Z"));
      assertThat(ex.advance(id).waitUntil()).isEqualTo(SUNDAY_WINDOW);
      assertThat(sim.apis().describeCluster(AURORA, "us-east-1").config()).containsEntry("pendingModifiedValues", "instanceClass=db.r6g.4xlarge");

      assertThat(drive(ex, sim, id).state()).as(String.join("\n", log)).isEqualTo(RunState.COMPLETED);
      PhaseRecord p = journal.phase(id, 1);
      assertThat(p.effectiveAt()).isEqualTo(SUNDAY_WINDOW);
      assertThat(p.observeUntil()).isEqualTo(SUNDAY_WINDOW.plus(Duration.ofHours(6)));
      assertThat(journal.actions(id).get(0).effectiveAt()).isEqualTo(SUNDAY_WINDOW);
      List<Instant> checks = journal.readings(id).stream().map(GuardReading::checkedAt).distinct().sorted().toList();
      assertThat(checks).hasSize(24);
      assertThat(checks.get(0)).as("the first check reads the 15 minutes after the change").isEqualTo(SUNDAY_WINDOW.plus(Duration.ofMinutes(15)));
      assertThat(checks).allMatch(t -> t.isAfter(SUNDAY_WINDOW));
      assertThat(sim.apis().describeCluster(AURORA, "us-east-1").config()).containsEntry("instanceClass", "db.r6g.4xlarge")
          .containsEntry("pendingModifiedValues", "");
      assertThat(journal.events(id)).anyMatch(e -> e.startsWith(SUNDAY_WINDOW.toString()) && e.contains("took effect"));
    }

    // The writer's FreeableMemory (class memory minus use) equals an untouched account's until the
    // window and is 128 GiB lower (256 -> 128 GiB) from it on.
    SimTarget untouched = SimTarget.fresh(SimBlueprint.TRADING);
    untouched.waitUntil(sim.clock().instant());
    Map<Long, Double> changed = freeableMemory(sim);
    Map<Long, Double> same = freeableMemory(untouched);
    assertThat(changed.keySet()).isEqualTo(same.keySet()).hasSizeGreaterThan(1000);
    double gib = 1L << 30;
    changed.forEach((t, v) -> {
      double diff = same.get(t) - v;
      if (t < SUNDAY_WINDOW.getEpochSecond()) assertThat(diff).as("before the window at " + Instant.ofEpochSecond(t)).isEqualTo(0.0);
      else assertThat(diff / gib).as("from the window at " + Instant.ofEpochSecond(t)).isCloseTo(128.0, org.assertj.core.data.Offset.offset(1e-6));
    });
  }

  @Test
  void applyImmediatelyTakesEffectAtOnce_andObservesFromTheRequest() {
    SimTarget sim = onTuesday();
    try (Journal journal = SqliteJournal.open(dir.resolve("state.db"))) {
      Executor ex = new Executor(journal, sim.registry(), new Guard(sim.metrics()), sim.clock(), CrashHook.NONE, log::add);
      long id = ex.start(writerDown(sim), "sha", "plan.json", settings(true));
      ex.advance(id);
      PhaseRecord p = journal.phase(id, 1);
      assertThat(p.state()).isEqualTo(PhaseState.OBSERVING);
      assertThat(p.effectiveAt()).isEqualTo(TUESDAY).isEqualTo(p.appliedAt());
      assertThat(sim.simAccount().resource(AURORA).config()).containsEntry("instanceClass", "db.r6g.4xlarge");
      assertThat(journal.actions(id).get(0).effectiveAt()).isNull();
    }
  }

  @Test
  void aRollbackWhileTheChangeWaitsCancelsIt_theWindowThenChangesNothing() {
    SimTarget sim = onTuesday();
    try (Journal journal = SqliteJournal.open(dir.resolve("state.db"))) {
      Executor ex = new Executor(journal, sim.registry(), new Guard(sim.metrics()), sim.clock(), CrashHook.NONE, log::add);
      long id = ex.start(writerDown(sim), "sha", "plan.json", settings(false));
      ex.advance(id);
      assertThat(journal.phase(id, 1).state()).isEqualTo(PhaseState.AWAITING_WINDOW);
      sim.waitUntil(Instant.parse("2026-11-18T09:00:00Z"));
      assertThat(ex.requestRollback(id, null).state()).isEqualTo(RunState.ROLLED_BACK);
      ActionRecord a = journal.actions(id).get(0);
      assertThat(a.state()).isEqualTo(ActionState.UNDONE);
      assertThat(a.message()).contains("cancelled the class change still pending");
      assertThat(sim.apis().describeCluster(AURORA, "us-east-1").config()).containsEntry("pendingModifiedValues", "");
      sim.waitUntil(SUNDAY_WINDOW.plus(Duration.ofHours(1)));
      assertThat(sim.apis().describeCluster(AURORA, "us-east-1").config()).containsEntry("instanceClass", "db.r6g.8xlarge");
      assertThat(journal.readings(id)).as("nothing took effect, nothing was observed").isEmpty();
    }
  }

  @Test
  void whileAClassChangeWaits_aReaderRemovedBesideItIsWatchedAlready_andTheWindowOpensAtTheClassChange() {
    SimTarget sim = onTuesday();
    Plan plan = plan(sim, new Phase(1, "database", Duration.ofHours(48), List.of(
        action("reader", AuroraFamily.DB_REMOVE_READER, AURORA, Map.of("readers", "4"), Map.of("readers", "3")),
        action("writer", AuroraFamily.DB_INSTANCE_CLASS, AURORA, Map.of("instanceClass", "db.r6g.8xlarge"), Map.of("instanceClass", "db.r6g.4xlarge")))));
    try (Journal journal = SqliteJournal.open(dir.resolve("state.db"))) {
      Executor ex = new Executor(journal, sim.registry(), new Guard(sim.metrics()), sim.clock(), CrashHook.NONE, log::add);
      long id = ex.start(plan, "sha", "plan.json", settings(false));
      assertThat(ex.advance(id).waitUntil()).as("the removed reader is checked every 15 minutes").isEqualTo(TUESDAY.plus(Duration.ofMinutes(15)));
      assertThat(drive(ex, sim, id).state()).as(String.join("\n", log)).isEqualTo(RunState.COMPLETED);
      PhaseRecord p = journal.phase(id, 1);
      assertThat(p.effectiveAt()).isEqualTo(SUNDAY_WINDOW);
      assertThat(p.observeUntil()).isEqualTo(SUNDAY_WINDOW.plus(Duration.ofHours(6)));
      List<Instant> checks = journal.readings(id).stream().map(GuardReading::checkedAt).distinct().sorted().toList();
      // Tuesday 10:15 .. Sunday 05:00 every 15 minutes, then 6 hours from the window.
      long before = Duration.between(TUESDAY, SUNDAY_WINDOW).toMinutes() / 15;
      assertThat(checks).hasSize((int) before + 24);
      assertThat(checks.get(0)).isEqualTo(TUESDAY.plus(Duration.ofMinutes(15)));
      assertThat(checks.get((int) before)).isEqualTo(SUNDAY_WINDOW.plus(Duration.ofMinutes(15)));
      assertThat(journal.actions(id)).extracting(ActionRecord::effectiveAt).containsExactly(null, SUNDAY_WINDOW);
    }
  }

  /** CloudWatch without TAP/SLO datapoints over [from, until): the service's metrics missing for a while. */
  record SloGap(dev.tap.optimizer.metrics.MetricDataSource inner, Instant from, Instant until) implements dev.tap.optimizer.metrics.MetricDataSource {
    @Override
    public MetricDataPage getMetricData(MetricDataRequest request) {
      MetricDataPage page = inner.getMetricData(request);
      if (!request.end().isAfter(from) || !request.start().isBefore(until)) return page;
      List<MetricSeries> kept = new ArrayList<>();
      for (MetricSeries s : page.results()) kept.add(s.query().namespace().equals("TAP/SLO") ? new MetricSeries(s.query(), new long[0], new double[0]) : s);
      return new MetricDataPage(kept, page.nextToken());
    }
  }

  /** Blindness while waiting for the window, with a change already in effect: judged as in observation, rolled back at the limit. */
  @Test
  void whileWaitingWithAChangeInEffect_missingSloDataMakesThePhaseBlind_andRollsItBackAtTheBlindLimit_beforeTheWindow() {
    SimTarget sim = onTuesday();
    Plan plan = plan(sim, new Phase(1, "database", Duration.ofHours(48), List.of(
        action("reader", AuroraFamily.DB_REMOVE_READER, AURORA, Map.of("readers", "4"), Map.of("readers", "3")),
        action("writer", AuroraFamily.DB_INSTANCE_CLASS, AURORA, Map.of("instanceClass", "db.r6g.8xlarge"), Map.of("instanceClass", "db.r6g.4xlarge")))));
    try (Journal journal = SqliteJournal.open(dir.resolve("state.db"))) {
      Guard guard = new Guard(new SloGap(sim.metrics(), TUESDAY.plus(Duration.ofMinutes(1)), SUNDAY_WINDOW.plus(Duration.ofDays(7))));
      Executor ex = new Executor(journal, sim.registry(), guard, sim.clock(), CrashHook.NONE, log::add);
      long id = ex.start(plan, "sha", "plan.json", settings(false));
      assertThat(drive(ex, sim, id).state()).as(String.join("\n", log)).isEqualTo(RunState.ROLLED_BACK);
      PhaseRecord p = journal.phase(id, 1);
      assertThat(p.breachRule()).isEqualTo("guard blind: no SLO datapoints");
      assertThat(p.effectiveAt()).as("rolled back while the class change still waited").isNull();
      assertThat(journal.run(id).outcome()).contains("while waiting for the maintenance window").contains("8 checks in a row");
      // the blind limit (8 checks of 15 minutes) is reached on Tuesday at 12:00, days before Sunday's window
      assertThat(journal.readings(id).stream().map(GuardReading::checkedAt).distinct().count()).isEqualTo(8);
      assertThat(sim.clock().instant()).isBefore(SUNDAY_WINDOW);
      assertThat(log).anyMatch(l -> l.contains("BLIND") && l.contains("3 checks in a row while waiting for the maintenance window"));
    }
  }

  /** With nothing in effect while waiting no check is made: a gap in the SLO data then neither accrues nor rolls back. */
  @Test
  void whileWaitingWithNothingInEffect_missingSloDataDoesNotAccrue_andTheWindowOpensWatchedFromSunday() {
    SimTarget sim = onTuesday();
    try (Journal journal = SqliteJournal.open(dir.resolve("state.db"))) {
      // the SLO data is missing from Tuesday until 04:00 on Sunday, an hour before the window
      Guard guard = new Guard(new SloGap(sim.metrics(), TUESDAY.plus(Duration.ofMinutes(1)), SUNDAY_WINDOW.minus(Duration.ofHours(1))));
      Executor ex = new Executor(journal, sim.registry(), guard, sim.clock(), CrashHook.NONE, log::add);
      long id = ex.start(writerDown(sim), "sha", "plan.json", settings(false));
      assertThat(drive(ex, sim, id).state()).as(String.join("\n", log)).isEqualTo(RunState.COMPLETED);
      assertThat(journal.readings(id)).allMatch(r -> !r.checkedAt().isBefore(SUNDAY_WINDOW.plus(Duration.ofMinutes(15))));
      assertThat(journal.readings(id)).filteredOn(r -> Guard.isSloRule(r.rule())).allMatch(r -> r.value() != null);
      assertThat(log).noneMatch(l -> l.contains("BLIND"));
    }
  }

  /** ... and the same gap from the window on is judged from the window's first check: not skipped. */
  @Test
  void whileWaitingWithNothingInEffect_aGapFromTheWindowOnIsBlindFromTheFirstCheck() {
    SimTarget sim = onTuesday();
    try (Journal journal = SqliteJournal.open(dir.resolve("state.db"))) {
      Guard guard = new Guard(new SloGap(sim.metrics(), TUESDAY.plus(Duration.ofMinutes(1)), SUNDAY_WINDOW.plus(Duration.ofDays(7))));
      Executor ex = new Executor(journal, sim.registry(), guard, sim.clock(), CrashHook.NONE, log::add);
      long id = ex.start(writerDown(sim), "sha", "plan.json", settings(false));
      assertThat(drive(ex, sim, id).state()).as(String.join("\n", log)).isEqualTo(RunState.ROLLED_BACK);
      PhaseRecord p = journal.phase(id, 1);
      assertThat(p.effectiveAt()).isEqualTo(SUNDAY_WINDOW);
      assertThat(p.breachRule()).isEqualTo("guard blind: no SLO datapoints");
      List<Instant> checks = journal.readings(id).stream().map(GuardReading::checkedAt).distinct().sorted().toList();
      assertThat(checks).hasSize(8);
      assertThat(checks.get(0)).isEqualTo(SUNDAY_WINDOW.plus(Duration.ofMinutes(15)));
    }
  }

  /** The writer's FreeableMemory, Minimum per 5 minutes, from Tuesday until the clock's now. */
  static Map<Long, Double> freeableMemory(SimTarget sim) {
    MetricQuery q = new MetricQuery("mem", "AWS/RDS", "FreeableMemory", Map.of("DBClusterIdentifier", AURORA, "Role", "WRITER"), "Minimum", 300);
    Map<Long, Double> out = new TreeMap<>();
    String token = null;
    do {
      MetricDataPage page = sim.metrics().getMetricData(new MetricDataRequest(List.of(q), TUESDAY, sim.clock().instant(), token));
      for (MetricSeries s : page.results()) for (int i = 0; i < s.size(); i++) out.put(s.times()[i], s.values()[i]);
      token = page.nextToken();
    } while (token != null);
    return out;
  }
}
