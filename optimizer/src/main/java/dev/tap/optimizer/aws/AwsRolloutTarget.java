package dev.tap.optimizer.aws;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.sagemaker.EndpointMetrics;
import dev.tap.optimizer.family.sagemaker.RolloutTarget;
import dev.tap.optimizer.family.sagemaker.SageMakerApi;
import dev.tap.optimizer.family.sagemaker.SageMakerApi.EndpointState;
import dev.tap.optimizer.family.sagemaker.SageMakerApi.VariantSpec;
import dev.tap.optimizer.family.sagemaker.Sleeper;
import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.MetricsEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link RolloutTarget} on a real SageMaker endpoint, through the ports only.
 *
 * <ul>
 *   <li><b>shadow</b>: a config with the serving variants plus a shadow variant (the candidate
 *       instance type, the same SageMaker model) that receives a copy of live requests; after the
 *       bake window the two variants' p95 ModelLatency and the shadow's invocations are read from
 *       CloudWatch ({@code AWS/SageMaker}, EndpointName/VariantName). <b>Prediction agreement and
 *       accuracy are not measured</b>: CloudWatch has no predictions; comparing them needs data
 *       capture of both variants to S3 and the labels, which TAP does not read. They are reported as
 *       NaN and the gate decides on what is known (see {@link AwsEndpointActions}).
 *   <li><b>shiftAndBake</b>: a two-variant config (serving + candidate) whose weights are set with
 *       UpdateEndpointWeightsAndCapacities, then the bake window's p95 and 5xx share per variant.
 *   <li><b>abTest</b>: the same split held until each arm has the fixed sample of labelled outcomes
 *       from a {@link LabelledOutcomes} source; without one it fails closed.
 *   <li><b>rollback</b>: UpdateEndpoint back to the config that served before.
 * </ul>
 */
public final class AwsRolloutTarget implements RolloutTarget {
  public static final String SHADOW_VARIANT = "tap-shadow";
  public static final String CANDIDATE_VARIANT = "tap-candidate";

  /** Labelled outcomes (correct, total) of a variant's predictions in a time window, from the team's feedback pipeline. */
  @FunctionalInterface
  public interface LabelledOutcomes {
    long[] correctAndTotal(String endpoint, String variant, Instant from, Instant to);
  }

  private final SageMakerApi api;
  private final MetricDataSource metrics;
  private final Clock clock;
  private final Sleeper sleeper;
  private final String region;
  private final String endpoint;
  private final String servingConfig;
  private final List<VariantSpec> serving;
  private final VariantSpec primary;
  private final int bakeMinutes;
  private final Duration maxUpdate;
  private final LabelledOutcomes outcomes;
  private String splitConfig;

  public AwsRolloutTarget(SageMakerApi api, MetricDataSource metrics, Clock clock, Sleeper sleeper, String region, String endpoint,
      String servingConfig, int bakeMinutes, Duration maxUpdate, LabelledOutcomes outcomes) {
    this.api = api;
    this.metrics = metrics;
    this.clock = clock;
    this.sleeper = sleeper;
    this.region = region;
    this.endpoint = endpoint;
    this.servingConfig = servingConfig;
    this.serving = api.endpointConfigVariants(region, servingConfig);
    this.primary = serving.stream().max(java.util.Comparator.comparingDouble(VariantSpec::weight))
        .orElseThrow(() -> new ActionFailedException("endpoint config " + servingConfig + " of " + endpoint + " has no production variant"));
    this.bakeMinutes = bakeMinutes;
    this.maxUpdate = maxUpdate;
    this.outcomes = outcomes;
  }

  public VariantSpec primary() {
    return primary;
  }

  public List<VariantSpec> serving() {
    return serving;
  }

  /** A config name derived from the endpoint's, unique per second, within SageMaker's 63 characters. */
  String configName(String purpose) {
    String suffix = "-tap-" + purpose + "-" + clock.instant().getEpochSecond();
    String base = endpoint.length() + suffix.length() > 63 ? endpoint.substring(0, 63 - suffix.length()) : endpoint;
    return base + suffix;
  }

  @Override
  public ShadowComparison shadow(Candidate c, int requests) {
    String name = configName("shadow");
    api.createEndpointConfig(region, name, servingConfig, serving,
        List.of(new VariantSpec(SHADOW_VARIANT, primary.modelName(), c.instanceType(), c.minInstances(), primary.weight())));
    api.updateEndpoint(region, endpoint, name);
    awaitServing(name);
    Instant from = nextMinute();
    sleeper.sleep(Duration.between(clock.instant(), from.plus(Duration.ofMinutes(bakeMinutes))));
    Map<String, Double> m = window(from, List.of(
        latency("cur", primary.variantName()), latency("cand", SHADOW_VARIANT),
        new MetricQuery("candInv", EndpointMetrics.NS_INVOCATIONS, "Invocations", dims(SHADOW_VARIANT), "Sum", bakeMinutes * 60)));
    return new ShadowComparison((int) Math.round(m.getOrDefault("candInv", 0.0)), m.getOrDefault("cur", Double.NaN),
        m.getOrDefault("cand", Double.NaN), Double.NaN, Double.NaN, Double.NaN);
  }

