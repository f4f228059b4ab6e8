package dev.tap.optimizer.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.sim.actions.SimAccountLock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two lock objects as one (a shared journal's lock item, then the account's own): all or none, released in reverse, the held one named. */
class LayeredLockTest {
  @TempDir Path dir;
  static final String R = "us-east-1";
  static final Instant SINCE = Instant.parse("2026-12-07T02:00:00Z");
  SimAccountLock outer;
  SimAccountLock inner;
  LayeredLock both;

  @BeforeEach
  void locks() {
    outer = new SimAccountLock(dir.resolve("table"), "123456789012");
    inner = new SimAccountLock(dir.resolve("account"), "123456789012");
    both = new LayeredLock(outer, inner);
  }

  static LockOwner owner(String token) {
    return new LockOwner(token, 100, "host-a", SINCE, "/srv/" + token + ".db", null, SINCE);
  }

  static Optional<String> holder(AccountLock lock) {
    LockOwner probe = owner("probe");
    Optional<LockOwner> held = lock.tryCreate(R, probe);
    if (held.isEmpty()) lock.release(R, probe);
    return held.map(LockOwner::token);
  }

  @Test
  void bothAreTakenAndBothReleased() {
    assertThat(both.tryCreate(R, owner("a"))).isEmpty();
    assertThat(holder(outer)).contains("a");
    assertThat(holder(inner)).contains("a");
    both.release(R, owner("a"));
    assertThat(holder(outer)).isEmpty();
    assertThat(holder(inner)).isEmpty();
  }

  @Test
  void anOuterHolderRefuses_andTheInnerIsNotTouched() {
    outer.tryCreate(R, owner("x"));
    assertThat(both.tryCreate(R, owner("a"))).map(LockOwner::token).contains("x");
    assertThat(holder(inner)).isEmpty();
    assertThat(both.where(R)).isEqualTo(outer.where(R));
    assertThat(both.removeCommand(R)).isEqualTo(outer.removeCommand(R));
  }

  @Test
  void anInnerHolderRefuses_theOuterIsGivenBack_andTheInnerIsNamed() {
    inner.tryCreate(R, owner("x"));
    assertThat(both.tryCreate(R, owner("a"))).map(LockOwner::token).contains("x");
    assertThat(holder(outer)).as("given back").isEmpty();
    assertThat(both.where(R)).isEqualTo(inner.where(R));
    assertThat(both.removeCommand(R)).isEqualTo(inner.removeCommand(R));
  }

  @Test
  void replaceRenamesBoth_orNeitherWhenSomeoneElseHoldsTheInner() {
    both.tryCreate(R, owner("a"));
    LockOwner named = owner("a").withRun(7);
    assertThat(both.replace(R, owner("a"), named)).isTrue();
    assertThat(outer.tryCreate(R, owner("p"))).contains(named);
    assertThat(inner.tryCreate(R, owner("p"))).contains(named);

    inner.release(R, named);
    inner.tryCreate(R, owner("x"));
    assertThat(both.replace(R, named, owner("b"))).isFalse();
    assertThat(outer.tryCreate(R, owner("p"))).as("the outer is as it was").contains(named);
  }

  @Test
  void aDeadOwnerThatHeldOnlyTheOuterIsTakenOverWhole() {
    outer.tryCreate(R, owner("dead")); // it died between taking the outer and the inner
    assertThat(both.replace(R, owner("dead"), owner("me"))).isTrue();
    assertThat(holder(outer)).contains("me");
    assertThat(holder(inner)).contains("me");
  }
}
