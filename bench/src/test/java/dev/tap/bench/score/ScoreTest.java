package dev.tap.bench.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.pricing.Ec2Catalogue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The score's definitions, on both sides of each threshold. */
class ScoreTest {
  static final Ec2Catalogue CATALOGUE = Ec2Catalogue.bundled();

  /** 2,000 samples at {@code base} %, {@code hot} of them at {@code hotPct} %. */
  static VmTrace vm(String type, float base, int hot, float hotPct, float[] memory) {
    int n = 2_000;
    long[] t = new long[n];
    float[] c = new float[n];
    for (int i = 0; i < n; i++) {
      t[i] = i * 300L;
      c[i] = i < hot ? hotPct : base;
    }
    return new VmTrace("vm", type, t, c, memory);
  }

  @ParameterizedTest(name = "{0} samples of 2,000 at {1} % of m5.xlarge, sized to {2}: starved {3}")
  @CsvSource({
      "2, 95, m5.xlarge, false",   // 0.1 % exactly: not more than 0.1 %
      "3, 95, m5.xlarge, true",    // 0.15 %
      "3, 90, m5.xlarge, false",   // at 90 %, not above
      "3, 91, m5.xlarge, true",
      "3, 46, m5.large, true",     // 46 % of 4 vCPU = 1.84 vCPU > 90 % of 2
      "3, 44, m5.large, false",    // 1.76 vCPU <= 1.8
      "3, 95, m5.2xlarge, false"}) // 3.8 vCPU of 8
  void cpuUnderProvisioned(int hot, float pct, String to, boolean starved) {
    VmTrace v = vm("m5.xlarge", 10, hot, pct, null);
    assertThat(Score.cpuStarved(v, 4, CATALOGUE.spec(to).orElseThrow().vcpu())).isEqualTo(starved);
  }

  @ParameterizedTest(name = "memory up to {0} GiB on {1}: starved {2}")
  @CsvSource({"8.0, m5.large, false", "8.01, m5.large, true", "8.01, m5.xlarge, false"})
  void memoryUnderProvisioned(float max, String to, boolean starved) {
    float[] m = new float[2_000];
    Arrays.fill(m, 2);
    m[1_000] = max;
    assertThat(Score.memoryStarved(vm("m5.xlarge", 10, 0, 0, m), CATALOGUE.spec(to).orElseThrow().memoryGib())).isEqualTo(starved);
  }

  @Test
  void memoryNotMeasuredIsNeverCounted() {
    assertThat(Score.memoryStarved(vm("m5.xlarge", 10, 0, 0, null), 0.5)).isFalse();
  }

  @Test
  void costIsTheChosenSizesOnDemandPriceFor730Hours() {
    VmTrace a = new VmTrace("a", "m5.xlarge", new long[] {0}, new float[] {10}, null);
    VmTrace b = new VmTrace("b", "m5.large", new long[] {0}, new float[] {10}, null);
    Score s = Score.of("x", Map.of("a", "m5.large"), List.of(a, b), "us-east-1", CATALOGUE);
    double large = CATALOGUE.onDemand("us-east-1", "m5.large").orElseThrow().usd();
    assertThat(s.monthlyUsd()).isCloseTo(2 * large * 730, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(s.sizedDown()).isEqualTo(1);
    assertThat(s.sizedUp()).isZero();
  }
}
