package dev.tap.optimizer.family.dynamodb;

import static dev.tap.optimizer.model.ConfigKeys.BILLING_MODE;
import static dev.tap.optimizer.model.ConfigKeys.GSIS;
import static dev.tap.optimizer.model.ConfigKeys.READ_CAPACITY;
import static dev.tap.optimizer.model.ConfigKeys.STREAM_CONSUMERS;
import static dev.tap.optimizer.model.ConfigKeys.STREAM_ENABLED;
import static dev.tap.optimizer.model.ConfigKeys.STREAM_VIEW_TYPE;
import static dev.tap.optimizer.model.ConfigKeys.WRITE_CAPACITY;

import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Action.Risk;
import dev.tap.optimizer.model.Evidence;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.rules.FamilyRules;
import dev.tap.optimizer.rules.Observed;
import dev.tap.optimizer.rules.Proposal;
import dev.tap.optimizer.rules.RuleResult;
import dev.tap.optimizer.rules.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * DynamoDB tables (SPEC O3, O4 phase 1): provisioned tables whose consumed capacity stays low for
 * weeks move to on-demand; indexes queried less than the policy's weekly count are dropped;
 * streams no Lambda event source mapping reads are disabled; quiet tables are flagged as
 * consolidation candidates. None of these changes capacity a request can exhaust, so their
 * backtest is a no-op by construction.
 */
public final class DynamoDbRules implements FamilyRules {
  public static final String CONSUMED_READ = DynamoDbMetrics.CONSUMED_READ;
  public static final String CONSUMED_WRITE = DynamoDbMetrics.CONSUMED_WRITE;

  @Override
  public RuleResult evaluate(Resource r, ResourceMetrics m, Policy policy) {
    Policy.DynamoDb p = policy.dynamodb();
    Observed o = new Observed(m);
    RuleResult.Builder out = new RuleResult.Builder();
    indexes(r, o, p, out);
    stream(r, p, out);
    onDemand(r, o, p, out);
    consolidation(r, o, p, out);
    return out.build();
  }

  private void indexes(Resource r, Observed o, Policy.DynamoDb p, RuleResult.Builder out) {
    if (p.gsiMinQueriesPerWeek() <= 0) return;
    List<String> remaining = new ArrayList<>(gsis(r));
    for (String index : gsis(r)) {
      String metric = DynamoDbMetrics.gsiKey(index);
      Optional<WindowValue> requests = o.window(metric, "SampleCount");
      if (requests.isEmpty()) {
        out.find(Finding.warning(r, "index " + index + " not evaluated", "needs " + metric + " SampleCount over the window (one sample per read request)", List.of()));
        continue;
      }
      double perWeek = requests.get().value() / (o.days() / 7.0);
      Evidence e = o.derived(metric, "SampleCount over the window / weeks", perWeek, "<", p.gsiMinQueriesPerWeek(), " queries/week");
      if (!e.holds()) continue;
      List<String> before = List.copyOf(remaining);
      remaining.remove(index);
      out.propose(new Proposal(r, DynamoDbFamily.DYNAMODB_DELETE_GSI, Map.of(GSIS, String.join(",", before)), Map.of(GSIS, String.join(",", remaining)),
          List.of(), List.of(o.hourlyKey(CONSUMED_READ, "Sum")).stream().filter(java.util.Objects::nonNull).toList(),
          List.of(e), Risk.MEDIUM,
          String.format(Locale.ROOT, "index %s is queried %.1f times a week; dropping it stops its write and storage cost (re-creating it backfills from the table)", index, perWeek)));
    }
  }