  @Override
  public StepObservation shiftAndBake(Candidate c, int candidatePercent, long fromMinute, int minutes) {
    split(c, candidatePercent);
    Instant from = nextMinute();
    sleeper.sleep(Duration.between(clock.instant(), from.plus(Duration.ofMinutes(minutes))));
    Map<String, Double> m = window(from, List.of(latency("cur", primary.variantName()), latency("cand", CANDIDATE_VARIANT),
        new MetricQuery("candErr", EndpointMetrics.NS_INVOCATIONS, "Invocation5XXErrors", dims(CANDIDATE_VARIANT), "Average", minutes * 60),
        new MetricQuery("candInv", EndpointMetrics.NS_INVOCATIONS, "Invocations", dims(CANDIDATE_VARIANT), "Sum", minutes * 60)));
    // an unknown value fails the gate: NaN compares false against every threshold
    return new StepObservation(m.getOrDefault("cur", Double.NaN), m.getOrDefault("cand", Double.NaN), m.getOrDefault("candErr", Double.NaN),
        m.getOrDefault("candInv", 0.0));
  }

  @Override
  public ArmCounts abTest(Candidate c, int candidatePercent, long fromMinute, long labelledPerArm) {
    if (outcomes == null) {
      throw new ActionFailedException("the A/B decision on " + endpoint + " needs labelled outcomes per variant, which CloudWatch does not hold; "
          + "no labelled-outcome source is configured, so the test fails closed");
    }
    split(c, candidatePercent);
    Instant from = nextMinute();
    Instant deadline = from.plus(Duration.ofDays(7));
    while (true) {
      sleeper.sleep(Duration.ofMinutes(bakeMinutes));
      Instant now = clock.instant();
      long[] cur = outcomes.correctAndTotal(endpoint, primary.variantName(), from, now);
      long[] cand = outcomes.correctAndTotal(endpoint, CANDIDATE_VARIANT, from, now);
      if (cur[1] >= labelledPerArm && cand[1] >= labelledPerArm) {
        return new ArmCounts(cur[0], cur[1], cand[0], cand[1], Duration.between(from, now).toMinutes() / 60.0);
      }
      if (now.isAfter(deadline)) {
        throw new ActionFailedException("the A/B test on " + endpoint + " did not reach " + labelledPerArm + " labelled outcomes per arm in 7 days ("
            + cur[1] + " current, " + cand[1] + " candidate)");
      }
    }
  }

  @Override
  public void rollback(Candidate c) {
    api.updateEndpoint(region, endpoint, servingConfig);
    awaitServing(servingConfig);
  }

  /** Serving + candidate variants at the given share: a new config the first time, weights after that. */
  private void split(Candidate c, int candidatePercent) {
    double cur = (100 - candidatePercent) / 100.0, cand = candidatePercent / 100.0;
    if (splitConfig == null) {
      splitConfig = configName("split");
      List<VariantSpec> variants = new ArrayList<>();
      for (VariantSpec v : serving) {
        variants.add(v == primary ? new VariantSpec(v.variantName(), v.modelName(), v.instanceType(), v.instanceCount(), cur) : v);
      }
      variants.add(new VariantSpec(CANDIDATE_VARIANT, primary.modelName(), c.instanceType(), c.minInstances(), cand));
      api.createEndpointConfig(region, splitConfig, servingConfig, variants, List.of());
      api.updateEndpoint(region, endpoint, splitConfig);
      awaitServing(splitConfig);
    } else {
      api.updateWeight(region, endpoint, primary.variantName(), cur, null);
      api.updateWeight(region, endpoint, CANDIDATE_VARIANT, cand, null);
      awaitServing(splitConfig);
    }
  }

  /** Polls DescribeEndpoint until it is InService; fails when it settles on another config, fails, or takes too long. */
  public EndpointState awaitServing(String expectedConfig) {
    Instant deadline = clock.instant().plus(maxUpdate);
    while (true) {
      EndpointState s = api.endpointState(region, endpoint);
      if (s.inService()) {
        if (!expectedConfig.equals(s.configName())) {
          throw new ActionFailedException("endpoint " + endpoint + " is InService on " + s.configName() + ", not " + expectedConfig
              + (s.failureReason() == null ? "" : ": " + s.failureReason()));
        }
        return s;
      }
      if ("Failed".equals(s.status()) || "OutOfService".equals(s.status())) {
        throw new ActionFailedException("endpoint " + endpoint + " is " + s.status() + " while moving to " + expectedConfig
            + (s.failureReason() == null ? "" : ": " + s.failureReason()));
      }
      if (clock.instant().isAfter(deadline)) {
        throw new ActionFailedException("endpoint " + endpoint + " still " + s.status() + " after " + maxUpdate.toMinutes() + " min moving to "
            + expectedConfig + "; check it in the SageMaker console, then 'tap resume'");
      }
      sleeper.sleep(Duration.ofSeconds(30));
    }
  }

  private Instant nextMinute() {
    return clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
  }

  private Map<String, String> dims(String variant) {
    return Map.of("EndpointName", endpoint, "VariantName", variant);
  }

  private MetricQuery latency(String id, String variant) {
    return new MetricQuery(id, EndpointMetrics.NS_INVOCATIONS, "ModelLatency", dims(variant), "p95", bakeMinutes * 60);
  }

  /**
   * One value per query over the window (one period = the window): ModelLatency converted from
   * microseconds to ms; a query without a datapoint is absent from the map (unknown).
   */
  private Map<String, Double> window(Instant from, List<MetricQuery> queries) {
    Map<String, MetricSeries> s = MetricsEngine.fetchQueries(metrics, queries, from, from.plus(Duration.ofSeconds(queries.get(0).periodSeconds())));
    Map<String, Double> out = new java.util.HashMap<>();
    for (MetricQuery q : queries) {
      MetricSeries series = s.get(q.id());
      if (series == null || series.size() == 0) continue;
      double v = series.values()[0];
      out.put(q.id(), q.metricName().equals("ModelLatency") ? v / 1000.0 : v);
    }
    return out;
  }
}
