package dev.tap.optimizer.family.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.aws.AwsEndpointActions;
import dev.tap.optimizer.family.sagemaker.SageMakerApi.VariantSpec;
import dev.tap.optimizer.family.sagemaker.VariantAutoscalingApi.TargetTracking;
import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.pricing.PriceBook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The account analysis over ports: minute grid with gaps, the plan's before-state, and training families. */
class MlAccountAnalysisTest {
  static final Instant END = Instant.parse("2026-12-01T00:00:00Z");
  static final Instant START = END.minus(Duration.ofDays(2));
  static final int MINUTES = 2 * 1440;

  /** 1,200/s with a daily cycle; the first hour of each day has no traffic (no Invocations point, no latency point); GPU points missing every 7th minute. */
  static final MetricDataSource CLOUDWATCH = request -> {
    List<MetricSeries> out = new ArrayList<>();
    for (MetricQuery q : request.queries()) {
      List<long[]> pts = new ArrayList<>();
      List<Double> vals = new ArrayList<>();
      for (int i = 0; i < MINUTES; i++) {
        long t = START.getEpochSecond() + 60L * i;
        boolean quiet = (i % 1440) < 60;
        double rate = 1200 * (1 + 0.5 * Math.sin(2 * Math.PI * i / 1440.0));
        Double v = switch (q.metricName()) {
          case "Invocations" -> quiet ? null : rate * 60;
          case "InvocationsPerInstance" -> quiet ? null : rate * 6;
          case "ModelLatency" -> quiet ? null : 20_000.0;
          case "GPUUtilization" -> i % 7 == 0 ? null : 60.0;
          case "GPUMemoryUtilization" -> 150.0;
          default -> throw new IllegalArgumentException(q.toString());
        };
        if (v != null) {
          pts.add(new long[] {t});
          vals.add(v);
        }
      }
      out.add(new MetricSeries(q, pts.stream().mapToLong(p -> p[0]).toArray(), vals.stream().mapToDouble(Double::doubleValue).toArray()));
    }
    return new MetricDataSource.MetricDataPage(out, null);
  };

  FakeSageMaker account() {
    FakeSageMaker sm = new FakeSageMaker("fraud-scoring", new VariantSpec("AllTraffic", "fraud-scoring-v7", "ml.g4dn.12xlarge", 10, 1.0));
    for (int d = 0; d < 2; d++) {
      Instant at = START.plus(Duration.ofDays(d)).plus(Duration.ofHours(2));
      sm.jobs.add(new TrainingJob(String.format("fraud-train-2026-11-%02d-02-00", 29 + d), "us-west-2", "ml.p3.2xlarge", 4, at, 4 * 3600, 4 * 3600, false, 8 * 3600, 0));
      sm.jobs.add(new TrainingJob("churn-train-" + (d + 1), "us-west-2", "ml.p3.2xlarge", 1, at, 1800, 1800, false, 3600, 0));
    }
    return sm;
  }

  @Test
  void quietMinutesCountAsNoTrafficAndMissingPointsAreLeftOut() {
    FakeSageMaker sm = account();
    List<String> log = new ArrayList<>();
    MlRun run = new MlAccountAnalysis(sm, sm, CLOUDWATCH, PriceBook.bundled(), "us-west-2", log::add)
        .analyse(List.of(), START, END, "p95", END).get(0);
    EndpointSizing.Observed o = run.sizing().observed();
    assertThat(o.minutes()).isEqualTo(MINUTES);
    // the mean includes the quiet hours at zero: 23/24 of the days' traffic
    double expected = 0;
    for (int i = 0; i < MINUTES; i++) if (i % 1440 >= 60) expected += 1200 * (1 + 0.5 * Math.sin(2 * Math.PI * i / 1440.0));
    assertThat(o.meanRate()).isCloseTo(expected / MINUTES, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(o.baselineP95Ms()).isEqualTo(20.0);
    // GPU: 60 % summed over 4 T4s = 15 % each, the missing minutes not counted as zero
    assertThat(o.meanGpuUtilPerGpu()).isCloseTo(15.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(run.hourly().times()).hasSize(48);
    assertThat(run.rollouts()).isEmpty();
    assertThat(run.trafficSource()).startsWith("CloudWatch");
  }

  @Test
  void theEndpointActionsBeforeStateIsWhatTheAwsActionReads() {
    FakeSageMaker sm = account();
    sm.scaling = Optional.of(new TargetTracking(8, 10, 4000, 900, 60));
    MlRun run = new MlAccountAnalysis(sm, sm, CLOUDWATCH, PriceBook.bundled(), "us-west-2", m -> {}).analyse(List.of("fraud-scoring"), START, END, "p95", END).get(0);
    Action a = run.actions().get(0);
    assertThat(a.kind()).isEqualTo(SageMakerFamily.SAGEMAKER_ENDPOINT);
    AwsEndpointActions actions = new AwsEndpointActions(sm, sm, sm, r -> sm, RolloutGates.defaults(), java.time.Clock.systemUTC(), d -> {}, Duration.ofHours(1));
    var current = actions.read("fraud-scoring", "us-west-2");
    a.before().forEach((k, v) -> assertThat(current.config()).as(k).containsEntry(k, v));
  }

  @Test
  void theFamilyWithTheMostOnDemandHoursIsPricedOnSpotAsAPipelineRecommendation() {
    FakeSageMaker sm = account();
    List<String> log = new ArrayList<>();
    MlRun run = new MlAccountAnalysis(sm, sm, CLOUDWATCH, PriceBook.bundled(), "us-west-2", log::add).analyse(List.of(), START, END, "p95", END).get(0);
    assertThat(run.training().jobs()).extracting(TrainingJob::name).allMatch(n -> n.startsWith("fraud-train-"));
    Action t = run.actions().stream().filter(a -> a.kind() == SageMakerFamily.SAGEMAKER_TRAINING_SPOT).findFirst().orElseThrow();
    assertThat(t.resourceId()).isEqualTo("training/fraud-train");
    assertThat(t.after()).containsEntry("EnableManagedSpotTraining", "true").containsKey("CheckpointConfig.S3Uri");
    assertThat(t.monthlyCostAfter()).isLessThan(t.monthlyCostBefore());
    assertThat(t.rationale()).contains("recommendation for the training pipeline");
    assertThat(log).anyMatch(m -> m.contains("[fraud-train, churn-train]") || m.contains("[churn-train, fraud-train]"));
  }

  @Test
  void familyStripsRunNumbersAndDates() {
    assertThat(MlAccountAnalysis.family(new TrainingJob("fraud-train-2026-11-30-02-00", "r", "ml.p3.2xlarge", 1, END, 1, 1, false, 0, 0)))
        .isEqualTo("fraud-train");
    assertThat(MlAccountAnalysis.family(new TrainingJob("churn_17", "r", "ml.p3.2xlarge", 1, END, 1, 1, false, 0, 0))).isEqualTo("churn");
    assertThat(MlAccountAnalysis.family(new TrainingJob("2026", "r", "ml.p3.2xlarge", 1, END, 1, 1, false, 0, 0))).isEqualTo("2026");
  }
}