  private void stream(Resource r, Policy.DynamoDb p, RuleResult.Builder out) {
    if (!p.disableStreamsWithoutConsumer() || !"true".equals(r.config().get(STREAM_ENABLED))) return;
    String consumers = r.config().get(STREAM_CONSUMERS);
    if (consumers == null) {
      out.find(Finding.warning(r, "stream not evaluated", "the inventory did not count the stream's Lambda event source mappings", List.of()));
      return;
    }
    Evidence e = new Evidence("Lambda event source mappings on the stream", "inventory", 0, Integer.parseInt(consumers), "<", 1, "");
    if (!e.holds()) return;
    Map<String, String> before = new TreeMap<>(Map.of(STREAM_ENABLED, "true"));
    Map<String, String> after = new TreeMap<>(Map.of(STREAM_ENABLED, "false"));
    String view = r.config().get(STREAM_VIEW_TYPE);
    if (view != null) before.put(STREAM_VIEW_TYPE, view);
    out.propose(new Proposal(r, DynamoDbFamily.DYNAMODB_DISABLE_STREAM, before, after, List.of(), List.of(), List.of(e), Risk.LOW,
        "no Lambda event source mapping reads the stream; a re-enabled stream gets a new ARN and starts empty"));
  }

  private void onDemand(Resource r, Observed o, Policy.DynamoDb p, RuleResult.Builder out) {
    if (!"PROVISIONED".equals(r.config().get(BILLING_MODE))) return;
    double rcu = Double.parseDouble(r.config().getOrDefault(READ_CAPACITY, "0"));
    double wcu = Double.parseDouble(r.config().getOrDefault(WRITE_CAPACITY, "0"));
    double[] reads = o.hourly(CONSUMED_READ, "Sum");
    double[] writes = o.hourly(CONSUMED_WRITE, "Sum");
    if (reads == null || writes == null || rcu <= 0 || wcu <= 0) {
      out.find(Finding.warning(r, "billing mode not evaluated", "needs hourly " + CONSUMED_READ + " and " + CONSUMED_WRITE + " Sum and the provisioned capacity", List.of()));
      return;
    }
    int n = Math.min(reads.length, writes.length);
    double[] utilisation = new double[n];
    for (int i = 0; i < n; i++) utilisation[i] = Math.max(reads[i] / 3600.0 / rcu, writes[i] / 3600.0 / wcu) * 100;
    double[] dailyPeak = Stats.dailyMax(utilisation);
    int run = Stats.longestRunBelow(dailyPeak, p.onDemandMaxUtilisationPct());
    Evidence e = o.derived("max(consumed read/RCU, consumed write/WCU)", "days in a row whose peak hour is < " + fmt(p.onDemandMaxUtilisationPct()) + " %",
        run, ">=", p.onDemandMinDays(), " days");
    if (!e.holds()) {
      rightSize(r, o, p, utilisation, rcu, wcu, reads, writes, out);
      autoScaling(r, o, p, utilisation, rcu, wcu, reads, writes, out);
      return;
    }
    out.propose(new Proposal(r, DynamoDbFamily.DYNAMODB_BILLING_MODE,
        Map.of(BILLING_MODE, "PROVISIONED", READ_CAPACITY, fmt(rcu), WRITE_CAPACITY, fmt(wcu)),
        Map.of(BILLING_MODE, "PAY_PER_REQUEST"), List.of(),
        List.of(o.hourlyKey(CONSUMED_READ, "Sum"), o.hourlyKey(CONSUMED_WRITE, "Sum")), List.of(e), Risk.LOW,
        String.format(Locale.ROOT, "consumed capacity peaked below %.0f %% of %s RCU / %s WCU for %d days in a row: pay per request instead (one switch back per 24 h is allowed)",
            p.onDemandMaxUtilisationPct(), fmt(rcu), fmt(wcu), run)));
  }

