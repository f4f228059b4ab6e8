package dev.tap.optimizer.sim;

import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Assembles simulated resources and the CloudWatch series that describe them. */
final class FleetBuilder {
  static final String ACCOUNT = "123456789012";

  final long seed;
  final long originHour;
  final Map<String, SimSeries> series = new HashMap<>();
  final Map<String, SimResource> resources = new LinkedHashMap<>();
  /** Resources no blueprint output names (standalone instances and volumes): listed by discovery only. */
  final java.util.Set<String> outsideOutputs = new java.util.LinkedHashSet<>();
  private final Demand.Tables tables = new Demand.Tables();

  FleetBuilder(long seed, long originHour) {
    this.seed = seed;
    this.originHour = originHour;
  }

  SimResource add(String id, Family family, String region, String arn, Map<String, String> config, Map<String, String> tags) {
    SimResource r = new SimResource(new Resource(id, family, region, arn, config, tags));
    if (resources.put(id, r) != null) throw new IllegalStateException("two simulated resources named " + id);
    return r;
  }

  /** A resource that exists in the account but that no blueprint output names: only {@code --discover} finds it. */
  SimResource addOutsideOutputs(String id, Family family, String region, String arn, Map<String, String> config, Map<String, String> tags) {
    SimResource r = add(id, family, region, arn, config, tags);
    outsideOutputs.add(id);
    return r;
  }

  /** A hidden driver (not published as a metric): demand another series derives from. */
  BaseSeries driver(SimResource owner, String name, Workload w, ToDoubleFunction<Map<String, String>> factor) {
    return new BaseSeries(new Demand(w, Hash.of(seed, Hash.ofString(owner.id() + "#" + name), 0), originHour, tables), owner, factor, 0);
  }

  BaseSeries base(SimResource owner, String namespace, String metric, Map<String, String> dims, Workload w, ToDoubleFunction<Map<String, String>> factor,
      double unitsPerSample) {
    String key = SimCloudWatch.key(namespace, metric, dims);
    BaseSeries s = new BaseSeries(new Demand(w, Hash.of(seed, Hash.ofString(key), 0), originHour, tables), owner, factor, unitsPerSample);
    put(key, s);
    return s;
  }

  /** A metric the resource publishes in another region than its own (a global database's secondary cluster). */
  BaseSeries baseIn(String region, SimResource owner, String namespace, String metric, Map<String, String> dims, Workload w,
      ToDoubleFunction<Map<String, String>> factor) {
    String key = SimCloudWatch.key(namespace, metric, dims);
    BaseSeries s = new BaseSeries(new Demand(w, Hash.of(seed, Hash.ofString(region + key), 0), originHour, tables), owner, factor, 0);
    put(SimCloudWatch.inRegion(region, key), s);
    return s;
  }

  DerivedSeries derived(SimResource owner, String namespace, String metric, Map<String, String> dims, List<SimSeries> sources,
      DerivedSeries.Formula f, double unitsPerSample) {
    DerivedSeries s = new DerivedSeries(owner, sources.toArray(new SimSeries[0]), f, unitsPerSample);
    put(SimCloudWatch.key(namespace, metric, dims), s);
    return s;
  }

  private void put(String key, SimSeries s) {
    if (series.put(key, s) != null) throw new IllegalStateException("two simulated series for " + key);
  }

  List<SimResource> list() {
    return new ArrayList<>(resources.values());
  }

  static Map<String, String> tags(String environment, String... extra) {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("Platform", "TAP");
    t.put("Environment", environment);
    t.put("ManagedBy", "CDK");
    for (int i = 0; i + 1 < extra.length; i += 2) t.put(extra[i], extra[i + 1]);
    return t;
  }

  /** A factor that is 1 whatever the configuration. */
  static double one(Map<String, String> c) {
    return 1;
  }
}
