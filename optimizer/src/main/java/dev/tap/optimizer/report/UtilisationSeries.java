package dev.tap.optimizer.report;

import dev.tap.optimizer.family.CapacityUse;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.registry.Families;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * The one hourly series that says how busy a resource is, in percent, for the heat map. CPU is
 * used where measured; capacity-priced resources are measured against what is provisioned.
 */
record UtilisationSeries(String source, long[] times, double[] percent) {

  static Optional<UtilisationSeries> of(ResourceMetrics rm) {
    // The resource's own CPU (key "CPUUtilization:stat"), then a writer's ("CPUUtilization.writer",
    // which takes every write), before other per-role variants ("CPUUtilization.reader").
    Optional<Map.Entry<String, MetricSeries>> cpu = rm.hourly().entrySet().stream()
        .filter(e -> !e.getValue().isEmpty() && e.getValue().query().metricName().endsWith("CPUUtilization"))
        .min(Comparator.comparing((Map.Entry<String, MetricSeries> e) -> roleRank(e.getKey()))
            .thenComparing(e -> e.getValue().query().metricName().equals("CPUUtilization") ? 0 : 1)
            .thenComparing(e -> statRank(e.getValue().query().stat())));
    if (cpu.isPresent()) {
      MetricSeries s = cpu.get().getValue();
      return Optional.of(new UtilisationSeries(cpu.get().getKey().replace(':', ' '), s.times(), s.values().clone()));
    }
    Optional<CapacityUse> use = Families.of(rm.resource().family()).capacityUse();
    if (use.isPresent()) return against(rm, use.get());
    return Optional.empty();
  }

  private static int roleRank(String key) {
    if (key.startsWith("CPUUtilization:")) return 0;
    return key.startsWith("CPUUtilization.writer:") ? 1 : 2;
  }

  /** Average before p95 before Maximum: the heat map shows typical load by hour. */
  private static int statRank(String stat) {
    return switch (stat) {
      case "Average" -> 0;
      case "p95" -> 1;
      case "Maximum" -> 2;
      default -> 3;
    };
  }

  /**
   * {@code metric} against the provisioned {@code capacityKey}; a {@code Sum} per period is turned
   * into a per-second rate first (DynamoDB capacity is provisioned per second).
   */
  private static Optional<UtilisationSeries> against(ResourceMetrics rm, CapacityUse use) {
    String metric = use.metric();
    String capacityKey = use.capacityKey();
    boolean perSecondSum = use.perSecondSum();
    String cap = rm.resource().config().get(capacityKey);
    if (cap == null) return Optional.empty();
    double capacity;
    try {
      capacity = Double.parseDouble(cap);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (capacity <= 0) return Optional.empty();
    String stat = use.stat();
    Optional<MetricSeries> s = rm.hourly(metric, stat);
    if (s.isEmpty() || s.get().isEmpty()) return Optional.empty();
    MetricSeries series = s.get();
    double divisor = perSecondSum ? series.query().periodSeconds() : 1;
    double[] pct = Arrays.stream(series.values()).map(v -> v / divisor / capacity * 100).toArray();
    return Optional.of(new UtilisationSeries(metric + " " + stat + " / " + capacityKey + " " + cap, series.times(), pct));
  }

  /** Mean per UTC hour of day; NaN for an hour with no point. */
  double[] byHourOfDay() {
    double[] sum = new double[24];
    int[] n = new int[24];
    for (int i = 0; i < times.length; i++) {
      if (Double.isNaN(percent[i])) continue;
      int hour = (int) Math.floorMod(times[i] / 3600, 24L);
      sum[hour] += percent[i];
      n[hour]++;
    }
    double[] mean = new double[24];
    for (int h = 0; h < 24; h++) mean[h] = n[h] == 0 ? Double.NaN : sum[h] / n[h];
    return mean;
  }
}