  /**
   * A provisioned table that stays provisioned but whose peak hour uses less than {@code
   * dynamodb.provisionedMaxUtilisationPct} of its capacity: the capacity that puts each peak at
   * {@code dynamodb.targetUtilisationPct}, or auto scaling with that target. A finding, since hourly
   * sums hide the per-second bursts that a fixed capacity must absorb (burst credits cover 300 s).
   */
  static void rightSize(Resource r, Observed o, Policy.DynamoDb p, double[] utilisation, double rcu, double wcu, double[] reads, double[] writes,
      RuleResult.Builder out) {
    double peak = Stats.max(utilisation);
    Evidence e = o.derived("max(consumed read/RCU, consumed write/WCU)", "Maximum of the hourly Sum / 3600 s", peak, "<",
        p.provisionedMaxUtilisationPct(), " %");
    if (Double.isNaN(peak) || !e.holds()) return;
    long newRcu = Math.max(1, (long) Math.ceil(Stats.max(reads) / 3600.0 / (p.targetUtilisationPct() / 100)));
    long newWcu = Math.max(1, (long) Math.ceil(Stats.max(writes) / 3600.0 / (p.targetUtilisationPct() / 100)));
    if (newRcu >= rcu && newWcu >= wcu) return;
    out.find(Finding.info(r, "provisioned capacity over-sized", String.format(Locale.ROOT,
        "peak hour at %.1f %% of %s RCU / %s WCU: %d RCU / %d WCU put it at %.0f %%, or enable auto scaling with a %.0f %% target "
            + "(each index's provisioned capacity alike)", peak, fmt(rcu), fmt(wcu), newRcu, newWcu, p.targetUtilisationPct(), p.targetUtilisationPct()),
        List.of(e)));
  }

  /**
   * A provisioned table whose mean hour uses less than {@code dynamodb.autoScalingMaxMeanUtilisationPct}
   * of its capacity holds its peak capacity all day: target tracking at {@code
   * dynamodb.targetUtilisationPct} follows the load. The capacity it would hold is estimated hour by
   * hour (consumed units/s / target, at least 1); hourly sums hide minute peaks and scale-in lags,
   * so it is a finding with the estimate, not an action.
   */
  static void autoScaling(Resource r, Observed o, Policy.DynamoDb p, double[] utilisation, double rcu, double wcu, double[] reads, double[] writes,
      RuleResult.Builder out) {
    double mean = Stats.mean(utilisation);
    Evidence e = o.derived("max(consumed read/RCU, consumed write/WCU)", "mean of the hourly Sum / 3600 s", mean, "<",
        p.autoScalingMaxMeanUtilisationPct(), " %");
    if (Double.isNaN(mean) || !e.holds()) return;
    double target = p.targetUtilisationPct() / 100;
    double meanRcu = trackedCapacity(reads, target);
    double meanWcu = trackedCapacity(writes, target);
    if (meanRcu >= rcu && meanWcu >= wcu) return;
    out.find(Finding.info(r, "provisioned capacity held at its peak", String.format(Locale.ROOT,
        "mean hour at %.1f %% of %s RCU / %s WCU: auto scaling with a %.0f %% target would hold about %.0f RCU / %.0f WCU on average "
            + "(%.0f %% / %.0f %% less capacity billed; each index alike)", mean, fmt(rcu), fmt(wcu), p.targetUtilisationPct(), meanRcu, meanWcu,
        100 * (1 - meanRcu / rcu), 100 * (1 - meanWcu / wcu)), List.of(e)));
  }

  /** The mean capacity target tracking holds: each hour's consumed units/s / target, rounded up, at least 1. */
  static double trackedCapacity(double[] hourlySums, double target) {
    double sum = 0;
    int n = 0;
    for (double v : hourlySums) {
      if (Double.isNaN(v)) continue;
      sum += Math.max(1, Math.ceil(v / 3600.0 / target));
      n++;
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private void consolidation(Resource r, Observed o, Policy.DynamoDb p, RuleResult.Builder out) {
    if (p.consolidationMaxRequestsPerSecond() <= 0) return;
    double[] reads = o.hourly(CONSUMED_READ, "Sum");
    double[] writes = o.hourly(CONSUMED_WRITE, "Sum");
    if (reads == null || writes == null) return;
    double rate = (Stats.mean(reads) + Stats.mean(writes)) / 3600.0;
    Evidence e = o.derived(CONSUMED_READ + "+" + CONSUMED_WRITE, "mean of hourly Sum / 3600 s", rate, "<", p.consolidationMaxRequestsPerSecond(), " units/s");
    if (e.holds()) {
      out.find(Finding.info(r, "consolidation candidate",
          "the table serves few requests; with other quiet tables it could share one table (single-table design, key prefixes)", List.of(e)));
    }
  }

  static List<String> gsis(Resource r) {
    return DynamoDbFamily.indexes(r.config());
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
