package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.aws.FaultProxy.Fault;
import dev.tap.optimizer.aws.FaultProxy.Kind;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionState;
import dev.tap.optimizer.exec.CleanupState;
import dev.tap.optimizer.exec.GuardReading;
import dev.tap.optimizer.exec.LockOwner;
import dev.tap.optimizer.exec.PhaseState;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The DynamoDB journal under DynamoDB's own faults, which moto never produces: a {@link FaultProxy}
 * in front of moto throttles, cancels transactions and loses answers, and each case checks what
 * the journal then holds (read back by a journal instance that saw no fault, as another machine
 * would) and what the caller is told. The clients have the production number of attempts
 * ({@link AwsClients#DEFAULT_MAX_ATTEMPTS}) with no back-off delay, so the budget is the real one.
 */
class DynamoDbJournalFaultsTest {

  static final int ATTEMPTS = AwsClients.DEFAULT_MAX_ATTEMPTS;
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  static final String REGION = MotoJournalTables.REGION;

  static FaultProxy proxy;
  static String table;

  @BeforeAll
  static void startProxy() throws IOException {
    proxy = new FaultProxy(MotoJournalTables.server().endpoint());
    table = MotoJournalTables.newTable();
    MotoJournalTables.open(table).close(); // the table, created without faults
  }

  @AfterAll
  static void stopProxy() {
    if (proxy != null) proxy.close();
  }

  @BeforeEach
  void noFaults() {
    proxy.clear();
  }

  /** A journal instance whose every call goes through the proxy. */
  static DynamoDbJournal throughProxy() {
    AwsClients clients = new AwsClients(new AwsOptions(null, REGION, proxy.endpoint().toString()), MotoServer.credentials(), ATTEMPTS,
        BackoffStrategy.retryImmediately());
    return DynamoDbJournal.open(clients, table, REGION, false, "--create-table", true);
  }

  /** The truth: a journal instance straight at moto. */
  static DynamoDbJournal direct() {
    return MotoJournalTables.open(table);
  }

  static Action action(String id) {
    return new Action(id, LambdaFamily.LAMBDA_MEMORY, "fn-" + id, REGION, Map.of("memoryMb", "3008"), Map.of("memoryMb", "1024"), 1000, 600,
        Action.Risk.LOW, 0.9, List.of(), new Backtest(90, 8, 9, 12, 13, 0.1, 0.1, 60, 0, true, "test"), "test action");
  }

  static Plan plan() {
    return new Plan(Plan.SCHEMA_VERSION, "plan-faults", "trading", "123456789012", "test", T0.minus(Duration.ofDays(1)),
        T0.minus(Duration.ofDays(91)), T0.minus(Duration.ofDays(1)), "2026-02-01",
        List.of(new Phase(1, "one", Duration.ofHours(48), List.of(action("a1"), action("a2")))), List.of());
  }

  /** A run whose phase 1 is OBSERVING (next check at T0+60s), action a1 DONE and a2 INTENT: every kind of record acknowledged. */
  static long observingRun() {
    try (DynamoDbJournal j = direct()) {
      long id = j.createRun(plan(), "sha", "plan.json", RunSettings.defaults("dev"), T0);
      List<ActionRecord> a = j.actions(id);
      assertThat(j.phaseStarted(id, 1, T0)).isTrue();
      assertThat(j.actionIntent(a.get(0).rowId(), Map.of("memoryMb", "3008"), T0)).isTrue();
      assertThat(j.actionDone(a.get(0).rowId(), Map.of("memoryMb", "1024"), null, T0)).isTrue();
      assertThat(j.actionIntent(a.get(1).rowId(), Map.of("memoryMb", "3008"), T0)).isTrue();
      assertThat(j.phaseObserving(id, 1, T0, T0.plusSeconds(3600), T0.plusSeconds(60))).isTrue();
      j.recordReading(reading(id, T0, "O1 p99"));
      return id;
    }
  }

  static GuardReading reading(long runId, Instant at, String rule) {
    return new GuardReading(runId, 1, at, rule, "Latency", "p99", 10.0, 100, false);
  }

  /** What a fault must neither lose nor invent: everything {@link #observingRun} wrote. */
  static void acknowledgedRecordsIntact(long id) {
    try (DynamoDbJournal j = direct()) {
      assertThat(j.run(id).state()).isEqualTo(RunState.RUNNING);
      assertThat(j.phases(id)).singleElement().satisfies(p -> {
        assertThat(p.state()).isEqualTo(PhaseState.OBSERVING);
        assertThat(p.nextCheckAt()).isEqualTo(T0.plusSeconds(60));
      });
      assertThat(j.actions(id)).extracting(ActionRecord::actionId, ActionRecord::state)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("a1", ActionState.DONE), org.assertj.core.groups.Tuple.tuple("a2", ActionState.INTENT));
      assertThat(j.readings(id)).extracting(GuardReading::rule).containsExactly("O1 p99");
    }
  }

  // ------------------------------------------------------------------------------------------ throttling

  /** One journal step per DynamoDB operation, what it leaves when it succeeded, and that it left nothing when it failed. */
  enum Step {
    PUT_ITEM("PutItem") {
      @Override
      void run(DynamoDbJournal j, long id) {
        j.recordReading(reading(id, T0.plusSeconds(60), "O2 errors"));
      }

      @Override
      void assertDone(DynamoDbJournal j, long id, boolean done) {
        assertThat(j.readings(id)).extracting(GuardReading::rule).containsExactlyElementsOf(done ? List.of("O1 p99", "O2 errors") : List.of("O1 p99"));
      }
    },
    UPDATE_ITEM("UpdateItem") {
      @Override
      void run(DynamoDbJournal j, long id) {
        assertThat(j.actionDone(j.actions(id).get(1).rowId(), Map.of("memoryMb", "1024"), null, T0.plusSeconds(5))).isTrue();
      }

      @Override
      void assertDone(DynamoDbJournal j, long id, boolean done) {
        // never DONE when the write was not acknowledged
        assertThat(j.actions(id).get(1).state()).isEqualTo(done ? ActionState.DONE : ActionState.INTENT);
      }
    },
    TRANSACT_WRITE_ITEMS("TransactWriteItems") {
      @Override
      void run(DynamoDbJournal j, long id) {
        j.recordCheck(List.of(reading(id, T0.plusSeconds(60), "O2 errors"), reading(id, T0.plusSeconds(60), "O3 depth")), id, 1,
            T0.plusSeconds(60), T0.plusSeconds(120));
      }

      @Override
      void assertDone(DynamoDbJournal j, long id, boolean done) {
        assertThat(j.readings(id)).hasSize(done ? 3 : 1);
        assertThat(j.phases(id).get(0).nextCheckAt()).isEqualTo(T0.plusSeconds(done ? 120 : 60));
      }
    },
    BATCH_WRITE_ITEM("BatchWriteItem") { // a new run's phases and actions, written before the run item that makes it visible
      @Override
      void run(DynamoDbJournal j, long id) {
        j.createRun(plan(), "sha", "plan.json", RunSettings.defaults("dev"), T0);
      }

      @Override
      void assertDone(DynamoDbJournal j, long id, boolean done) {
        assertThat(j.runs().stream().filter(r -> r.id() > id)).as("runs created").hasSize(done ? 1 : 0);
      }
    },
    QUERY("Query") {
      @Override
      void run(DynamoDbJournal j, long id) {
        assertThat(j.actions(id)).hasSize(2);
      }

      @Override
      void assertDone(DynamoDbJournal j, long id, boolean done) {}
    },
    GET_ITEM("GetItem") {
      @Override
      void run(DynamoDbJournal j, long id) {
        assertThat(j.findRun(id)).isPresent();
      }

      @Override
      void assertDone(DynamoDbJournal j, long id, boolean done) {}
    };

    final String operation;

    Step(String operation) {
      this.operation = operation;
    }

    abstract void run(DynamoDbJournal j, long id);

    abstract void assertDone(DynamoDbJournal j, long id, boolean done);
  }

  static Stream<Arguments> throttles() {
    List<Arguments> cases = new ArrayList<>();
    for (String code : List.of("ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded")) {
      for (Step step : Step.values()) {
        for (int faults : new int[] {ATTEMPTS - 1, ATTEMPTS, ATTEMPTS + 2}) cases.add(Arguments.of(code, step, faults));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} x {2} on {1}")
  @MethodSource("throttles")
  void throttlingWithinTheRetryBudgetIsAbsorbed_beyondItTheCommandFailsNamingTheTable_andNothingIsRecordedOrLost(String code, Step step, int faults) {
    long id = observingRun();
    try (DynamoDbJournal j = throughProxy()) {
      proxy.clear(); // the requests of opening the journal are not counted
      proxy.add(Fault.error(step.operation, faults, code));
      if (faults < ATTEMPTS) {
        step.run(j, id);
        assertThat(proxy.requests(step.operation)).as("attempts").isEqualTo(faults + 1);
      } else {
        assertThatThrownBy(() -> step.run(j, id)).isInstanceOfSatisfying(UserError.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.AWS_ACCESS);
          assertThat(e.getMessage()).contains("DynamoDB throttled dynamodb:", "on table " + table + " in " + REGION, code,
              "--billing-mode PAY_PER_REQUEST", "capacity units", "tap resume --state dynamodb://" + table);
        });
        assertThat(proxy.requests(step.operation)).as("attempts").isEqualTo(ATTEMPTS);
      }
    }
    proxy.clear();
    try (DynamoDbJournal j = direct()) {
      step.assertDone(j, id, faults < ATTEMPTS);
    }
    if (faults >= ATTEMPTS || step == Step.QUERY || step == Step.GET_ITEM) acknowledgedRecordsIntact(id);
  }

  /** BatchWriteItem's other throttling: items left unprocessed, which tap sends again itself (10 batches in a row at most). */
  @ParameterizedTest(name = "unprocessed {0} times")
  @org.junit.jupiter.params.provider.ValueSource(ints = {2, 10})
  void aNewRunsItemsLeftUnprocessedAreSentAgain_tenTimesInARowFailsAndTheRunStaysInvisible(int times) {
    long id = observingRun();
    try (DynamoDbJournal j = throughProxy()) {
      proxy.clear(); // the requests of opening the journal are not counted
      proxy.add(Fault.unprocessed(times));
      if (times < 10) {
        j.createRun(plan(), "sha", "plan.json", RunSettings.defaults("dev"), T0);
        assertThat(proxy.requests("BatchWriteItem")).isEqualTo(times + 1);
      } else {
        assertThatThrownBy(() -> j.createRun(plan(), "sha", "plan.json", RunSettings.defaults("dev"), T0))
            .isInstanceOfSatisfying(UserError.class, e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.AWS_ACCESS);
              assertThat(e.getMessage()).contains("DynamoDB throttled dynamodb:BatchWriteItem on table " + table, "unprocessed", "PAY_PER_REQUEST");
            });
        assertThat(proxy.requests("BatchWriteItem")).isEqualTo(10);
      }
    }
    proxy.clear();
    try (DynamoDbJournal j = direct()) {
      assertThat(j.runs().stream().filter(r -> r.id() > id)).as("runs created").hasSize(times < 10 ? 1 : 0);
    }
    acknowledgedRecordsIntact(id);
  }

  // ------------------------------------------------------------------------------------------ cancelled transactions

  /** A run whose phase passes with a clean-up of its DONE action a1: the transaction [phase, a1's clean-up]. */
  record Passing(long id, long a1) {}

  static Passing passing() {
    long id = observingRun();
    try (DynamoDbJournal j = direct()) {
      return new Passing(id, j.actions(id).get(0).rowId());
    }
  }

  static Stream<Arguments> cancellations() {
    int n = DynamoDbTable.TRANSACTION_ATTEMPTS;
    return Stream.of(
        // reasons per item [phase, clean-up], times, answer (true/false, or the error's exit code), TransactWriteItems sent
        Arguments.of(List.of("TransactionConflict", "None"), 1, "true", 2),
        Arguments.of(List.of("None", "TransactionConflict"), n - 1, "true", n),
        Arguments.of(List.of("TransactionConflict", "TransactionConflict"), n, "FAILURE", n),
        Arguments.of(List.of("ThrottlingError", "None"), n - 1, "true", n),
        Arguments.of(List.of("ThrottlingError", "TransactionConflict"), n, "AWS_ACCESS", n),
        // a failed condition is an answer: never sent again as such
        Arguments.of(List.of("ConditionalCheckFailed", "None"), 1, "false", 1),
        Arguments.of(List.of("ConditionalCheckFailed", "TransactionConflict"), 1, "false", 1),
        // the clean-up's condition failed: phasePassed reads the action again and sends a new transaction
        Arguments.of(List.of("None", "ConditionalCheckFailed"), 1, "true", 2),
        Arguments.of(List.of("TransactionConflict", "ConditionalCheckFailed"), 1, "true", 2),
        // a validation error on one item is not a conflict: no retry
        Arguments.of(List.of("ValidationError", "None"), 1, "FAILURE", 1));
  }

  @ParameterizedTest(name = "{0} x {1} -> {2}")
  @MethodSource("cancellations")
  void aCancelledTransactionIsRetriedOnlyForConflictsAndThrottling(List<String> reasons, int times, String answer, int sent) {
    Passing run = passing();
    boolean passed = false;
    try (DynamoDbJournal j = throughProxy()) {
      proxy.clear(); // the requests of opening the journal are not counted
      proxy.add(Fault.cancelled(times, reasons));
      if (answer.equals("true") || answer.equals("false")) {
        assertThat(j.phasePassed(run.id(), 1, PhaseState.OBSERVING, T0.plusSeconds(3600), List.of(run.a1()))).isEqualTo(Boolean.parseBoolean(answer));
        passed = Boolean.parseBoolean(answer);
      } else {
        assertThatThrownBy(() -> j.phasePassed(run.id(), 1, PhaseState.OBSERVING, T0.plusSeconds(3600), List.of(run.a1())))
            .isInstanceOfSatisfying(UserError.class, e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.valueOf(answer));
              assertThat(e.getMessage()).contains(table);
              if (answer.equals("AWS_ACCESS")) assertThat(e.getMessage()).contains("PAY_PER_REQUEST", "ThrottlingError");
              else assertThat(e.getMessage()).contains("Nothing of it was written", reasons.contains("TransactionConflict")
                  ? "tap status --state dynamodb://" + table : "ValidationError");
            });
      }
    }
    assertThat(proxy.requests("TransactWriteItems")).as("transactions sent").isEqualTo(sent);
    proxy.clear();
    try (DynamoDbJournal j = direct()) {
      assertThat(j.phases(run.id()).get(0).state()).isEqualTo(passed ? PhaseState.PASSED : PhaseState.OBSERVING);
      assertThat(j.action(run.a1()).cleanup()).isEqualTo(passed ? CleanupState.PENDING : null);
    }
  }

  // ------------------------------------------------------------------------------------------ lost answers

  /** A write whose request reached the table while its answer was lost; what the caller must be told and what the table must hold. */
  enum LostWrite {
    ACTION_DONE("UpdateItem", 0, 1) {
      @Override
      Object write(DynamoDbJournal j, long id) {
        return j.actionDone(j.actions(id).get(1).rowId(), Map.of("memoryMb", "1024"), null, T0.plusSeconds(5));
      }

      @Override
      void check(DynamoDbJournal j, long id, Object answer) {
        assertThat(answer).isEqualTo(true);
        assertThat(j.actions(id).get(1).state()).isEqualTo(ActionState.DONE);
      }
    },
    RUN_COMPLETED("UpdateItem", 0, 1) {
      @Override
      Object write(DynamoDbJournal j, long id) {
        return j.transitionRun(id, RunState.RUNNING, RunState.COMPLETED, "all phases passed", T0.plusSeconds(9));
      }

      @Override
      void check(DynamoDbJournal j, long id, Object answer) {
        assertThat(answer).isEqualTo(true);
        assertThat(j.run(id).state()).isEqualTo(RunState.COMPLETED);
      }
    },
    CREATE_RUN("PutItem", 0, 2) { // the run-id claim's put and its retry: the third attempt finds the claim ours
      @Override
      Object write(DynamoDbJournal j, long id) {
        return j.createRun(plan(), "sha", "plan.json", RunSettings.defaults("dev"), T0);
      }

      @Override
      void check(DynamoDbJournal j, long id, Object answer) {
        long created = (Long) answer;
        assertThat(j.run(created).state()).isEqualTo(RunState.RUNNING);
        assertThat(j.actions(created)).hasSize(2);
        assertThat(j.runs().stream().filter(r -> r.id() > id)).as("runs created").hasSize(1);
      }
    },
    CREATE_RUN_ITEM("PutItem", 1, 1) { // the claim goes through; the run item's put (the run's commit) loses its answer
      @Override
      Object write(DynamoDbJournal j, long id) {
        return CREATE_RUN.write(j, id);
      }

      @Override
      void check(DynamoDbJournal j, long id, Object answer) {
        CREATE_RUN.check(j, id, answer);
      }
    },
    TAKE_LOCK("PutItem", 0, 1) {
      @Override
      Object write(DynamoDbJournal j, long id) {
        return j.lockFor("acct-" + id).tryCreate(REGION, OWNER);
      }

      @Override
      void check(DynamoDbJournal j, long id, Object answer) {
        assertThat(answer).as("holder other than us").isEqualTo(Optional.empty());
        // ours: the holder's token may rewrite it
        assertThat(j.lockFor("acct-" + id).replace(REGION, OWNER, OWNER.renewedAt(T0.plusSeconds(300)))).isTrue();
      }
    },
    PHASE_PASSED("TransactWriteItems", 0, 1) {
      @Override
      Object write(DynamoDbJournal j, long id) {
        return j.phasePassed(id, 1, PhaseState.OBSERVING, T0.plusSeconds(3600), List.of(j.actions(id).get(0).rowId()));
      }

      @Override
      void check(DynamoDbJournal j, long id, Object answer) {
        assertThat(answer).isEqualTo(true);
        assertThat(j.phases(id).get(0).state()).isEqualTo(PhaseState.PASSED);
        assertThat(j.actions(id).get(0).cleanup()).isEqualTo(CleanupState.PENDING);
      }
    },
    GUARD_CHECK("TransactWriteItems", 0, 1) {
      @Override
      Object write(DynamoDbJournal j, long id) {
        j.recordCheck(List.of(reading(id, T0.plusSeconds(60), "O2 errors")), id, 1, T0.plusSeconds(60), T0.plusSeconds(120));
        return null;
      }

      @Override
      void check(DynamoDbJournal j, long id, Object answer) {
        assertThat(j.readings(id)).extracting(GuardReading::rule).containsExactly("O1 p99", "O2 errors");
        assertThat(j.phases(id).get(0).nextCheckAt()).isEqualTo(T0.plusSeconds(120));
      }
    },
    RELEASE_LOCK("DeleteItem", 0, 1) { // the retry finds no item to delete: released all the same, and nothing is reported
      @Override
      Object write(DynamoDbJournal j, long id) {
        assertThat(j.lockFor("acct-" + id).tryCreate(REGION, OWNER)).isEmpty();
        j.lockFor("acct-" + id).release(REGION, OWNER);
        return null;
      }

      @Override
      void check(DynamoDbJournal j, long id, Object answer) {
        LockOwner other = new LockOwner("token-other", 7, "host-b", T0, "dynamodb://journal", null, T0);
        assertThat(j.lockFor("acct-" + id).tryCreate(REGION, other)).as("the lock is free").isEmpty();
      }
    },
    EVENT("UpdateItem", 0, 1) { // the event counter's ADD is sent twice: a number is skipped, the event is stored once
      @Override
      Object write(DynamoDbJournal j, long id) {
        j.event(id, T0.plusSeconds(7), "phase 1 observed");
        return null;
      }

      @Override
      void check(DynamoDbJournal j, long id, Object answer) {
        assertThat(j.events(id).stream().filter(e -> e.endsWith("phase 1 observed"))).hasSize(1);
      }
    };

    static final LockOwner OWNER = new LockOwner("token-me", 42, "host-a", T0, "dynamodb://journal", null, T0);

    final String operation;
    final int skip;
    final int times;

    LostWrite(String operation, int skip, int times) {
      this.operation = operation;
      this.skip = skip;
      this.times = times;
    }

    abstract Object write(DynamoDbJournal j, long id);

    abstract void check(DynamoDbJournal j, long id, Object answer);
  }

  static Stream<Arguments> lostAnswers() {
    List<Arguments> cases = new ArrayList<>();
    for (LostWrite w : LostWrite.values()) for (Kind k : List.of(Kind.LOSE_ANSWER, Kind.DROP_CONNECTION)) cases.add(Arguments.of(w, k));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("lostAnswers")
  void aWriteWhoseAnswerWasLostIsRecognisedAsOurs_notReportedAsAConflictNorDuplicated(LostWrite write, Kind kind) {
    long id = observingRun();
    Object answer;
    try (DynamoDbJournal j = throughProxy()) {
      proxy.clear(); // the requests of opening the journal are not counted
      proxy.add(Fault.lost(write.operation, write.skip, write.times, kind));
      answer = write.write(j, id);
    }
    assertThat(proxy.requests(write.operation)).as("the SDK sent it again").isGreaterThan(write.skip + write.times);
    if (write.operation.equals("TransactWriteItems")) {
      // the SDK's retry carries the same ClientRequestToken: DynamoDB itself would answer it as the same transaction
      assertThat(proxy.bodies("TransactWriteItems")).allMatch(b -> b.contains("\"ClientRequestToken\":\""));
      List<String> tokens = proxy.bodies("TransactWriteItems").stream()
          .map(b -> b.replaceAll("(?s).*\"ClientRequestToken\":\"([^\"]+)\".*", "$1")).distinct().toList();
      assertThat(tokens).singleElement().asString().hasSizeGreaterThan(10);
    }
    proxy.clear();
    try (DynamoDbJournal j = direct()) {
      write.check(j, id, answer);
    }
  }

  /** The other side: a write refused on its first attempt (another writer moved the item), whose 500 made the SDK retry, is still refused. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void aRefusedWriteWhoseAnswerWasLostIsStillRefused(Kind kind) {
    long id = observingRun();
    long a2 = 0;
    try (DynamoDbJournal other = direct()) {
      a2 = other.actions(id).get(1).rowId();
      assertThat(other.actionDone(a2, Map.of("memoryMb", "1024"), "by the other machine", T0.plusSeconds(3))).isTrue();
    }
    long row = a2;
    try (DynamoDbJournal j = throughProxy()) {
      proxy.clear(); // the requests of opening the journal are not counted
      proxy.add(Fault.lost("UpdateItem", 0, 1, kind));
      assertThat(j.actionDone(row, Map.of("memoryMb", "1"), "by us", T0.plusSeconds(4))).isFalse();
    }
    proxy.clear();
    try (DynamoDbJournal j = direct()) {
      assertThat(j.action(row).message()).isEqualTo("by the other machine");
      assertThat(j.action(row).observedAfter()).containsEntry("memoryMb", "1024");
    }
  }

  /** What a real tap builds (AwsClients.create): DynamoDB on STANDARD retries with six attempts, not the adaptive limiter of the other clients. */
  @org.junit.jupiter.api.Test
  void theDynamoDbClientRetriesStandardSixAttempts() {
    try (AwsClients c = AwsClients.create(new AwsOptions(null, REGION, "http://127.0.0.1:9"))) {
      var strategy = c.dynamoDb(REGION).serviceClientConfiguration().overrideConfiguration().retryStrategy().orElseThrow();
      assertThat(strategy).isInstanceOf(software.amazon.awssdk.retries.StandardRetryStrategy.class);
      assertThat(strategy.maxAttempts()).isEqualTo(6);
      var other = c.ssm(REGION).serviceClientConfiguration().overrideConfiguration().retryStrategy().orElseThrow();
      assertThat(other).isInstanceOf(software.amazon.awssdk.retries.AdaptiveRetryStrategy.class);
    }
  }

  static Stream<Kind> kinds() {
    return Stream.of(Kind.LOSE_ANSWER, Kind.DROP_CONNECTION);
  }

}
