package dev.tap.optimizer.sim;

import dev.tap.optimizer.inventory.Inventory;
import dev.tap.optimizer.metrics.MetricCatalog;
import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated AWS account, TAP's embedded default: one blueprint's fleet (same identifiers as
 * the blueprint's outputs, suffix {@code dev}) or a synthetic fleet for benchmarks, 90 days of
 * per-minute CloudWatch history derived from a seed, a {@link VirtualClock}, and a CloudWatch that
 * keeps AWS's retention tiers and limits. Resources respond to {@link #reconfigure}: the metrics
 * after the change reflect the new capacity. See docs/simulation.md for the model.
 */
public final class SimAccount implements Inventory {

  public static final long DEFAULT_SEED = 42;
  public static final Duration HISTORY = Duration.ofDays(90);
  public static final String ENVIRONMENT = "dev";

  private final SimBlueprint blueprint; // null for a benchmark fleet
  private final long seed;
  private final VirtualClock clock;
  private final Instant historyStart;
  private final Map<String, SimResource> resources;
  /** Resources no blueprint output names: only {@link #discover} lists them. */
  private final Set<String> outsideOutputs;
  private final SimCloudWatch cloudWatch;
  private final Map<String, SimSeries> series;
  private final Map<String, SimCloudWatch> elsewhere = new java.util.HashMap<>();
  private double quotaTps;
  private dev.tap.optimizer.metrics.Ticker quotaTicker;
  /** A fault armed by {@link #surgeOnFirstChange}: it starts when one of its resources is first reconfigured. */
  private ArmedSurge armed;

  private record ArmedSurge(Set<String> resourceIds, double factor, Duration length) {}

  private SimAccount(SimBlueprint blueprint, long seed, VirtualClock clock, FleetBuilder f, Instant historyStart) {
    this.blueprint = blueprint;
    this.seed = seed;
    this.clock = clock;
    this.historyStart = historyStart;
    this.resources = f.resources;
    this.outsideOutputs = Set.copyOf(f.outsideOutputs);
    this.series = f.series;
    this.cloudWatch = new SimCloudWatch(series::get, clock, historyStart, MetricDataSource.MAX_DATAPOINTS_PER_CALL);
  }

  public static SimAccount of(SimBlueprint blueprint) {
    return of(blueprint, DEFAULT_SEED, new VirtualClock());
  }

  public static SimAccount of(SimBlueprint blueprint, long seed) {
    return of(blueprint, seed, new VirtualClock());
  }

  /** The blueprint's fleet whose history covers the 90 days before the clock's current time. */
  public static SimAccount of(SimBlueprint blueprint, long seed, VirtualClock clock) {
    Objects.requireNonNull(blueprint, "blueprint");
    Instant start = historyStart(clock);
    FleetBuilder f = new FleetBuilder(seed ^ blueprint.ordinal() * 0x51ed27L, start.getEpochSecond() / 3600);
    BlueprintFleets.build(blueprint, f, ENVIRONMENT);
    SimVolumes.build(blueprint, f, ENVIRONMENT);
    StandaloneInstances.build(f, blueprint.region, ENVIRONMENT);
    return new SimAccount(blueprint, seed, clock, f, start);
  }

  public static SimAccount fleet(int n) {
    return fleet(n, DEFAULT_SEED, new VirtualClock());
  }

  /**
   * A synthetic fleet of {@code n} Auto Scaling groups with {@link BenchFleet#METRICS} (8 metrics
   * each), utilisation levels and shapes drawn from distributions calibrated against the Azure
   * and PlanetLab traces (see CalibrationTest), for benchmarks and calibration.
   */
  public static SimAccount fleet(int n, long seed, VirtualClock clock) {
    if (n < 1) throw new IllegalArgumentException("a fleet needs at least one resource: " + n);
    Instant start = historyStart(clock);
    FleetBuilder f = new FleetBuilder(seed, start.getEpochSecond() / 3600);
    BenchFleet.build(f, n, ENVIRONMENT);
    return new SimAccount(null, seed, clock, f, start);
  }

  /**
   * A synthetic fleet of {@code n} standalone EC2 instances in us-east-1 (memory-bound, CPU-bound,
   * idle, memory-starved, typical, without agent: {@link StandaloneInstances#fleet}), for the
   * sizing score. No blueprint names them, so {@link #snapshot()} is empty and
   * {@code discover()} lists them; the EC2 family's catalog reads their metrics.
   */
  public static SimAccount instanceFleet(int n, long seed, VirtualClock clock) {
    if (n < 1) throw new IllegalArgumentException("a fleet needs at least one instance: " + n);
    Instant start = historyStart(clock);
    FleetBuilder f = new FleetBuilder(seed, start.getEpochSecond() / 3600);
    StandaloneInstances.fleet(f, n, "us-east-1", ENVIRONMENT);
    return new SimAccount(null, seed, clock, f, start);
  }

  /** The catalog of {@link #fleet} resources: their 8 metrics, hourly Average, window Average/Maximum and p95 of CPU. */
  public static MetricCatalog fleetCatalog() {
    return (snapshot, r) -> BenchFleet.specs(r);
  }

  private static Instant historyStart(VirtualClock clock) {
    long hour = Math.floorDiv(clock.instant().minus(HISTORY).getEpochSecond(), 3600);
    return Instant.ofEpochSecond(hour * 3600);
  }

  public VirtualClock clock() {
    return clock;
  }

  /** The first minute with metrics. */
  public Instant historyStart() {
    return historyStart;
  }

  public Optional<SimBlueprint> blueprint() {
    return Optional.ofNullable(blueprint);
  }

  public long seed() {
    return seed;
  }

  /**
   * GetMetricData of this account in {@code region}: the home region's (the blueprint's) is
   * {@link #cloudWatch()}; another region serves what the account publishes there (a global
   * database's secondary clusters) and nothing else.
   */
  public synchronized SimCloudWatch cloudWatch(String region) {
    if (blueprint == null || region == null || region.equals(blueprint.region)) return cloudWatch;
    return elsewhere.computeIfAbsent(region, r -> {
      SimCloudWatch cw = new SimCloudWatch(k -> series.get(SimCloudWatch.inRegion(r, k)), clock, historyStart, MetricDataSource.MAX_DATAPOINTS_PER_CALL);
      if (quotaTps > 0) cw.limitTps(quotaTps, quotaTicker);
      return cw;
    });
  }

  /**
   * Enforces AWS's GetMetricData quota in this account: {@code tps} calls a second in each region
   * (its own bucket per account-region), measured by {@code ticker} in wall time. Off by default.
   */
  public synchronized void limitGetMetricDataTps(double tps, dev.tap.optimizer.metrics.Ticker ticker) {
    quotaTps = tps;
    quotaTicker = ticker;
    cloudWatch.limitTps(tps, ticker);
    for (SimCloudWatch cw : elsewhere.values()) cw.limitTps(tps, ticker);
  }

  /** GetMetricData of this account (counts calls and datapoints). */
  public SimCloudWatch cloudWatch() {
    return cloudWatch;
  }

  /** The resources the blueprint's outputs name, as they are configured now. */
  @Override
  public Snapshot snapshot() {
    return snapshot(false);
  }

  /** Everything the account holds, as {@code --discover} lists it: also what no blueprint output names (standalone instances and volumes). */
  public Snapshot discover() {
    return snapshot(true);
  }

  private Snapshot snapshot(boolean everything) {
    List<Resource> list = new ArrayList<>(resources.size());
    for (SimResource r : resources.values()) {
      if (everything || !outsideOutputs.contains(r.id())) list.add(r.current());
    }
    String source = blueprint == null ? "sim:fleet-" + list.size() + " seed " + seed : "sim:" + blueprint.id() + " seed " + seed;
    return new Snapshot(source, FleetBuilder.ACCOUNT, blueprint == null ? null : blueprint.id(), clock.instant(), list, List.of());
  }

  public Resource resource(String id) {
    return sim(id).current();
  }

  /**
   * Changes a resource's configuration from the clock's current minute on (the next minute
   * boundary when the clock is inside a minute): keys given replace the current values, the others
   * stay. Metrics for minutes from then on reflect the new capacity; the history before does not
   * change. Unknown resource ids are refused.
   */
  public synchronized void reconfigure(String resourceId, Map<String, String> newConfig) {
    SimResource r = sim(resourceId);
    long minute = Math.floorDiv(clock.instant().getEpochSecond() + 59, 60);
    r.reconfigure(minute, newConfig);
    if (armed != null && armed.resourceIds().contains(resourceId)) {
      for (String id : armed.resourceIds()) sim(id).surge(minute, minute + armed.length().toMinutes(), armed.factor());
      armed = null;
    }
  }

  /**
   * A counterfactual: the configuration of {@code resourceId} changed from {@code from} on, which may
   * lie in the past (the prediction check asks what the last 14 days would have measured had a
   * change been made at their start). The workload is the same function of time as without the
   * change, so only the capacity in force differs. Must not precede the resource's last change.
   */
  public synchronized void reconfigureFrom(Instant from, String resourceId, Map<String, String> newConfig) {
    sim(resourceId).reconfigure(Math.floorDiv(from.getEpochSecond() + 59, 60), newConfig);
  }

  /**
   * Fault injection for the demo and tests: when any of {@code resourceIds} is next reconfigured,
   * the demand on all of them is multiplied by {@code factor} for {@code length} from that minute
   * (a market event arriving just after a change). The metrics then follow the surge through the
   * resources' current capacity, so whether the SLO breaks depends on the change, not on a script.
   */
  public synchronized void surgeOnFirstChange(Set<String> resourceIds, double factor, Duration length) {
    if (resourceIds.isEmpty()) throw new IllegalArgumentException("a surge needs at least one resource");
    if (!(factor > 0) || length.isNegative() || length.isZero()) throw new IllegalArgumentException("a surge needs a positive factor and length");
    resourceIds.forEach(this::sim);
    armed = new ArmedSurge(Set.copyOf(resourceIds), factor, length);
  }

  private SimResource sim(String id) {
    SimResource r = resources.get(id);
    if (r == null) {
      throw new IllegalArgumentException("the simulated " + (blueprint == null ? "fleet" : blueprint.id()) + " account has no resource '" + id + "'; it has "
          + String.join(", ", resources.keySet().stream().limit(20).toList()) + (resources.size() > 20 ? ", ..." : ""));
    }
    return r;
  }
}
