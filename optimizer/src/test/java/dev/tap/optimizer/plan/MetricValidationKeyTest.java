package dev.tap.optimizer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which series cannot pass 100: the metric's name before its first role suffix ({@code . @ :}), and a statistic that does not add up. */
class MetricValidationKeyTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "CPUUtilization, Maximum, true",
      "CPUUtilization.writer, Average, true",
      "CPUUtilization@i-0abc, p95, true",
      "CPUUtilization:Maximum, Maximum, true",
      "CPUUtilization.writer@x:y, Maximum, true",
      "DatabaseMemoryUsagePercentage, Maximum, true",
      "CacheHitRate, p5, true",
      "memory_utilization, Average, true",
      "HTTPCode_5XX_ErrorRate, Average, true",
      // a statistic that adds datapoints up may pass 100
      "CPUUtilization, Sum, false",
      "CPUUtilization.writer, SampleCount, false",
      // the name is what stands before the first suffix
      "NetworkIn, Maximum, false",
      "NetworkIn.CPUUtilization, Maximum, false",
      "Queue@CPUUtilization, Maximum, false",
      ".CPUUtilization, Maximum, false",
      "CPUUtilizationCount, Maximum, false",
      "CacheHitRate2, Maximum, false",
      "memory_utilization_bytes, Maximum, false",
  })
  void onlyPercentagesThatDoNotAddUpAreCappedAt100(String metric, String stat, boolean capped) {
    assertThat(MetricValidation.capped(metric, stat)).isEqualTo(capped);
    assertThat(MetricValidation.problem(metric, stat, 100.5).isPresent()).isEqualTo(capped);
    assertThat(MetricValidation.problem(metric, stat, 100.0)).isEmpty();
  }
}
