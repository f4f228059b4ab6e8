package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.sagemaker.EndpointMetrics;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.MetricsEngine;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * The ML analysis' plain-statistic queries (AWS/SageMaker Invocations, /aws/sagemaker/Endpoints
 * GPUUtilization) through the real CloudWatch adapter against moto. Percentiles (ModelLatency p95)
 * are not served by moto; the simulated account covers them.
 */
@ExtendWith(MotoServer.Extension.class)
class SageMakerMetricsMotoTest {

  @Test
  void endpointQueriesReadBothNamespaces(MotoServer moto) {
    Instant t0 = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
    try (AwsClients aws = moto.clients("us-west-2")) {
      put(aws, EndpointMetrics.NS_INVOCATIONS, "Invocations", t0.plusSeconds(10), 60_000);
      put(aws, EndpointMetrics.NS_INVOCATIONS, "Invocations", t0.plusSeconds(70), 72_000);
      put(aws, EndpointMetrics.NS_INSTANCE, "GPUUtilization", t0.plusSeconds(10), 60);
      put(aws, EndpointMetrics.NS_INSTANCE, "GPUUtilization", t0.plusSeconds(70), 64);
      List<MetricQuery> queries = EndpointMetrics.queries("fraud-scoring", "AllTraffic", 60).stream()
          .filter(q -> q.id().equals("invocations") || q.id().equals("gpuUtil")).toList();
      Map<String, MetricSeries> m = MetricsEngine.fetchQueries(new AwsCloudWatch(aws, "us-west-2"), queries, t0, t0.plusSeconds(120));
      assertThat(m.get("invocations").values()).containsExactly(60_000, 72_000);
      assertThat(m.get("gpuUtil").values()).containsExactly(60, 64);
    }
  }

  private static void put(AwsClients aws, String ns, String name, Instant at, double value) {
    aws.cloudWatch("us-west-2").putMetricData(r -> r.namespace(ns).metricData(MetricDatum.builder()
        .metricName(name)
        .dimensions(Dimension.builder().name("EndpointName").value("fraud-scoring").build(),
            Dimension.builder().name("VariantName").value("AllTraffic").build())
        .timestamp(at).value(value).build()));
  }
}
