package dev.tap.optimizer.family.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointSizingTest {
  static final ProductionVariant CURRENT = new ProductionVariant("AllTraffic", "m", ModelVariant.FP32, "ml.g4dn.12xlarge", 10, 1);
  static final Map<String, Double> PRICES = Map.of("ml.g4dn.xlarge", 0.736, "ml.g4dn.12xlarge", 4.89, "ml.g5.xlarge", 1.408);

  /** A day of 1,440 minutes: {@code base}/s with a two-hour plateau at {@code peak}/s. */
  static double[] day(double base, double peak) {
    double[] r = new double[1440];
    Arrays.fill(r, base);
    Arrays.fill(r, 600, 720, peak);
    return r;
  }

  @ParameterizedTest(name = "p95 {1} ms at peak -> measured {2}/instance")
  @CsvSource({
      // latency held at the peak: the peak minute counts as measured throughput
      "4000, 20.5, 400",
      // latency rose > 5 % above the median at the peak: only the base load is measured
      "4000, 30, 100"})
  void measuredThroughputIsTheBusiestMinuteThatKeptLatency(double peak, double peakP95, double measured) {
    double[] rate = day(1000, peak);
    double[] p95 = new double[rate.length];
    for (int i = 0; i < rate.length; i++) p95[i] = rate[i] == peak ? peakP95 : 20;
    double[] gpu = new double[rate.length];
    Arrays.fill(gpu, 60); // 4 GPUs x 15 %
    EndpointSizing.Observed o = EndpointSizing.observe(CURRENT, rate, p95, gpu, gpu, SizingPolicy.defaults());
    assertThat(o.measuredPerInstance()).isCloseTo(measured, within(1e-9));
    assertThat(o.measuredPerT4Gpu()).isCloseTo(measured / 4, within(1e-9));
    assertThat(o.meanGpuUtilPerGpu()).isCloseTo(15, within(1e-9));
    assertThat(o.latencyBoundMs()).isCloseTo(21, within(1e-9));
    assertThat(o.peakToAverage()).isCloseTo(peak / Arrays.stream(rate).average().orElseThrow(), within(1e-9));
  }

  @Test
  void picksTheCheapestFleetThatServesThePeakWithHeadroomAndCountsGpuHours() {
    double[] rate = day(1000, 4000);
    double[] p95 = new double[rate.length];
    Arrays.fill(p95, 20);
    double[] gpu = new double[rate.length];
    Arrays.fill(gpu, 60);
    SizingPolicy policy = SizingPolicy.defaults();
    EndpointSizing.Observed o = EndpointSizing.observe(CURRENT, rate, p95, gpu, gpu, policy);
    EndpointSizing.Result r = EndpointSizing.size(CURRENT, o, rate, policy, List.of(ModelVariant.FP32), PRICES::get,
        List.of("ml.g4dn.xlarge", "ml.g4dn.12xlarge", "ml.g5.xlarge"));
    // measured 400/s per 4-T4 instance = 100/s per T4; g4dn.xlarge holds 100/s; peak 4000 x 1.25 / 100 = 50
    EndpointSizing.Candidate small = r.considered().stream().filter(c -> c.instanceType().equals("ml.g4dn.xlarge")).findFirst().orElseThrow();
    assertThat(small.maxInstances()).isEqualTo(50);
    assertThat(small.targetInvocationsPerInstancePerMinute()).isEqualTo(4500); // 100/s x 0.75 x 60
    assertThat(r.gpuHoursBefore()).isEqualTo(10 * 4 * 730.0);
    assertThat(r.monthlyBefore()).isCloseTo(10 * 4.89 * 730, within(1e-6));
    assertThat(r.best().monthlyUsd()).isLessThan(r.monthlyBefore());
    assertThat(r.best().minutesOverCapacity()).isLessThanOrEqualTo(1);
    // cheapest of those within budget
    for (EndpointSizing.Candidate c : r.considered()) {
      if (c.minutesOverCapacity() <= 1) assertThat(r.best().monthlyUsd()).isLessThanOrEqualTo(c.monthlyUsd());
    }
    // GPU-hours scale the replayed instance-hours to a 730-hour month
    assertThat(r.best().gpuHoursPerMonth()).isCloseTo(
        r.best().instanceHoursPerMonth() * GpuInstanceType.of(r.best().instanceType()).gpus(), within(1e-6));
  }
}
