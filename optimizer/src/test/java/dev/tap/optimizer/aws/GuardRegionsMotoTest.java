package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.Guard;
import dev.tap.optimizer.exec.GuardPolicy;
import dev.tap.optimizer.exec.GuardReading;
import dev.tap.optimizer.exec.PhaseRecord;
import dev.tap.optimizer.exec.PhaseState;
import dev.tap.optimizer.exec.RunRecord;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.exec.RunState;
import dev.tap.optimizer.family.sagemaker.EndpointMetrics;
import dev.tap.optimizer.metrics.HealthSignal;
import dev.tap.optimizer.policy.PolicyLoader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * A run at home in us-east-1 guarding an endpoint in us-west-2 reads the endpoint's signals from
 * CloudWatch in us-west-2 (moto keeps each region's metrics apart, as AWS does).
 */
@ExtendWith(MotoServer.Extension.class)
class GuardRegionsMotoTest {

  @Test
  void aSignalOfAnEndpointInAnotherRegion_isReadThere(MotoServer moto) {
    Instant check = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    // no --region: each call goes to the region it names (with --region every call would go there, and apply refuses other regions' plans)
    try (AwsClients aws = moto.clients(null)) {
      // 30 errors in the last interval, published in the endpoint's region only
      aws.cloudWatch("us-west-2").putMetricData(r -> r.namespace(EndpointMetrics.NS_INVOCATIONS).metricData(MetricDatum.builder()
          .metricName("Invocation5XXErrors")
          .dimensions(Dimension.builder().name("EndpointName").value("fraud-scoring").build(),
              Dimension.builder().name("VariantName").value("AllTraffic").build())
          .timestamp(check.minus(Duration.ofMinutes(5))).value(30.0).build()));
      AwsTarget target = AwsTarget.of(aws, "us-east-1", Clock.systemUTC());
      HealthSignal fivexx = HealthSignal.countPerMinute("fraud-scoring", "SageMaker 5xx", EndpointMetrics.NS_INVOCATIONS, "Invocation5XXErrors",
          Map.of("EndpointName", "fraud-scoring", "VariantName", "AllTraffic"), "guard.sagemaker.invocation5xxMaxPerMinute").withLimit(0);
      GuardPolicy policy = GuardPolicy.from(PolicyLoader.profile("trading"));

      GuardReading inItsRegion = reading(new Guard(target.metrics(), target::metrics), policy, fivexx.inRegion("us-west-2"), check);
      assertThat(inItsRegion.value()).as(inItsRegion.describe()).isEqualTo(2.0); // 30 in 15 minutes
      assertThat(inItsRegion.breached()).isTrue();

      // the same signal read in the run's region (what the guard did before) sees nothing
      GuardReading atHome = reading(new Guard(target.metrics(), target::metrics), policy, fivexx, check);
      assertThat(atHome.value()).isEqualTo(0.0);
      assertThat(atHome.breached()).isFalse();
    }
  }

  private static GuardReading reading(Guard guard, GuardPolicy policy, HealthSignal s, Instant check) {
    GuardPolicy p = policy.withSignals(Map.of(1, List.of(s)));
    RunSettings settings = new RunSettings(RunSettings.AWS, "prod", null, false, p);
    RunRecord run = new RunRecord(1, "plan", "sha", "plan.json", "trading", MotoServer.ACCOUNT, check.minus(Duration.ofDays(2)),
        check.minus(Duration.ofDays(1)), settings, RunState.RUNNING, check, check, null, null);
    PhaseRecord phase = new PhaseRecord(1, 1, "ml", Duration.ofHours(1), PhaseState.OBSERVING, check.minus(Duration.ofMinutes(30)),
        check.minus(Duration.ofMinutes(30)), check.plus(Duration.ofMinutes(30)), check, null, null, null, null, null, null);
    return guard.check(run, phase, check, Set.of("fraud-scoring")).stream().filter(r -> r.rule().equals(s.rule())).findFirst().orElseThrow();
  }
}
