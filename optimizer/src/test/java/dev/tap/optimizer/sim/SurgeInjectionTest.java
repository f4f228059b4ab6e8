package dev.tap.optimizer.sim;

import static dev.tap.optimizer.sim.SimAccountTest.windowStat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The demo's injected fault: a load surge that starts with a change and is served by the capacity in force. */
class SurgeInjectionTest {
  static final String DAX = "tap-dev-dax";
  static final String REDIS = "tap-dev-trading-redis";
  static final Map<String, String> DAX_DIMS = Map.of("ClusterId", DAX);
  static final Map<String, String> SLO_DIMS = Map.of("Blueprint", "trading", "Environment", SimAccount.ENVIRONMENT);

  /** An account whose clock has moved past a reconfiguration of DAX (to {@code nodes}) made with a surge armed. */
  static SimAccount changedUnderSurge(int nodes, boolean surge) {
    SimAccount a = SimAccount.of(SimBlueprint.TRADING);
    if (surge) a.surgeOnFirstChange(Set.of(DAX, REDIS), 3, Duration.ofHours(24));
    a.reconfigure(DAX, Map.of("nodes", String.valueOf(nodes)));
    a.clock().advanceTo(a.clock().instant().plus(Duration.ofDays(2)));
    return a;
  }

  @Test
  void theSurgeMultipliesTheLoadFromTheChangeForItsLengthOnly() {
    SimAccount calm = changedUnderSurge(6, false);
    SimAccount surged = changedUnderSurge(6, true);
    Instant t0 = SimAccount.of(SimBlueprint.TRADING).clock().instant();
    Instant before = t0.minus(Duration.ofHours(3));
    double inside = windowStat(surged, "AWS/DAX", "CPUUtilization", DAX_DIMS, "Average", t0, t0.plus(Duration.ofHours(24)));
    double insideCalm = windowStat(calm, "AWS/DAX", "CPUUtilization", DAX_DIMS, "Average", t0, t0.plus(Duration.ofHours(24)));
    assertThat(inside / insideCalm).isCloseTo(3, org.assertj.core.data.Offset.offset(0.01));
    Instant after = t0.plus(Duration.ofHours(25));
    assertThat(windowStat(surged, "AWS/DAX", "CPUUtilization", DAX_DIMS, "Average", after, after.plus(Duration.ofHours(6))))
        .isEqualTo(windowStat(calm, "AWS/DAX", "CPUUtilization", DAX_DIMS, "Average", after, after.plus(Duration.ofHours(6))));
    assertThat(windowStat(surged, "AWS/DAX", "CPUUtilization", DAX_DIMS, "Average", before, t0))
        .isEqualTo(windowStat(calm, "AWS/DAX", "CPUUtilization", DAX_DIMS, "Average", before, t0));
  }

  @Test
  void theSameSurgeHurtsTheSloMoreOnTheHalvedClusterThanOnTheOriginal() {
    Instant t0 = SimAccount.of(SimBlueprint.TRADING).clock().instant();
    Instant end = t0.plus(Duration.ofHours(24));
    double halved = windowStat(changedUnderSurge(3, true), "TAP/SLO", "Latency", SLO_DIMS, "p99", t0, end);
    double original = windowStat(changedUnderSurge(6, true), "TAP/SLO", "Latency", SLO_DIMS, "p99", t0, end);
    double calm = windowStat(changedUnderSurge(6, false), "TAP/SLO", "Latency", SLO_DIMS, "p99", t0, end);
    assertThat(halved).isGreaterThan(original * 1.1);
    assertThat(original).isGreaterThanOrEqualTo(calm);
  }

  @Test
  void aSurgeNeedsKnownResourcesAPositiveFactorAndLength() {
    SimAccount a = SimAccount.of(SimBlueprint.TRADING);
    assertThatThrownBy(() -> a.surgeOnFirstChange(Set.of("nope"), 2, Duration.ofHours(1))).hasMessageContaining("no resource 'nope'");
    assertThatThrownBy(() -> a.surgeOnFirstChange(Set.of(DAX), 0, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.surgeOnFirstChange(Set.of(DAX), 2, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
