package dev.tap.optimizer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.family.asg.AsgMetrics;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimApiException;
import dev.tap.optimizer.sim.SimBlueprint;
import dev.tap.optimizer.sim.SimCloudWatch;
import dev.tap.optimizer.slo.SloMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine against the simulated CloudWatch, which serves percentiles, limits and paging as AWS does. */
class MetricsEngineTest {

  static final SimAccount TRADING = SimAccount.of(SimBlueprint.TRADING);

  static Instant end(SimAccount a) {
    return a.clock().instant();
  }

  @Test
  void everyResourceGetsItsWindowStatisticsAndHourlySeries() {
    Instant end = end(TRADING);
    Instant start = end.minus(Duration.ofDays(90));
    List<ResourceMetrics> all = new MetricsEngine(TRADING.cloudWatch(), Families.catalog(), TRADING.clock()).fetch(TRADING.snapshot(), start, end, null);

    assertThat(all).extracting(m -> m.resource().id()).containsExactlyElementsOf(TRADING.snapshot().resources().stream().map(Resource::id).toList());
    ResourceMetrics asg = all.stream().filter(m -> m.resource().id().equals("tap-dev-trading-asg")).findFirst().orElseThrow();
    WindowValue p95 = asg.window(AsgMetrics.CPU, "p95").orElseThrow();
    assertThat(p95.periodSeconds()).isEqualTo(90 * 86_400);
    assertThat(p95.samples()).isEqualTo(2160);
    MetricSeries hourly = asg.hourly(AsgMetrics.CPU, "Average").orElseThrow();
    assertThat(hourly.size()).isEqualTo(2160);
    assertThat(hourly.query().periodSeconds()).isEqualTo(3600);
    assertThat(hourly.times()[0]).isEqualTo(start.getEpochSecond());
    // every resource of the blueprint sees the blueprint's SLO metrics
    assertThat(all).allSatisfy(m -> assertThat(m.window(SloMetrics.LATENCY, "p95")).isPresent());
  }

  @Test
  void theWindowPercentileIsOverEveryMinuteNotOverHourlyAverages() {
    // 10 days: minute datapoints are retained, so the window p95 can be checked against them
    Instant end = end(TRADING);
    Instant start = end.minus(Duration.ofDays(10));
    Snapshot snap = only(TRADING.snapshot(), "tap-dev-trading-asg");
    ResourceMetrics m = new MetricsEngine(TRADING.cloudWatch(), Families.catalog(), TRADING.clock()).fetch(snap, start, end, null).get(0);
    double windowP95 = m.window(AsgMetrics.CPU, "p95").orElseThrow().value();

    MetricQuery minutes = new MetricQuery("m", "AWS/EC2", "CPUUtilization", Map.of("AutoScalingGroupName", "tap-dev-trading-asg"), "Average", 60);
    double[] v = concat(TRADING.cloudWatch(), minutes, start, end);
    assertThat(v).hasSize(10 * 1440);
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    double minuteP95 = sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
    assertThat(windowP95).isCloseTo(minuteP95, org.assertj.core.data.Offset.offset(1e-9 * minuteP95));

    double[] hourlyAvg = m.hourly(AsgMetrics.CPU, "Average").orElseThrow().values().clone();
    Arrays.sort(hourlyAvg);
    double p95OfHourlyAverages = hourlyAvg[(int) Math.ceil(0.95 * hourlyAvg.length) - 1];
    assertThat(windowP95).as("not the 95th percentile of hourly averages").isNotCloseTo(p95OfHourlyAverages, org.assertj.core.data.Offset.offset(0.01));
    double windowMax = m.window(AsgMetrics.CPU, "Maximum").orElseThrow().value();
    assertThat(windowMax).isEqualTo(sorted[sorted.length - 1]).isGreaterThan(hourlyAvg[hourlyAvg.length - 1] * 1.1);
  }

  @Test
  void pagedAnswersGiveTheSameSeriesAndMoreCalls() {
    Instant end = end(TRADING);
    Instant start = end.minus(Duration.ofDays(60));
    SimCloudWatch whole = TRADING.cloudWatch();
    SimCloudWatch paged = whole.withMaxDatapointsPerCall(997);
    MetricsEngine a = new MetricsEngine(whole, Families.catalog(), TRADING.clock());
    MetricsEngine b = new MetricsEngine(paged, Families.catalog(), TRADING.clock());
    Snapshot snap = TRADING.snapshot();

    List<ResourceMetrics> x = a.fetch(snap, start, end, null);
    List<Integer> progress = new ArrayList<>();
    FetchStats stats = b.stream(snap, start, end, (done, planned, points) -> progress.add(done), r -> {});
    List<ResourceMetrics> y = b.fetch(snap, start, end, null);

    assertThat(y).isEqualTo(x);
    assertThat(stats.calls()).isGreaterThan(stats.plannedCalls());
    assertThat(stats.calls()).isGreaterThanOrEqualTo((int) (stats.datapoints() / 997));
    assertThat(progress).hasSize(stats.calls()).isSorted();
  }

