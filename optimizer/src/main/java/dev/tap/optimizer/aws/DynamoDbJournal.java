package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.DynamoDbItems.META;
import static dev.tap.optimizer.aws.DynamoDbItems.ROWS_PER_RUN;
import static dev.tap.optimizer.aws.DynamoDbItems.RUNS;
import static dev.tap.optimizer.aws.DynamoDbItems.actionSk;
import static dev.tap.optimizer.aws.DynamoDbItems.dbl;
import static dev.tap.optimizer.aws.DynamoDbItems.eventSk;
import static dev.tap.optimizer.aws.DynamoDbItems.instant;
import static dev.tap.optimizer.aws.DynamoDbItems.lng;
import static dev.tap.optimizer.aws.DynamoDbItems.m;
import static dev.tap.optimizer.aws.DynamoDbItems.map;
import static dev.tap.optimizer.aws.DynamoDbItems.n;
import static dev.tap.optimizer.aws.DynamoDbItems.phaseSk;
import static dev.tap.optimizer.aws.DynamoDbItems.readingSk;
import static dev.tap.optimizer.aws.DynamoDbItems.runPk;
import static dev.tap.optimizer.aws.DynamoDbItems.runSk;
import static dev.tap.optimizer.aws.DynamoDbItems.s;
import static dev.tap.optimizer.aws.DynamoDbItems.str;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.CleanupState;
import dev.tap.optimizer.exec.GuardReading;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.PhaseRecord;
import dev.tap.optimizer.exec.PhaseState;
import dev.tap.optimizer.exec.RunRecord;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.registry.Families;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The journal in a DynamoDB table ({@code --state dynamodb://TABLE}), shared by every machine that
 * names it: a run crashed on one resumes on another, and every transition is a conditional write
 * ({@code ConditionExpression state = expected}), so of two processes racing on one item exactly one
 * wins. Item layout in {@link DynamoDbItems} and docs/journal.md. Holds no state of its own besides
 * the client: every method reads the table (consistently), so it is safe from several threads.
 *
 * <p>Where SQLite commits several rows in one transaction, this uses the write whose success makes
 * the others visible: a new run's phases, actions and first event are written before its run item,
 * which alone lists the run; a passed phase and its clean-ups, and a guard check's readings and its
 * next check, are one TransactWriteItems.
 */
public final class DynamoDbJournal implements Journal {

  private final DynamoDbTable table;
  private final AwsClients ownedClients;

  private DynamoDbJournal(DynamoDbTable table, AwsClients ownedClients) {
    this.table = table;
    this.ownedClients = ownedClients;
  }

  /**
   * Opens the journal in {@code tableName} (in {@code region}, or the clients' region when null).
   * A missing table is created only when {@code createTable} (on-demand, key pk/sk); otherwise it is
   * an error naming the table and {@code createOption}, the flag that would create it. With
   * {@code ownClients} the journal closes the clients when it is closed.
   */
  public static DynamoDbJournal open(AwsClients clients, String tableName, String region, boolean createTable, String createOption,
      boolean ownClients) {
    DynamoDbTable t = new DynamoDbTable(clients, tableName, region != null ? region : clients.defaultRegion());
    t.requireOrCreate(createTable, createOption);
    checkLayout(t);
    return new DynamoDbJournal(t, ownClients ? clients : null);
  }

  /** Whether the table exists (a dry run does not create it). */
  public static boolean exists(AwsClients clients, String tableName, String region) {
    return new DynamoDbTable(clients, tableName, region != null ? region : clients.defaultRegion()).describe().isPresent();
  }

  /** Marks a new table as tap's journal; refuses a table whose layout is newer than this tap's. */
  private static void checkLayout(DynamoDbTable t) {
    Map<String, AttributeValue> mark = Map.of(DynamoDbTable.PK, AttributeValue.fromS(META), DynamoDbTable.SK,
        AttributeValue.fromS(DynamoDbItems.LAYOUT), "version", n(DynamoDbItems.LAYOUT_VERSION), "writer", s("tap journal"));
    if (t.put(mark, "attribute_not_exists(sk)", null, null)) return;
    Map<String, AttributeValue> found = t.get(META, DynamoDbItems.LAYOUT).orElseThrow();
    long version = found.containsKey("version") && found.get("version").n() != null ? lng(found, "version") : -1;
    if (version > DynamoDbItems.LAYOUT_VERSION) {
      throw new UserError(ExitCode.BAD_INPUT, "the journal " + t.uri() + " was written by a newer tap (item layout " + version
          + ", this tap reads " + DynamoDbItems.LAYOUT_VERSION + "): use the tap that wrote it.");
    }
    if (version < 1) throw new UserError(ExitCode.BAD_INPUT, "DynamoDB table " + t.name + " in " + t.region + " has an item META/LAYOUT tap"
        + " did not write: it is some other table. Name another table in --state.");
  }

  @Override
  public String location() {
    return table.uri();
  }

  /** The table's name and region, for the lock that lives beside the runs. */
  public DynamoDbAccountLock lockFor(String account) {
    return new DynamoDbAccountLock(table, account);
  }

  // ---------------------------------------------------------------- runs

  @Override
  public long createRun(Plan plan, String planSha256, String planSource, RunSettings settings, Instant now) {
    if (plan.actions().size() >= ROWS_PER_RUN) {
      throw new UserError(ExitCode.BAD_INPUT, "plan " + plan.id() + " has " + plan.actions().size() + " actions; the DynamoDB journal takes fewer than "
          + ROWS_PER_RUN + " per run. Split the plan.");
    }
    // The counter's ADD gives each caller its own number on DynamoDB; the claim item makes the run's partition ours
    // even where an emulator's ADD is not atomic under concurrency (moto's was seen to give one number twice).
    long runId;
    do {
      runId = table.incrementOrCreate(META, DynamoDbItems.RUN_COUNTER, "last");
    } while (!table.put(item(runPk(runId), DynamoDbItems.CLAIM, "at", s(now)), "attribute_not_exists(sk)", null, null));
    String pk = runPk(runId);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (Phase phase : plan.phases()) {
      items.add(item(pk, phaseSk(phase.number()), "number", n(phase.number()), "name", s(phase.name()),
          "observationSeconds", n(settings.observationFor(phase).toSeconds()), "state", s(PhaseState.PENDING.name())));
    }
    long position = 0;
    for (Phase phase : plan.phases()) {
      int seq = 0;
      for (Action a : phase.actions()) {
        long rowId = runId * ROWS_PER_RUN + ++position;
        items.add(item(pk, actionSk(rowId), "rowId", n(rowId), "phase", n(phase.number()), "seq", n(seq++), "actionId", s(a.id()),
            "kind", s(a.kind().name()), "resourceId", s(a.resourceId()), "region", s(a.region()), "plannedBefore", m(a.before()),
            "after", m(a.after()), "state", s(ActionState.PENDING.name())));
        // what changesTo() reads: the actions on one resource across runs, without scanning the table
        items.add(item(DynamoDbItems.resourcePk(a.resourceId()), actionSk(rowId) + "#" + runSk(runId), "rowId", n(rowId)));
      }
    }
    items.add(item(pk, eventSk(1), "at", s(now), "message", s("run created from plan " + plan.id() + " (" + planSource + ")")));
    table.putAll(items);
    // the commit: until this item exists the run is invisible, and its id is never given again
    Map<String, AttributeValue> run = item(RUNS, runSk(runId), "id", n(runId), "planId", s(plan.id()), "planSha256", s(planSha256),
        "planSource", s(planSource), "blueprint", s(plan.blueprint()), "account", s(plan.account()), "lookbackStart", s(plan.lookbackStart()),
        "lookbackEnd", s(plan.lookbackEnd()), "settings", s(DynamoDbItems.json(settings)), "target", s(settings.target()),
        "state", s(RunState.RUNNING.name()), "createdAt", s(now), "updatedAt", s(now), "events", n(1));
    if (!table.put(run, "attribute_not_exists(sk)", null, null)) throw new IllegalStateException("run id " + runId + " was given twice");
    return runId;
  }

  private static Map<String, AttributeValue> item(String pk, String sk, Object... attributes) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(DynamoDbTable.PK, AttributeValue.fromS(pk));
    item.put(DynamoDbTable.SK, AttributeValue.fromS(sk));
    for (int i = 0; i < attributes.length; i += 2) {
      if (attributes[i + 1] != null) item.put((String) attributes[i], (AttributeValue) attributes[i + 1]);
    }
    return item;
  }

  @Override
  public Optional<RunRecord> findRun(long runId) {
    return table.get(RUNS, runSk(runId)).map(this::run);
  }

  @Override
  public List<RunRecord> runs() {
    return table.query(RUNS, "RUN#").stream().map(this::run).sorted(Comparator.comparingLong(RunRecord::id)).toList();
  }

  private RunRecord run(Map<String, AttributeValue> i) {
    try {
      String baseline = str(i, "baseline");
      return new RunRecord(lng(i, "id"), str(i, "planId"), str(i, "planSha256"), str(i, "planSource"), str(i, "blueprint"), str(i, "account"),
          instant(i, "lookbackStart"), instant(i, "lookbackEnd"), DynamoDbItems.parse(str(i, "settings"), new TypeReference<RunSettings>() {}),
          RunState.valueOf(str(i, "state")), instant(i, "createdAt"), instant(i, "updatedAt"), str(i, "outcome"),
          baseline == null ? null : new TreeMap<>(DynamoDbItems.parse(baseline, new TypeReference<Map<Integer, Double>>() {})));
    } catch (JsonProcessingException | RuntimeException e) {
      throw table.unreadable("a run item " + str(i, DynamoDbTable.SK), e);
    }
  }

  @Override
  public boolean transitionRun(long runId, RunState from, RunState to, String outcome, Instant now) {
    return table.update(new DynamoDbTable.Update(RUNS, runSk(runId)).set("state", s(to.name())).setIfGiven("outcome", s(outcome))
        .set("updatedAt", s(now)).when("state", s(from.name())));
  }

  @Override
  public void setBaselineOnce(long runId, Map<Integer, Double> p99ByHour) {
    table.update(new DynamoDbTable.Update(RUNS, runSk(runId)).set("baseline", s(DynamoDbItems.json(p99ByHour))).whenAbsent("baseline"));
  }

  // ---------------------------------------------------------------- phases

  @Override
  public List<PhaseRecord> phases(long runId) {
    return table.query(runPk(runId), "PHASE#").stream().map(i -> phase(runId, i)).toList();
  }

  private PhaseRecord phase(long runId, Map<String, AttributeValue> i) {
    return new PhaseRecord(runId, (int) lng(i, "number"), str(i, "name"), Duration.ofSeconds(lng(i, "observationSeconds")),
        PhaseState.valueOf(str(i, "state")), instant(i, "startedAt"), instant(i, "appliedAt"), instant(i, "observeUntil"),
        instant(i, "nextCheckAt"), instant(i, "finishedAt"), str(i, "breachRule"), dbl(i, "breachValue"), dbl(i, "breachThreshold"),
        str(i, "error"), instant(i, "effectiveAt"));
  }

  private static DynamoDbTable.Update phaseUpdate(long runId, int number) {
    return new DynamoDbTable.Update(runPk(runId), phaseSk(number));
  }

  @Override
  public boolean phaseStarted(long runId, int number, Instant now) {
    return table.update(phaseUpdate(runId, number).set("state", s(PhaseState.APPLYING.name())).set("startedAt", s(now))
        .when("state", s(PhaseState.PENDING.name())));
  }

  @Override
  public boolean phaseObserving(long runId, int number, Instant now, Instant observeUntil, Instant firstCheck) {
    return table.update(phaseUpdate(runId, number).set("state", s(PhaseState.OBSERVING.name())).set("appliedAt", s(now)).set("effectiveAt", s(now))
        .set("observeUntil", s(observeUntil)).set("nextCheckAt", s(firstCheck)).when("state", s(PhaseState.APPLYING.name())));
  }

  @Override
  public boolean phaseAwaitingWindow(long runId, int number, Instant now, Instant nextRead) {
    return table.update(phaseUpdate(runId, number).set("state", s(PhaseState.AWAITING_WINDOW.name())).set("appliedAt", s(now))
        .set("nextCheckAt", s(nextRead)).when("state", s(PhaseState.APPLYING.name())));
  }

  @Override
  public boolean phaseEffective(long runId, int number, Instant effectiveAt, Instant observeUntil, Instant firstCheck) {
    return table.update(phaseUpdate(runId, number).set("state", s(PhaseState.OBSERVING.name())).set("effectiveAt", s(effectiveAt))
        .set("observeUntil", s(observeUntil)).set("nextCheckAt", s(firstCheck)).when("state", s(PhaseState.AWAITING_WINDOW.name())));
  }

  private static DynamoDbTable.Update nextCheckUpdate(long runId, int number, Instant checked, Instant next) {
    return phaseUpdate(runId, number).set("nextCheckAt", s(next))
        .whenIn("state", List.of(s(PhaseState.OBSERVING.name()), s(PhaseState.AWAITING_WINDOW.name()))).when("nextCheckAt", s(checked));
  }

  @Override
  public boolean nextCheck(long runId, int number, Instant checked, Instant next) {
    return table.update(nextCheckUpdate(runId, number, checked, next));
  }

  @Override
  public boolean phasePassed(long runId, int number, PhaseState from, Instant now, List<Long> cleanupRows) {
    DynamoDbTable.Update passed = phaseUpdate(runId, number).set("state", s(PhaseState.PASSED.name())).set("finishedAt", s(now)).when("state", s(from.name()));
    if (cleanupRows.isEmpty()) return table.update(passed);
    if (cleanupRows.size() >= DynamoDbTable.MAX_TRANSACTION) {
      throw new UserError(ExitCode.FAILURE, "phase " + number + " of run " + runId + " has " + cleanupRows.size() + " clean-ups; the DynamoDB journal"
          + " passes a phase and schedules its clean-ups in one transaction of at most " + (DynamoDbTable.MAX_TRANSACTION - 1)
          + ". Use a SQLite journal (--state FILE) for this plan, or split the phase.");
    }
    // only rows that need a clean-up now: a transaction fails whole, while SQLite's UPDATE ... WHERE skips the others
    for (int attempt = 0; attempt < 5; attempt++) {
      List<TransactWriteItem> items = new ArrayList<>();
      items.add(passed.transactItem(table.name));
      for (long row : cleanupRows) {
        ActionRecord a = action(row);
        if (a.state() != ActionState.DONE || a.cleanup() != null) continue;
        items.add(actionUpdate(row).set("cleanupState", s(CleanupState.PENDING.name())).when("state", s(ActionState.DONE.name()))
            .whenAbsent("cleanupState").transactItem(table.name));
      }
      List<Integer> failed = table.transact(items);
      if (failed.isEmpty()) return true;
      if (failed.contains(0)) return false; // the phase was not in `from`
      // an action changed between our read and the write: read again
    }
    throw new UserError(ExitCode.FAILURE, "phase " + number + " of run " + runId + " in " + location() + " could not pass: its actions kept changing"
        + " under it. Is another tap running this run? 'tap status --state " + location() + "' shows it.");
  }

  @Override
  public boolean phaseRollingBack(long runId, int number, PhaseState from, String breachRule, Double value, Double threshold, String error) {
    return table.update(phaseUpdate(runId, number).set("state", s(PhaseState.ROLLING_BACK.name())).set("breachRule", s(breachRule))
        .set("breachValue", n(value)).set("breachThreshold", n(threshold)).set("error", s(error)).when("state", s(from.name())));
  }

  @Override
  public boolean phaseRolledBack(long runId, int number, Instant now) {
    return table.update(phaseUpdate(runId, number).set("state", s(PhaseState.ROLLED_BACK.name())).set("finishedAt", s(now))
        .when("state", s(PhaseState.ROLLING_BACK.name())));
  }

  @Override
  public int phasesNotStarted(long runId) {
    int moved = 0;
    for (PhaseRecord p : phases(runId)) {
      if (p.state() == PhaseState.PENDING
          && table.update(phaseUpdate(runId, p.number()).set("state", s(PhaseState.NOT_STARTED.name())).when("state", s(PhaseState.PENDING.name())))) {
        moved++;
      }
    }
    return moved;
  }

  // ---------------------------------------------------------------- actions

  @Override
  public List<ActionRecord> actions(long runId) {
    return table.query(runPk(runId), "ACTION#").stream().map(i -> action(runId, i)).toList();
  }

  @Override
  public List<ActionRecord> actions(long runId, int phase) {
    return actions(runId).stream().filter(a -> a.phase() == phase).toList();
  }

  @Override
  public ActionRecord action(long rowId) {
    long runId = rowId / ROWS_PER_RUN;
    return table.get(runPk(runId), actionSk(rowId)).map(i -> action(runId, i))
        .orElseThrow(() -> new IllegalStateException("journal " + location() + " has no action row " + rowId));
  }

  private ActionRecord action(long runId, Map<String, AttributeValue> i) {
    try {
      String cleanup = str(i, "cleanupState");
      return new ActionRecord(lng(i, "rowId"), runId, (int) lng(i, "phase"), (int) lng(i, "seq"), str(i, "actionId"),
          Families.kindNamed(str(i, "kind")), str(i, "resourceId"), str(i, "region"), map(i, "plannedBefore"), map(i, "after"),
          map(i, "observedBefore"), map(i, "observedAfter"), ActionState.valueOf(str(i, "state")), instant(i, "intentAt"), instant(i, "doneAt"),
          instant(i, "undoneAt"), str(i, "message"), instant(i, "effectiveAt"), cleanup == null ? null : CleanupState.valueOf(cleanup),
          instant(i, "cleanupAt"), str(i, "cleanupMessage"));
    } catch (RuntimeException e) {
      if (e instanceof UserError u) throw u; // an action kind this tap does not know: the registry's own message
      throw table.unreadable("an action item " + str(i, DynamoDbTable.SK) + " of run " + runId, e);
    }
  }

  private static DynamoDbTable.Update actionUpdate(long rowId) {
    return new DynamoDbTable.Update(runPk(rowId / ROWS_PER_RUN), actionSk(rowId));
  }

  private boolean actionMove(long rowId, ActionState from, ActionState to, DynamoDbTable.Update u) {
    return table.update(u.set("state", s(to.name())).when("state", s(from.name())));
  }

  @Override
  public boolean actionIntent(long rowId, Map<String, String> observedBefore, Instant now) {
    return actionMove(rowId, ActionState.PENDING, ActionState.INTENT, actionUpdate(rowId).set("observedBefore", m(observedBefore)).set("intentAt", s(now)));
  }

  @Override
  public boolean actionDone(long rowId, Map<String, String> observedAfter, String message, Instant now) {
    return actionMove(rowId, ActionState.INTENT, ActionState.DONE,
        actionUpdate(rowId).set("observedAfter", m(observedAfter)).set("doneAt", s(now)).set("message", s(message)));
  }

  @Override
  public boolean actionSkipped(long rowId, String reason, Instant now) {
    return actionMove(rowId, ActionState.PENDING, ActionState.SKIPPED, actionUpdate(rowId).set("message", s(reason)).set("doneAt", s(now)));
  }

  @Override
  public boolean actionFailed(long rowId, ActionState from, String error, Instant now) {
    return actionMove(rowId, from, ActionState.FAILED, actionUpdate(rowId).set("message", s(error)).set("doneAt", s(now)));
  }

  @Override
  public boolean actionUndoIntent(long rowId, ActionState from, Instant now) {
    return actionMove(rowId, from, ActionState.UNDO_INTENT, actionUpdate(rowId).set("undoneAt", s(now)));
  }

  @Override
  public boolean actionUndone(long rowId, ActionState from, String message, Instant now) {
    return actionMove(rowId, from, ActionState.UNDONE, actionUpdate(rowId).set("undoneAt", s(now)).setIfGiven("message", s(message)));
  }

  @Override
  public boolean actionUndoSkipped(long rowId, ActionState from, String reason, Instant now) {
    return actionMove(rowId, from, ActionState.UNDO_SKIPPED, actionUpdate(rowId).set("undoneAt", s(now)).set("message", s(reason)));
  }

  @Override
  public boolean actionEffective(long rowId, Instant at) {
    return table.update(actionUpdate(rowId).set("effectiveAt", s(at)).whenAbsent("effectiveAt"));
  }

  @Override
  public List<ActionRecord> cleanupsDue(long runId) {
    return actions(runId).stream().filter(a -> a.cleanup() == CleanupState.PENDING || a.cleanup() == CleanupState.INTENT).toList();
  }

  @Override
  public boolean cleanupIntent(long rowId, Instant now) {
    return table.update(actionUpdate(rowId).set("cleanupState", s(CleanupState.INTENT.name())).set("cleanupAt", s(now))
        .when("cleanupState", s(CleanupState.PENDING.name())));
  }

  @Override
  public boolean cleanupFinished(long rowId, CleanupState to, String message, Instant now) {
    return table.update(actionUpdate(rowId).set("cleanupState", s(to.name())).set("cleanupAt", s(now)).set("cleanupMessage", s(message))
        .when("cleanupState", s(CleanupState.INTENT.name())));
  }

  @Override
  public void actionNote(long rowId, String message) {
    table.update(actionUpdate(rowId).set("message", s(message)));
  }

  @Override
  public int changesTo(String resourceId, String key, String value, Instant since) {
    int n = 0;
    for (Map<String, AttributeValue> ref : table.query(DynamoDbItems.resourcePk(resourceId), "ACTION#")) {
      long rowId = lng(ref, "rowId");
      if (findRun(rowId / ROWS_PER_RUN).isEmpty()) continue; // a run whose creation did not finish
      ActionRecord a = action(rowId);
      if ((a.state() == ActionState.DONE || a.state() == ActionState.UNDONE || a.state() == ActionState.UNDO_INTENT)
          && a.doneAt() != null && !a.doneAt().isBefore(since) && value.equals(a.after().get(key))) n++;
      if (a.state() == ActionState.UNDONE && a.undoneAt() != null && !a.undoneAt().isBefore(since)
          && value.equals(a.plannedBefore().get(key))) n++;
    }
    return n;
  }

  // ---------------------------------------------------------------- guard readings and events

  private static Map<String, AttributeValue> readingItem(GuardReading r) {
    return item(runPk(r.runId()), readingSk(r.phase(), r.checkedAt(), r.rule()), "phase", n(r.phase()), "checkedAt", s(r.checkedAt()),
        "rule", s(r.rule()), "metric", s(r.metric()), "stat", s(r.stat()), "value", n(r.value()), "threshold", n(r.threshold()),
        "breached", AttributeValue.fromBool(r.breached()), "baseline", n(r.baseline()), "control", n(r.control()));
  }

  @Override
  public void recordReading(GuardReading reading) {
    table.put(readingItem(reading), "attribute_not_exists(sk)", null, null); // the first wins
  }

  @Override
  public void recordCheck(List<GuardReading> readings, long runId, int phase, Instant checked, Instant next) {
    // One transaction when it fits (a check's readings and its next check together); a check with more readings
    // than a transaction takes writes them in chunks first, the next check with the last chunk: a crash between
    // chunks keeps part of the readings, which the repeated check completes (each reading is stored once).
    List<TransactWriteItem> puts = readings.stream().map(r -> table.putIfAbsent(readingItem(r))).toList();
    int room = DynamoDbTable.MAX_TRANSACTION - (next == null ? 0 : 1);
    int i = 0;
    for (; puts.size() - i > room; i += DynamoDbTable.MAX_TRANSACTION) writeDroppingFailed(puts.subList(i, i + DynamoDbTable.MAX_TRANSACTION));
    List<TransactWriteItem> last = new ArrayList<>(puts.subList(i, puts.size()));
    if (next != null) last.add(nextCheckUpdate(runId, phase, checked, next).transactItem(table.name));
    writeDroppingFailed(last);
  }

  /** Writes a transaction; the items whose condition fails (already stored, or a check already moved) are left out and the rest written. */
  private void writeDroppingFailed(List<TransactWriteItem> chunk) {
    List<TransactWriteItem> left = new ArrayList<>(chunk);
    while (!left.isEmpty()) {
      List<Integer> failed = table.transact(left);
      if (failed.isEmpty()) return;
      for (int i = failed.size() - 1; i >= 0; i--) left.remove((int) failed.get(i));
    }
  }

  @Override
  public List<GuardReading> readings(long runId) {
    return table.query(runPk(runId), "READING#").stream()
        .map(i -> new GuardReading(runId, (int) lng(i, "phase"), instant(i, "checkedAt"), str(i, "rule"), str(i, "metric"), str(i, "stat"),
            dbl(i, "value"), dbl(i, "threshold"), i.get("breached").bool(), dbl(i, "baseline"), dbl(i, "control")))
        .sorted(Comparator.comparingInt(GuardReading::phase).thenComparing(GuardReading::checkedAt).thenComparing(GuardReading::rule))
        .toList();
  }

  @Override
  public void event(long runId, Instant at, String message) {
    // the run item numbers its events: the log keeps the order in which they were written, from any machine
    long seq = table.increment(RUNS, runSk(runId), "events")
        .orElseThrow(() -> new IllegalStateException("journal " + location() + " has no run " + runId + " to log an event of"));
    table.put(item(runPk(runId), eventSk(seq), "at", s(at), "message", s(message)), null, null, null);
  }

  @Override
  public List<String> events(long runId) {
    return table.query(runPk(runId), "EVENT#").stream().map(i -> str(i, "at") + "  " + str(i, "message")).toList();
  }

  @Override
  public Optional<Instant> latestTime(String target) {
    Instant latest = null;
    for (RunRecord run : runs()) {
      if (!target.equals(run.settings().target())) continue;
      List<Instant> times = new ArrayList<>();
      times.add(run.updatedAt());
      for (Map<String, AttributeValue> i : table.query(runPk(run.id()), "")) {
        for (String a : List.of("at", "checkedAt", "intentAt", "doneAt", "undoneAt", "cleanupAt", "effectiveAt")) {
          Instant t = instant(i, a);
          if (t != null) times.add(t);
        }
      }
      for (Instant t : times) if (latest == null || t.isAfter(latest)) latest = t;
    }
    return Optional.ofNullable(latest);
  }

  @Override
  public void close() {
    if (ownedClients != null) ownedClients.close();
  }
}
