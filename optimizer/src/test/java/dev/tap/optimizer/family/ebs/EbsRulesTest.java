package dev.tap.optimizer.family.ebs;

import static dev.tap.optimizer.family.ebs.EbsFamily.ATTACHED_TO;
import static dev.tap.optimizer.family.ebs.EbsFamily.CREATED;
import static dev.tap.optimizer.family.ebs.EbsFamily.IOPS;
import static dev.tap.optimizer.family.ebs.EbsFamily.SIZE_GIB;
import static dev.tap.optimizer.family.ebs.EbsFamily.THROUGHPUT;
import static dev.tap.optimizer.family.ebs.EbsFamily.VOLUME_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.backtest.BacktestInput;
import dev.tap.optimizer.backtest.Backtester;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.family.RollbackScript;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.rules.Load;
import dev.tap.optimizer.rules.MetricsFixture;
import dev.tap.optimizer.rules.Observed;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EBS rules on both sides of each threshold: gp2's baseline and burst, io1/io2 peak share, unattached age. */
class EbsRulesTest {
  static final Policy TRADING = PolicyLoader.profile("trading");

  static Resource volume(String type, int size, Integer iops, Integer mibps, String attachedTo) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put(VOLUME_TYPE, type);
    c.put(SIZE_GIB, String.valueOf(size));
    if (iops != null) c.put(IOPS, String.valueOf(iops));
    if (mibps != null) c.put(THROUGHPUT, String.valueOf(mibps));
    if (attachedTo != null) c.put(ATTACHED_TO, attachedTo);
    c.put(CREATED, MetricsFixture.END.minus(Duration.ofDays(200)).toString());
    return MetricsFixture.resource("vol-0123456789abcdef0", EbsFamily.EBS, c);
  }

  /** Peak IOPS split evenly between reads and writes, as per-minute maxima; peak MiB/s likewise. */
  static RuleResult run(Resource r, double peakIops, double peakMibps) {
    double opsPerMinute = peakIops * 60 / 2;
    double bytesPerMinute = peakMibps * 1024 * 1024 * 60 / 2;
    return new EbsRules().evaluate(r, MetricsFixture.of(r, 90).window(EbsMetrics.READ_OPS, "Maximum", opsPerMinute)
        .window(EbsMetrics.WRITE_OPS, "Maximum", opsPerMinute).window(EbsMetrics.READ_BYTES, "Maximum", bytesPerMinute)
        .window(EbsMetrics.WRITE_BYTES, "Maximum", bytesPerMinute).hourly(EbsMetrics.READ_OPS, "Sum", MetricsFixture.diurnal(1000, 5000))
        .hourly(EbsMetrics.WRITE_OPS, "Sum", MetricsFixture.diurnal(1000, 5000)).build(), TRADING);
  }

  // gp2: 3 IOPS/GiB, min 100, max 16,000, burst to 3,000 under 1,000 GiB; 128 MiB/s up to 170 GiB, 250 above
  @ParameterizedTest(name = "gp2 {0} GiB -> gp3 {1} IOPS {2} MiB/s")
  @CsvSource({"20, 3000, 128", "170, 3000, 128", "171, 3000, 250", "999, 3000, 250", "1000, 3000, 250", "1001, 3003, 250", "5334, 16000, 250",
      "8000, 16000, 250"})
  void gp2ToGp3KeepsBaselineAndBurst(int size, int iops, int mibps) {
    RuleResult r = run(volume("gp2", size, VolumePerformance.gp2BaselineIops(size), null, "i-1"), 50, 5);
    assertThat(r.proposals()).hasSize(1);
    Proposal p = r.proposals().get(0);
    assertThat(p.after()).containsEntry(VOLUME_TYPE, "gp3").containsEntry(IOPS, String.valueOf(iops)).containsEntry(THROUGHPUT, String.valueOf(mibps));
    assertThat(iops).isGreaterThanOrEqualTo(VolumePerformance.gp2PeakIops(size));
    assertThat(p.before()).containsEntry(VOLUME_TYPE, "gp2").doesNotContainKey(THROUGHPUT);
    assertThat(new EbsFamily().validate(EbsFamily.EBS_MODIFY_VOLUME, p.after())).isEmpty();
  }

  @Test
  void gp2BusierThanGp3WouldBeIsLeftAlone() {
    // a 2,000 GiB gp2 volume (6,000 IOPS baseline) whose busiest minute ran at 7,000 IOPS: not proposed
    assertThat(run(volume("gp2", 2000, 6000, null, "i-1"), 6000, 5).proposals()).hasSize(1);
    assertThat(run(volume("gp2", 2000, 6000, null, "i-1"), 6001, 5).proposals()).isEmpty();
  }

  @Test
  void gp2IsCheaperAsGp3AtTheSamePerformance() {
    PriceBook book = PriceBook.bundled();
    for (int size : new int[] {20, 100, 500, 1000, 4000}) {
      Resource v = volume("gp2", size, VolumePerformance.gp2BaselineIops(size), null, "i-1");
      Proposal p = run(v, 50, 5).proposals().get(0);
      assertThat(EbsFamily.monthly(book, v.region(), p.applyTo(v.config()))).as(size + " GiB").isLessThan(EbsFamily.monthly(book, v.region(), v.config()));
    }
  }

  // ebs.iopsPeakMaxPct 50: the busiest minute must use less than half of the provisioned IOPS; headroom 30 %
  @ParameterizedTest(name = "{0} {1} IOPS, peak {2} -> {3}")
  @CsvSource({
      "io1, 20000, 9999, gp3 13000", "io1, 20000, 10000, none", "io1, 40000, 13000, io1 16900", "io1, 40000, 12300, gp3 16000",
      "io2, 20000, 2000, io2 2600", "io2, 20000, 10000, none", "io1, 4000, 100, gp3 3000"})
  void provisionedIopsFarAboveThePeak(String type, int provisioned, double peak, String expected) {
    RuleResult r = run(volume(type, 1000, provisioned, null, "i-1"), peak, 20);
    if (expected.equals("none")) {
      assertThat(r.proposals()).isEmpty();
      return;
    }
    String[] e = expected.split(" ");
    Proposal p = r.proposals().get(0);
    assertThat(p.after().getOrDefault(VOLUME_TYPE, type)).isEqualTo(e[0]);
    assertThat(p.after()).containsEntry(IOPS, e[1]);
    assertThat(new EbsFamily().validate(EbsFamily.EBS_MODIFY_VOLUME, p.after())).isEmpty();
  }

  /** Metrics whose every hour's busiest minute runs at {@code busiestIops(h)}, split evenly between reads and writes; the window's peak is the largest. */
  static ResourceMetrics hourlyPeaks(Resource r, IntToDoubleFunction busiestIops) {
    double peak = 0;
    for (int h = 0; h < 90 * 24; h++) peak = Math.max(peak, busiestIops.applyAsDouble(h));
    double perMinute = peak * 60 / 2;
    IntToDoubleFunction half = h -> busiestIops.applyAsDouble(h) * 60 / 2;
    return MetricsFixture.of(r, 90).window(EbsMetrics.READ_OPS, "Maximum", perMinute).window(EbsMetrics.WRITE_OPS, "Maximum", perMinute)
        .window(EbsMetrics.READ_BYTES, "Maximum", 0).window(EbsMetrics.WRITE_BYTES, "Maximum", 0)
        .hourly(EbsMetrics.READ_OPS, "Maximum", half).hourly(EbsMetrics.WRITE_OPS, "Maximum", half)
        .hourly(EbsMetrics.READ_OPS, "Sum", h -> half.applyAsDouble(h) * 30).hourly(EbsMetrics.WRITE_OPS, "Sum", h -> half.applyAsDouble(h) * 30).build();
  }

  /** The backtest as the planner runs it for a volume (no SLO series: judged on utilisation alone). */
  static Backtest replay(List<Load> loads, ResourceMetrics m, Policy policy) {
    List<double[]> series = loads.stream().map(l -> m.series(l.key()).values()).toList();
    return Backtester.run(new BacktestInput(90, loads, series, null, null, null, null, "the volume's users", null, Double.NaN), policy);
  }

  /** One spike hour a day at {@code peak}, the other hours at 500 IOPS. */
  static IntToDoubleFunction dailySpike(double peak) {
    return h -> h % 24 == 14 ? peak : 500;
  }

  // the replay of 20,000 -> 2,600 IOPS on both sides of the trading ceiling (80 %) and of the new limit itself (throttled)
  @ParameterizedTest(name = "busiest minute {0} IOPS vs 2,600 -> {1} hours, passed {2}")
  @CsvSource({
      "2000, 0,  true,  76.9",
      "2080, 0,  true,  80.0",
      "2100, 90, false, 80.8",
      "2599, 90, false, 100.0",
      "2600, 90, false, 100.0",
      "3000, 90, false, 115.4"})
  void fewerIopsReplayCountsTheHoursAboveTheCeilingAndTheLimit(double spike, int hours, boolean passed, double peakPct) {
    Resource v = volume("io2", 1000, 20000, null, "i-1");
    ResourceMetrics m = hourlyPeaks(v, dailySpike(spike));
    Load load = EbsRules.iopsLoad(new Observed(m), 20000, 2600).orElseThrow();
    Backtest b = replay(List.of(load), m, TRADING);
    assertThat(b.breachHours()).isEqualTo(hours);
    assertThat(b.passed()).isEqualTo(passed);
    assertThat(b.predictedPeakUtilisationPct()).isCloseTo(peakPct, org.assertj.core.data.Offset.offset(0.06));
    // at or above the new limit the volume would be throttled: the verdict says it saturates
    assertThat(b.model().contains("saturates")).isEqualTo(spike * 100 / 2600 >= 99.995);
  }

  /** gp2 to gp3 is replayed too: against gp2's peak (burst) IOPS before and gp3's after, never less, so no hour rises. */
  @ParameterizedTest(name = "gp2 {0} GiB, busiest minute {1} IOPS -> peak {2} % of gp3")
  @CsvSource({"500, 2900, 96.7", "2000, 5500, 91.7", "100, 1000, 33.3"})
  void gp2ToGp3IsReplayedAgainstBothLimits(int size, double spike, double peakPct) {
    Resource v = volume("gp2", size, VolumePerformance.gp2BaselineIops(size), null, "i-1");
    ResourceMetrics m = hourlyPeaks(v, dailySpike(spike));
    Proposal p = new EbsRules().evaluate(v, m, TRADING).proposals().get(0);
    int gp3 = Integer.parseInt(p.after().get(IOPS));
    assertThat(p.loads()).singleElement().satisfies(l -> {
      assertThat(l.baselineScale()).isEqualTo(100 / (VolumePerformance.gp2PeakIops(size) * 60.0));
      assertThat(l.predictedScale()).isEqualTo(100 / (gp3 * 60.0));
    });
    Backtest b = replay(p.loads(), m, TRADING);
    assertThat(b.predictedPeakUtilisationPct()).isCloseTo(peakPct, org.assertj.core.data.Offset.offset(0.06));
    // an hour already above the ceiling under gp2 is not made worse by gp3, and none newly crosses it
    assertThat(b.breachHours()).isZero();
    assertThat(b.passed()).isTrue();
  }

  @Test
  void replaySumsReadsAndWritesOfEachHour() {
    Resource v = volume("io1", 1000, 20000, null, "i-1");
    // reads alone peak at 1,500 IOPS and writes alone at 1,500, in the same hour: 3,000 against 2,600 saturates
    ResourceMetrics m = hourlyPeaks(v, dailySpike(3000));
    Load load = EbsRules.iopsLoad(new Observed(m), 20000, 2600).orElseThrow();
    assertThat(load.key()).isEqualTo("VolumeReadOps:Maximum+VolumeWriteOps:Maximum");
    assertThat(m.series(load.key()).values()[14]).isEqualTo(3000 * 60.0);
    assertThat(replay(List.of(load), m, TRADING).model()).contains("saturates for 90 hours");
    // without hourly maxima there is nothing to replay
    assertThat(EbsRules.iopsLoad(new Observed(MetricsFixture.of(v, 90).window(EbsMetrics.READ_OPS, "Maximum", 60).build()), 20000, 2600)).isEmpty();
  }

  /** The rule's own proposal replays to nothing with the profile's 30 % headroom, and is blocked by its own replay with 10 %. */
  @ParameterizedTest(name = "headroom {0} % -> {1} IOPS, breach hours {2}")
  @CsvSource({"30, 2600, 0", "10, 2200, 90"})
  void theRulesProposalCarriesItsReplay(double headroomPct, int iops, int hours) {
    Resource v = volume("io2", 1000, 20000, null, "i-1");
    ResourceMetrics m = hourlyPeaks(v, dailySpike(2000));
    Policy policy = TRADING.with(EbsRules.IOPS_HEADROOM_PCT, headroomPct);
    Proposal p = new EbsRules().evaluate(v, m, policy).proposals().get(0);
    assertThat(p.after()).containsEntry(IOPS, String.valueOf(iops));
    assertThat(p.loads()).singleElement().satisfies(l -> {
      assertThat(l.baselineScale()).isEqualTo(100 / (20000 * 60.0));
      assertThat(l.predictedScale()).isEqualTo(100 / (iops * 60.0));
    });
    Backtest b = replay(p.loads(), m, policy);
    assertThat(b.breachHours()).isEqualTo(hours);
    assertThat(b.passed()).isEqualTo(hours == 0);
    // the rollback still states the six-hour cooldown, and restores the provisioned IOPS
    Action a = new Action("p1-a01", p.kind(), v.id(), v.region(), p.before(), p.after(), 0, 0, p.risk(), 1, p.evidence(), b, p.rationale());
    RollbackScript s = new RollbackScript(a, v.config(), p.before(), Map.of());
    new EbsFamily().rollback(s);
    assertThat(s.commands()).containsExactly("aws ec2 modify-volume --volume-id " + v.id() + " --volume-type io2 --iops 20000 --region us-east-1");
    assertThat(s.notes()).anyMatch(n -> n.contains("six hours"));
  }

  @Test
  void gp3ThroughputCoversTheBusiestMinute() {
    // 300 MiB/s at the peak x 1.3 = 390 MiB/s: gp3 needs 1,560 IOPS for it (0.25 MiB/s per IOPS), under the free 3,000
    Proposal p = run(volume("io1", 1000, 20000, null, "i-1"), 2000, 300).proposals().get(0);
    assertThat(p.after()).containsEntry(VOLUME_TYPE, "gp3").containsEntry(THROUGHPUT, "390").containsEntry(IOPS, "3000");
  }

  @Test
  void withoutOperationsMetricsProvisionedIopsAreNotEvaluated() {
    Resource v = volume("io1", 100, 5000, null, "i-1");
    RuleResult r = new EbsRules().evaluate(v, MetricsFixture.of(v, 90).window(EbsMetrics.QUEUE_LENGTH, "Average", 1).build(), TRADING);
    assertThat(r.proposals()).isEmpty();
    assertThat(r.findings()).extracting(Finding::title).containsExactly("provisioned IOPS not evaluated");
  }

  // ebs.unattachedMinDays 7
  @ParameterizedTest(name = "unattached {0} days -> finding {1}")
  @CsvSource({"6, false", "7, true", "400, true"})
  void unattachedOlderThanThePolicysAge(int days, boolean reported) {
    Instant now = MetricsFixture.END;
    Map<String, String> c = new LinkedHashMap<>(volume("gp2", 200, 600, null, null).config());
    c.put(CREATED, now.minus(Duration.ofDays(days)).toString());
    Resource v = volume("gp2", 200, 600, null, null).withConfig(c);
    List<Finding> f = new EbsFamily().configurationFindings(v, now, TRADING, 20.0);
    assertThat(f).hasSize(reported ? 1 : 0);
    if (reported) assertThat(f.get(0).detail()).contains("20.00 USD a month").contains("never deletes");
    // an attached volume is never reported, whatever its age
    assertThat(new EbsFamily().configurationFindings(volume("gp2", 200, 600, null, "i-1"), now, TRADING, 20.0)).isEmpty();
    // nor proposed anything by the metric rules when unattached
    assertThat(run(v, 10, 1).proposals()).isEmpty();
  }

  @Test
  void unpricedUnattachedVolumeSaysSo() {
    Resource v = volume("st1", 500, null, null, null);
    assertThat(new EbsFamily().configurationFindings(v, MetricsFixture.END, TRADING, Double.NaN).get(0).detail()).contains("not priced");
  }

  @Test
  void validationRefusesWhatModifyVolumeWouldRefuse() {
    EbsFamily f = new EbsFamily();
    assertThat(f.validate(EbsFamily.EBS_MODIFY_VOLUME, Map.of(VOLUME_TYPE, "gp3", IOPS, "3000", THROUGHPUT, "125"))).isEmpty();
    assertThat(f.validate(EbsFamily.EBS_MODIFY_VOLUME, Map.of(VOLUME_TYPE, "gp3", IOPS, "3000", THROUGHPUT, "751"))).isNotEmpty();
    assertThat(f.validate(EbsFamily.EBS_MODIFY_VOLUME, Map.of(VOLUME_TYPE, "gp3", IOPS, "16001", THROUGHPUT, "125"))).isNotEmpty();
    assertThat(f.validate(EbsFamily.EBS_MODIFY_VOLUME, Map.of(VOLUME_TYPE, "gp2", IOPS, "300"))).isNotEmpty();
    assertThat(f.validate(EbsFamily.EBS_MODIFY_VOLUME, Map.of(VOLUME_TYPE, "sc1"))).isNotEmpty();
    assertThat(f.validate(EbsFamily.EBS_MODIFY_VOLUME, Map.of(VOLUME_TYPE, "io1", IOPS, "5000"))).isEmpty();
    assertThat(f.validate(EbsFamily.EBS_MODIFY_VOLUME, Map.of("size", "10"))).isNotEmpty();
  }
}
