package dev.tap.optimizer.exec;

import static dev.tap.optimizer.exec.Plans.T0;
import static dev.tap.optimizer.exec.Plans.action;
import static dev.tap.optimizer.exec.Plans.phase;
import static dev.tap.optimizer.exec.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.model.Plan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several processes (or machines) on one journal at once, on each journal: two appliers racing for
 * one account-region, racing transitions of one action, run ids taken at the same moment. On a
 * store whose emulator does not isolate simultaneous writes (Journals.Store) the contenders still
 * use separate instances but take turns.
 */
class SharedJournalTest {
  @TempDir Path dir;

  /** The outcome of one applier: its run, or the refusal it got. */
  record Applied(String host, Long runId, UserError refusal) {}

  @ParameterizedTest
  @EnumSource(Journals.Store.class)
  void twoAppliersOnOneAccountRegion_oneWins_theOtherIsRefusedNamingTheHolder(Journals.Store store) throws Exception {
    Journals.Place place = store.at(dir);
    FakeFamily cloud = FakeFamily.all().add("fn", LambdaFamily.LAMBDA, Map.of("memoryMb", "3008"), Map.of());
    Plan plan = plan(phase(1, "one", action("a1", LambdaFamily.LAMBDA_MEMORY, "fn", Map.of("memoryMb", "3008"), Map.of("memoryMb", "1024"))));
    CyclicBarrier start = new CyclicBarrier(2);
    CountDownLatch bothTried = new CountDownLatch(2);
    CountDownLatch firstTried = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Applied>> futures = new ArrayList<>();
    for (String host : List.of("host-a", "host-b")) {
      futures.add(pool.submit(() -> {
        try (Journal journal = place.open()) {
          LockOwner me = new LockOwner(host, 100, host, T0, journal.location(), null, T0);
          start.await(120, TimeUnit.SECONDS);
          if (!store.isolatesConcurrentWrites() && host.equals("host-b")) firstTried.await(120, TimeUnit.SECONDS);
          RunLock lock;
          try {
            lock = RunLock.acquire(place.lock(), RunLock.regions(plan), me, true, o -> true);
          } catch (UserError refused) {
            firstTried.countDown();
            bothTried.countDown();
            return new Applied(host, null, refused);
          }
          try (lock) {
            firstTried.countDown();
            bothTried.countDown();
            bothTried.await(120, TimeUnit.SECONDS); // hold the lock until the other has tried
            MutableClock clock = new MutableClock(T0);
            Executor executor = new Executor(journal, ActionRegistry.of(cloud), new Guard(new FakeSlo()), clock, CrashHook.NONE, m -> {});
            long id = executor.start(plan, "sha", "plan.json", CrashResumeTest.SETTINGS);
            lock.attach(id);
            Executor.Progress p = executor.advance(id);
            while (!p.finished()) {
              clock.set(p.waitUntil());
              p = executor.advance(id);
            }
            return new Applied(host, id, null);
          }
        }
      }));
    }
    List<Applied> results = new ArrayList<>();
    for (Future<Applied> f : futures) results.add(f.get(300, TimeUnit.SECONDS));
    pool.shutdown();

    assertThat(results.stream().filter(r -> r.runId() != null)).as("exactly one applies").hasSize(1);
    Applied winner = results.stream().filter(r -> r.runId() != null).findFirst().orElseThrow();
    Applied loser = results.stream().filter(r -> r.refusal() != null).findFirst().orElseThrow();
    assertThat(loser.refusal().exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(loser.refusal().getMessage()).contains("another tap holds the lock of this account in us-east-1", "pid 100 on host " + winner.host(),
        place.lock().where("us-east-1"));
    assertThat(cloud.calls).as("one change, by the winner").hasSize(1);
    try (Journal journal = place.open()) {
      assertThat(journal.runs()).singleElement().satisfies(r -> {
        assertThat(r.id()).isEqualTo(winner.runId());
        assertThat(r.state()).isEqualTo(RunState.COMPLETED);
      });
    }
  }

  @ParameterizedTest
  @EnumSource(Journals.Store.class)
  void ofConcurrentTransitionsOfOneActionFromSeveralInstancesExactlyOneWins_andRunIdsAreNeverShared(Journals.Store store) throws Exception {
    Journals.Place place = store.at(dir);
    Plan plan = plan(phase(1, "one", action("a1", LambdaFamily.LAMBDA_MEMORY, "fn", Map.of("memoryMb", "3008"), Map.of("memoryMb", "1024"))));
    int n = 4;
    int threads = store.isolatesConcurrentWrites() ? n : 1;
    List<Journal> instances = new ArrayList<>();
    for (int i = 0; i < n; i++) instances.add(place.open());
    try {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<Long>> created = new ArrayList<>();
      for (Journal j : instances) {
        created.add(pool.submit(() -> {
          start.await(120, TimeUnit.SECONDS);
          return j.createRun(plan, "sha", "plan.json", RunSettings.defaults("dev"), T0);
        }));
      }
      List<Long> ids = new ArrayList<>();
      for (Future<Long> f : created) ids.add(f.get(300, TimeUnit.SECONDS));
      assertThat(ids).doesNotHaveDuplicates();
      assertThat(instances.get(0).runs()).hasSize(n);

      long row = instances.get(0).actions(ids.get(0)).get(0).rowId();
      List<Future<Boolean>> intents = new ArrayList<>();
      CyclicBarrier again = new CyclicBarrier(threads);
      for (int i = 0; i < n; i++) {
        Journal j = instances.get(i);
        String value = Integer.toString(i);
        intents.add(pool.submit(() -> {
          again.await(120, TimeUnit.SECONDS);
          return j.actionIntent(row, Map.of("memoryMb", value), T0);
        }));
      }
      List<Boolean> won = new ArrayList<>();
      for (Future<Boolean> f : intents) won.add(f.get(300, TimeUnit.SECONDS));
      pool.shutdown();
      assertThat(won.stream().filter(w -> w)).as("one intent recorded").hasSize(1);
      String winner = Integer.toString(won.indexOf(true));
      assertThat(instances.get(n - 1).action(row).observedBefore()).as("the winner's write, not overwritten").containsEntry("memoryMb", winner);
      assertThat(instances.get(1).actions(ids.get(1))).as("another run's action is untouched").allMatch(a -> a.state() == ActionState.PENDING);
    } finally {
      instances.forEach(Journal::close);
    }
  }
}