  @Test
  void sharedQueriesAreFetchedOnceAndCallsStayNearTheMinimum() {
    Instant end = end(TRADING);
    Instant start = end.minus(Duration.ofDays(90));
    MetricsEngine engine = new MetricsEngine(TRADING.cloudWatch(), Families.catalog(), TRADING.clock());
    FetchStats estimate = engine.estimate(TRADING.snapshot(), start, end);
    int specsQueries = 0;
    for (Resource r : TRADING.snapshot().resources()) {
      for (MetricSpec s : Families.catalog().specs(TRADING.snapshot(), r)) specsQueries += s.windowStats().size() + s.hourlyStats().size();
    }
    int sloQueries = SloMetrics.specs("trading", "dev").stream().mapToInt(s -> s.windowStats().size() + s.hourlyStats().size()).sum();
    int resources = TRADING.snapshot().resources().size();
    assertThat(estimate.queries()).isEqualTo(specsQueries - (resources - 1) * sloQueries);
    assertThat(estimate.plannedCalls()).isEqualTo((int) estimate.minimumCalls());
  }

  @Test
  void aFleetStreamsResourceByResourceWithinLimits() {
    SimAccount fleet = SimAccount.fleet(120);
    Instant end = end(fleet);
    Instant start = end.minus(Duration.ofDays(90));
    MetricsEngine engine = new MetricsEngine(fleet.cloudWatch(), SimAccount.fleetCatalog(), fleet.clock());
    List<String> order = new ArrayList<>();
    FetchStats stats = engine.stream(fleet.snapshot(), start, end, null, r -> {
      order.add(r.resource().id());
      assertThat(r.hourly()).hasSize(8);
      assertThat(r.hourly().values()).allSatisfy(s -> assertThat(s.size()).isEqualTo(2160));
    });
    assertThat(order).hasSize(120).isSorted();
    assertThat(stats.calls()).isEqualTo(stats.plannedCalls());
    assertThat(stats.callRatio()).isLessThanOrEqualTo(1.05);
    assertThat(fleet.cloudWatch().calls()).isEqualTo(stats.calls());
    assertThat(stats.datapoints()).isEqualTo(fleet.cloudWatch().datapoints());
  }

  @Test
  void regionsAreFetchedApartAndTheResultKeepsSnapshotOrder() {
    Snapshot s = TRADING.snapshot();
    List<Resource> moved = new ArrayList<>();
    for (Resource r : s.resources()) {
      moved.add(r.id().equals("tap-dev-trading-asg") ? new Resource(r.id(), r.family(), "us-west-2", r.arn(), r.config(), r.tags()) : r);
    }
    Snapshot twoRegions = new Snapshot(s.source(), s.account(), s.blueprint(), s.takenAt(), moved, List.of());
    List<String> asked = new ArrayList<>();
    MetricsEngine engine = new MetricsEngine(region -> {
      asked.add(region);
      return TRADING.cloudWatch();
    }, Families.catalog(), TRADING.clock(), new CallPlanner());
    Instant end = end(TRADING);
    List<ResourceMetrics> out = engine.fetch(twoRegions, end.minus(Duration.ofDays(3)), end, null);
    assertThat(out).extracting(ResourceMetrics::resource).containsExactlyElementsOf(moved);
    assertThat(asked).containsExactly("us-east-1", "us-west-2");
    assertThat(out.get(1).window(SloMetrics.LATENCY, "p95")).isPresent();
  }

  @Test
  void aCallOverTheQueryLimitIsRefusedByTheSimulationAsByAws() {
    List<MetricQuery> qs = new ArrayList<>();
    for (int i = 0; i < 501; i++) qs.add(new MetricQuery("q" + i, "AWS/EC2", "CPUUtilization", Map.of("AutoScalingGroupName", "x"), "Average", 3600));
    Instant end = end(TRADING);
    assertThatThrownBy(() -> TRADING.cloudWatch().getMetricData(new MetricDataSource.MetricDataRequest(qs, end.minus(Duration.ofDays(1)), end, null)))
        .isInstanceOf(SimApiException.class)
        .hasMessageContaining("must not have a size greater than 500");
  }

