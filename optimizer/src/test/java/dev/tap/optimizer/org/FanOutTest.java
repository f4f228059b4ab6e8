package dev.tap.optimizer.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bounded pool: its limit holds, a failing piece becomes a classified failure, and every other outcome is kept. */
class FanOutTest {

  static List<AccountRegion> work(int accounts, String... regions) {
    List<AccountRegion> out = new ArrayList<>();
    for (int i = 1; i <= accounts; i++) for (String r : regions) out.add(new AccountRegion(new MemberAccount(String.format("%012d", i), null), r));
    return out;
  }

  /** An exception carrying an AWS error code as the adapters' do (here read by the test's code function). */
  static final class Coded extends RuntimeException {
    final String code;

    Coded(String code) {
      super(code + ": refused");
      this.code = code;
    }
  }

  static String code(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof Coded k) return k.code;
    return "";
  }

  @Test
  void neverRunsMoreThanTheLimitAtOnceAndRunsThatManyWhenThereIsWork() throws Exception {
    for (int limit : new int[] {1, 3}) {
      AtomicInteger running = new AtomicInteger();
      AtomicInteger peak = new AtomicInteger();
      CountDownLatch allStarted = new CountDownLatch(limit);
      List<Outcome> out = new FanOut(limit, FanOutTest::code).run(work(4, "us-east-1", "eu-west-1"), ar -> {
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        allStarted.countDown();
        try {
          // hold the slot until `limit` pieces run together, so the peak shows the pool's real width
          allStarted.await(5, TimeUnit.SECONDS);
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        running.decrementAndGet();
        return new Outcome.Analysed(ar, List.of(), List.of(), "d");
      }, o -> {}, line -> {});
      assertThat(out).hasSize(8);
      assertThat(peak.get()).as("peak with --parallel " + limit).isEqualTo(limit);
    }
  }

  @Test
  void aFailingAccountBecomesAClassifiedFailureAndTheOthersAreKeptAndSeenAsTheyFinish() {
    List<Outcome> seen = Collections.synchronizedList(new ArrayList<>());
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    List<AccountRegion> work = work(4, "us-east-1");
    List<Outcome> out = new FanOut(2, FanOutTest::code).run(work, ar -> switch (ar.account().id()) {
      case "000000000002" -> throw new AccessFailure(FailureReason.ROLE_NOT_ASSUMABLE, "AccessDenied", "sts:AssumeRole refused", null);
      case "000000000003" -> throw new IllegalStateException("wrapped", new Coded("AccessDeniedException"));
      case "000000000004" -> throw new IllegalStateException("no answer");
      default -> new Outcome.Analysed(ar, List.of(new FamilyFigures("Redis", 1, 1, 1, 10)), List.of(), "d");
    }, seen::add, lines::add);
    assertThat(out).extracting(o -> o.where().account().id()).containsExactly("000000000001", "000000000002", "000000000003", "000000000004");
    assertThat(out.get(0)).isInstanceOf(Outcome.Analysed.class);
    assertThat(((Outcome.Failed) out.get(1)).reason()).isEqualTo(FailureReason.ROLE_NOT_ASSUMABLE);
    assertThat(((Outcome.Failed) out.get(1)).code()).isEqualTo("AccessDenied");
    assertThat(((Outcome.Failed) out.get(2)).reason()).isEqualTo(FailureReason.ACCESS_DENIED);
    assertThat(((Outcome.Failed) out.get(2)).code()).isEqualTo("AccessDeniedException");
    assertThat(((Outcome.Failed) out.get(3)).reason()).isEqualTo(FailureReason.OTHER);
    assertThat(((Outcome.Failed) out.get(3)).message()).isEqualTo("no answer");
    assertThat(seen).hasSize(4).containsExactlyInAnyOrderElementsOf(out);
    assertThat(lines).filteredOn(l -> l.startsWith("[start]")).hasSize(4);
    assertThat(lines).anyMatch(l -> l.matches("\\[\\d/4] 000000000002 us-east-1: FAILED ROLE_NOT_ASSUMABLE \\(AccessDenied\\)"));
    assertThat(lines).anyMatch(l -> l.matches("\\[\\d/4] 000000000001 us-east-1: analysed, 1 resources, 10.00 USD/mo planned savings"));
  }

  @Test
  void aPoolOfNoneIsRefused() {
    assertThatThrownBy(() -> new FanOut(0, t -> "")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--parallel");
  }
}
