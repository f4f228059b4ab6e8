package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.metrics.MetricDataSource.MetricDataPage;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataRequest;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/** Plain statistics through a real GetMetricData call, after PutMetricData, against moto. */
@ExtendWith(MotoServer.Extension.class)
class AwsCloudWatchMotoTest {

  @Test
  void averageAndSumPerMinuteComeBackOldestFirst(MotoServer moto) {
    // CloudWatch only accepts recent data; minute-aligned so each minute holds exactly our points
    Instant t0 = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
    Map<String, String> dims = Map.of("DBClusterIdentifier", "tap-dev-trading-aurora");
    try (AwsClients aws = moto.clients("us-east-1")) {
      put(aws, t0.plusSeconds(5), 10);
      put(aws, t0.plusSeconds(25), 30);
      put(aws, t0.plusSeconds(65), 50);
      put(aws, t0.plusSeconds(125), 70);
      put(aws, t0.plusSeconds(130), 90);

      MetricQuery avg = new MetricQuery("cpuAvg", "AWS/RDS", "CPUUtilization", dims, "Average", 60);
      MetricQuery sum = new MetricQuery("cpuSum", "AWS/RDS", "CPUUtilization", dims, "Sum", 60);
      MetricQuery other = new MetricQuery("otherCluster", "AWS/RDS", "CPUUtilization", Map.of("DBClusterIdentifier", "elsewhere"), "Average", 60);
      MetricDataPage page = new AwsCloudWatch(aws, null).getMetricData(new MetricDataRequest(List.of(avg, sum, other), t0, t0.plusSeconds(180), null));

      assertThat(page.nextToken()).isNull();
      MetricSeries a = byId(page, "cpuAvg");
      assertThat(a.times()).containsExactly(t0.getEpochSecond(), t0.getEpochSecond() + 60, t0.getEpochSecond() + 120);
      assertThat(a.values()).containsExactly(20, 50, 80);
      assertThat(byId(page, "cpuSum").values()).containsExactly(40, 50, 160);
      assertThat(byId(page, "otherCluster").isEmpty()).isTrue();
    }
  }

  private static MetricSeries byId(MetricDataPage page, String id) {
    return page.results().stream().filter(s -> s.query().id().equals(id)).findFirst().orElseThrow();
  }

  private static void put(AwsClients aws, Instant at, double value) {
    aws.cloudWatch("us-east-1").putMetricData(r -> r.namespace("AWS/RDS").metricData(MetricDatum.builder()
        .metricName("CPUUtilization")
        .dimensions(Dimension.builder().name("DBClusterIdentifier").value("tap-dev-trading-aurora").build())
        .timestamp(at).value(value).unit(StandardUnit.PERCENT).build()));
  }
}