  @Test
  void aWindowBeyondRetentionIsABadInput() {
    Instant end = end(TRADING);
    MetricsEngine engine = new MetricsEngine(TRADING.cloudWatch(), Families.catalog(), TRADING.clock());
    assertThatThrownBy(() -> engine.fetch(TRADING.snapshot(), end.minus(Duration.ofDays(500)), end, null)).hasMessageContaining("455 days");
    assertThatThrownBy(() -> engine.fetch(TRADING.snapshot(), end, end, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void windowValuesCombineSplitBinsExactlyForSumsAndExtremes() {
    assertThat(MetricsEngine.combine("Sum", new double[] {1, 2.5})).isEqualTo(3.5);
    assertThat(MetricsEngine.combine("SampleCount", new double[] {4, 6})).isEqualTo(10);
    assertThat(MetricsEngine.combine("Maximum", new double[] {4, 6})).isEqualTo(6);
    assertThat(MetricsEngine.combine("Minimum", new double[] {4, 6})).isEqualTo(4);
    assertThat(MetricsEngine.combine("p95", new double[] {7})).isEqualTo(7);
  }

  static Snapshot only(Snapshot s, String id) {
    return new Snapshot(s.source(), s.account(), s.blueprint(), s.takenAt(), s.resources().stream().filter(r -> r.id().equals(id)).toList(), List.of());
  }

  @Test
  void queriesOfNoSnapshotArePackedWithinTheLimitsAndPaged() {
    Instant end = end(TRADING);
    Instant start = end.minus(Duration.ofDays(10));
    // eight minute series of 14,400 points: more than one call's 100,800 datapoints
    List<MetricQuery> queries = new ArrayList<>();
    for (String stat : List.of("Average", "Maximum", "Minimum", "p50", "p90", "p95", "p99", "SampleCount")) {
      queries.add(new MetricQuery("q" + queries.size(), "AWS/EC2", "CPUUtilization", Map.of("AutoScalingGroupName", "tap-dev-trading-asg"), stat, 60));
    }
    List<MetricDataSource.MetricDataRequest> calls = new ArrayList<>();
    MetricDataSource counting = request -> {
      calls.add(request);
      return TRADING.cloudWatch().getMetricData(request);
    };

    Map<String, MetricSeries> got = MetricsEngine.fetchQueries(counting, queries, start, end);

    assertThat(got.keySet()).containsExactlyElementsOf(queries.stream().map(MetricQuery::id).toList());
    for (MetricQuery q : queries) assertThat(got.get(q.id()).values()).containsExactly(concat(TRADING.cloudWatch(), q, start, end));
    assertThat(calls).allSatisfy(c -> assertThat(c.queries().size() * 14_400L).isLessThanOrEqualTo(MetricDataSource.MAX_DATAPOINTS_PER_CALL));
    assertThat(calls.stream().filter(c -> c.nextToken() == null).count()).isEqualTo(2);
  }

  static double[] concat(MetricDataSource source, MetricQuery q, Instant start, Instant end) {
    double[] out = new double[0];
    String token = null;
    do {
      MetricDataSource.MetricDataPage page = source.getMetricData(new MetricDataSource.MetricDataRequest(List.of(q), start, end, token));
      double[] v = page.results().get(0).values();
      int n = out.length;
      out = Arrays.copyOf(out, n + v.length);
      System.arraycopy(v, 0, out, n, v.length);
      token = page.nextToken();
    } while (token != null);
    return out;
  }

  /** An Aurora global database's secondaries publish in their own regions: the engine asks each region for its part. */
  @Test
  void metricsAResourceHasInAnotherRegionAreReadThere() {
    SimAccount saas = SimAccount.of(SimBlueprint.SAAS);
    Map<String, Integer> callsByRegion = new java.util.TreeMap<>();
    MetricsEngine engine = new MetricsEngine(region -> request -> {
      callsByRegion.merge(region, 1, Integer::sum);
      return saas.cloudWatch(region).getMetricData(request);
    }, Families.catalog(), saas.clock(), new CallPlanner());
    Instant end = end(saas);
    List<ResourceMetrics> all = engine.fetch(saas.snapshot(), end.minus(Duration.ofDays(60)), end, null);
    ResourceMetrics aurora = all.stream().filter(m -> m.resource().id().equals("tap-dev-saas-aurora")).findFirst().orElseThrow();
    double standby = aurora.window("ReadIOPS.secondary@us-west-2", "Maximum").orElseThrow().value();
    double eu = aurora.window("ReadIOPS.secondary@eu-west-1", "Maximum").orElseThrow().value();
    assertThat(standby).isLessThan(1);
    assertThat(eu).isGreaterThan(100);
    // the primary's own ReadIOPS (same identifier, home region) is a different series
    assertThat(aurora.window("ReadIOPS", "p95").orElseThrow().value()).isNotEqualTo(standby).isNotEqualTo(eu);
    assertThat(callsByRegion).containsOnlyKeys("us-east-1", "us-west-2", "eu-west-1");
    // estimate plans the same calls without making any
    int before = callsByRegion.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(engine.estimate(saas.snapshot(), end.minus(Duration.ofDays(60)), end).plannedCalls()).isPositive().isLessThanOrEqualTo(before);
  }
}
