package dev.tap.optimizer.sim.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tap.optimizer.family.sagemaker.EndpointMetrics;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataRequest;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.MetricsEngine;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedMlPlatformTest {
  static final Instant END = Instant.parse("2026-11-30T00:00:00Z");
  @Test
  void theBundledNasaProfileShapesTheTraffic() {
    SimulatedMlPlatform sim = new SimulatedMlPlatform(END, 42);
    assertThat(sim.trafficSource()).contains("NASA-HTTP").contains("in the jar");
    checkPlatform(sim);
  }

  private static void checkPlatform(SimulatedMlPlatform sim) {
    Map<String, MetricSeries> m = MetricsEngine.fetchQueries(sim, EndpointMetrics.queries(SimulatedMlPlatform.ENDPOINT, SimulatedMlPlatform.VARIANT, 60), sim.start(), sim.end());
    assertThat(m.get("invocations").size()).isEqualTo(30 * 1440);
    double meanRate = Arrays.stream(m.get("invocations").values()).average().orElseThrow() / 60;
    assertThat(meanRate).isCloseTo(1200, within(30.0));
    double gpuPerGpu = Arrays.stream(m.get("gpuUtil").values()).average().orElseThrow() / 4;
    assertThat(gpuPerGpu).isBetween(12.0, 18.0);
    assertThat(m.get("perInstance").values()[100]).isCloseTo(m.get("invocations").values()[100] / 10, within(1e-6));
    // 10 x g4dn.12xlarge were sized for 10k/s: at 1,000/s per instance latency is still within 50 ms
    assertThat(ServingPhysics.p95Ms(1000, "ml.g4dn.12xlarge", dev.tap.optimizer.family.sagemaker.ModelVariant.FP32)).isLessThan(50);
    assertThat(sim.trainingJobs()).hasSize(30).allMatch(j -> j.trainingSeconds() >= 3.5 * 3600 && j.trainingSeconds() <= 4.5 * 3600 && !j.managedSpot());
  }

  @Test
  void deterministicFromTheSeedAndPagedAtTheApiLimit() {
    SimulatedMlPlatform a = new SimulatedMlPlatform(END, 7);
    SimulatedMlPlatform b = new SimulatedMlPlatform(END, 7);
    var qs = EndpointMetrics.queries(SimulatedMlPlatform.ENDPOINT, SimulatedMlPlatform.VARIANT, 60);
    var page = a.getMetricData(new MetricDataRequest(qs, a.start(), a.end(), null));
    // six 43,200-point series do not fit in 100,800 points: two per page, then a token
    assertThat(page.results()).hasSize(2);
    assertThat(page.nextToken()).isEqualTo("2");
    assertThat(MetricsEngine.fetchQueries(a, qs, a.start(), a.end())).isEqualTo(MetricsEngine.fetchQueries(b, qs, b.start(), b.end()));
    assertThat(new SimulatedMlPlatform(END, 8).traffic().perMinute()).isNotEqualTo(a.traffic().perMinute());
  }
}
