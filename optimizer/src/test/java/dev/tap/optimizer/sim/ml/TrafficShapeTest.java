package dev.tap.optimizer.sim.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Issue 12: the ML traffic shape ships inside the jar, and is the one the raw NASA trace gives. */
class TrafficShapeTest {
  /** ../shared/data beside the checkout (tests run in optimizer/), as CalibrationTest finds it. */
  static final Path TRACE = Path.of(System.getProperty("tap.shared.data", "../../shared/data")).resolve(TrafficShape.TRACE);

  @Test
  void theBundledProfileGivesAMonthOfNasaTrafficAtTheTargetMean() {
    TrafficShape s = TrafficShape.load(SimulatedMlPlatform.DAYS, 1200, 42);
    assertThat(s.perMinute()).hasSize(30 * 1440);
    assertThat(s.mean()).isCloseTo(1200, within(1.0));
    double peak = Arrays.stream(s.perMinute()).max().orElseThrow();
    assertThat(peak / s.mean()).as("the launch-day spike").isBetween(6.0, 9.0);
    assertThat(s.source()).startsWith("NASA-HTTP 1995 request trace (per-minute profile in the jar, " + TrafficShape.PROFILE + "), days 0-")
        .contains("skipped outage days").endsWith("rescaled to mean 1200/s");
    assertThat(TrafficShape.load(30, 1200, 42).perMinute()).isEqualTo(s.perMinute());
    assertThat(TrafficShape.load(30, 1200, 43).perMinute()).isNotEqualTo(s.perMinute());
  }

  @Test
  void theBundledProfileHoldsTheDaysItNamesAndNoMore() throws Exception {
    TrafficShape.Profile p = TrafficShape.Profile.bundled();
    assertThat(p.days()).isEqualTo(SimulatedMlPlatform.DAYS);
    assertThat(p.traceDays()).isSorted().doesNotHaveDuplicates();
    assertThat(Arrays.asList(p.perMinute())).allSatisfy(day -> assertThat(day).hasSize(1440));
    // what is written is read back
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    p.write(b, TrafficProfileGenerator.HEADER);
    assertThat(TrafficShape.Profile.read(new ByteArrayInputStream(b.toByteArray()))).isEqualTo(p);
    assertThatThrownBy(() -> TrafficShape.load(SimulatedMlPlatform.DAYS + 1, 1200, 42)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the NASA profile has 30");
    try (InputStream in = TrafficShape.class.getResourceAsStream(TrafficShape.PROFILE)) {
      assertThat(in.readAllBytes().length).as("bytes of the bundled profile").isLessThan(200_000);
    }
  }

  @Test
  void theBundledShapeIsTheOneTheRawTraceGives() throws Exception {
    assumeTrue(Files.isReadable(TRACE), "raw NASA trace " + TRACE.toAbsolutePath() + " absent: cross-check skipped (set -Dtap.shared.data=DIR)");
    for (long seed : new long[] {42, 7}) {
      TrafficShape fromTrace = TrafficShape.fromTrace(TRACE, SimulatedMlPlatform.DAYS, SimulatedMlPlatform.MEAN_RATE, seed);
      TrafficShape bundled = TrafficShape.load(SimulatedMlPlatform.DAYS, SimulatedMlPlatform.MEAN_RATE, seed);
      assertThat(bundled.perMinute()).as("bit for bit").isEqualTo(fromTrace.perMinute());
      assertThat(bundled.source().replace("per-minute profile in the jar, " + TrafficShape.PROFILE, TRACE.toString())).isEqualTo(fromTrace.source());
    }
    // the generator, run today, writes the bundled file byte for byte
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    TrafficProfileGenerator.generate(TRACE, SimulatedMlPlatform.DAYS, b);
    try (InputStream in = TrafficShape.class.getResourceAsStream(TrafficShape.PROFILE)) {
      assertThat(b.toByteArray()).isEqualTo(in.readAllBytes());
    }
  }
}
