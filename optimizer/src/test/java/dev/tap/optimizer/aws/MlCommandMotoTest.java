package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.cli.TapCli;
import dev.tap.optimizer.family.sagemaker.EndpointMetrics;
import dev.tap.optimizer.report.ml.MlReportFiles;
import dev.tap.optimizer.report.ml.Nbformat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingInstanceType;

/**
 * {@code tap ml --endpoint-url <moto>}: an over-provisioned GPU endpoint, a day of 1-minute
 * CloudWatch data (moto serves no percentiles, so the latency statistic is Maximum, an upper bound
 * of p95) and a training job; the command writes the run, the notebook and a plan for 'tap apply'.
 */
@ExtendWith(MotoServer.Extension.class)
class MlCommandMotoTest {
  static final String REGION = "us-west-2";
  static final String ROLE = "arn:aws:iam::" + MotoServer.ACCOUNT + ":role/sagemaker";

  record Result(int code, String out, String err) {}

  @org.junit.jupiter.api.BeforeEach
  void credentials() {
    // the command builds its clients from the default credential chain, like a user's shell
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
  }

  @org.junit.jupiter.api.AfterEach
  void clear() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  static Result tap(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    var cl = TapCli.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return new Result(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void analysesTheAccountsEndpointAndWritesRunNotebookAndPlan(MotoServer moto, @TempDir Path dir) throws Exception {
    try (AwsClients aws = moto.clients(REGION)) {
      SageMakerClient sm = aws.sageMaker(REGION);
      sm.createModel(b -> b.modelName("fraud-scoring-v7").executionRoleArn(ROLE)
          .primaryContainer(c -> c.image("123456789012.dkr.ecr.us-west-2.amazonaws.com/fraud:7").modelDataUrl("s3://m/fraud.tar.gz")));
      sm.createEndpointConfig(b -> b.endpointConfigName("fraud-config-v1").productionVariants(
          v -> v.variantName("AllTraffic").modelName("fraud-scoring-v7").instanceType("ml.g4dn.12xlarge").initialInstanceCount(10).initialVariantWeight(1f)));
      sm.createEndpoint(b -> b.endpointName("fraud-scoring").endpointConfigName("fraud-config-v1"));
      sm.createTrainingJob(b -> b.trainingJobName("fraud-train-01").roleArn(ROLE)
          .algorithmSpecification(a -> a.trainingImage("123456789012.dkr.ecr.us-west-2.amazonaws.com/train:1").trainingInputMode(TrainingInputMode.FILE))
          .outputDataConfig(o -> o.s3OutputPath("s3://out/"))
          .resourceConfig(r -> r.instanceType(TrainingInstanceType.ML_P3_2_XLARGE).instanceCount(4).volumeSizeInGB(50))
          .stoppingCondition(s -> s.maxRuntimeInSeconds(8 * 3600)));
      putDay(aws, Instant.now().truncatedTo(ChronoUnit.MINUTES));
    }
    Path out = dir.resolve("ml");
    Result r = tap("ml", "--endpoint-url", moto.endpoint().toString(), "--region", REGION, "--days", "1", "--latency-statistic", "Maximum",
        "--out", out.toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out()).contains("SAGEMAKER_ENDPOINT", "fraud-scoring", "plan.json");

    JsonNode run = new ObjectMapper().readTree(out.resolve(MlReportFiles.RUN_JSON).toFile());
    assertThat(run.at("/endpoint/name").asText()).isEqualTo("fraud-scoring");
    assertThat(run.at("/trafficSource").asText()).startsWith("CloudWatch").contains("Maximum");
    assertThat(run.at("/rollouts").size()).isZero();
    // ~1,200/s average on 10 x g4dn.12xlarge: the recommendation is a smaller autoscaled fleet
    assertThat(run.at("/sizing/observed/meanRate").asDouble()).isBetween(1000.0, 1400.0);
    assertThat(run.at("/sizing/best/gpuHoursPerMonth").asDouble()).isLessThan(run.at("/sizing/gpuHoursBefore").asDouble());

    JsonNode plan = new ObjectMapper().readTree(out.resolve("plan.json").toFile());
    assertThat(plan.at("/plan/account").asText()).isEqualTo(MotoServer.ACCOUNT);
    JsonNode endpointAction = plan.at("/plan/phases/0/actions/0");
    assertThat(endpointAction.at("/kind").asText()).isEqualTo("SAGEMAKER_ENDPOINT");
    assertThat(endpointAction.at("/before/instanceType").asText()).isEqualTo("ml.g4dn.12xlarge");
    assertThat(endpointAction.at("/before/autoscaling").asText()).isEqualTo("none");
    assertThat(endpointAction.at("/after/autoscaling").asText()).startsWith("target-tracking SageMakerVariantInvocationsPerInstance=");

    // moto's training jobs report no training time, so there is nothing to price (MlAccountAnalysisTest prices real-looking ones)
    assertThat(plan.at("/plan/phases").size()).isEqualTo(1);
    assertThat(r.err()).contains("no completed on-demand training job with a training time");
    // the plan reads back as 'tap apply' will read it
    assertThat(dev.tap.optimizer.plan.PlanJson.read(out.resolve("plan.json")).actions()).extracting(a -> a.kind().name()).contains("SAGEMAKER_ENDPOINT");

    String notebook = Files.readString(out.resolve(MlReportFiles.NOTEBOOK));
    assertThat(notebook).contains("The rollout has not run yet", "no spot-training estimate in this run");
    Nbformat.validate(out.resolve(MlReportFiles.NOTEBOOK));
  }

  @Test
  void noEndpointInTheRegionIsABadInputNamingIt(MotoServer moto, @TempDir Path dir) {
    Result r = tap("ml", "--endpoint-url", moto.endpoint().toString(), "--region", REGION, "--days", "1", "--out", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no InService SageMaker endpoint in us-west-2");
  }

  @Test
  void anEndpointWithoutMetricsSaysSo(MotoServer moto, @TempDir Path dir) {
    try (AwsClients aws = moto.clients(REGION)) {
      SageMakerClient sm = aws.sageMaker(REGION);
      sm.createModel(b -> b.modelName("m").executionRoleArn(ROLE).primaryContainer(c -> c.image("i").modelDataUrl("s3://m/m.tar.gz")));
      sm.createEndpointConfig(b -> b.endpointConfigName("c").productionVariants(
          v -> v.variantName("AllTraffic").modelName("m").instanceType("ml.g4dn.xlarge").initialInstanceCount(2).initialVariantWeight(1f)));
      sm.createEndpoint(b -> b.endpointName("quiet").endpointConfigName("c"));
    }
    Result r = tap("ml", "--endpoint-url", moto.endpoint().toString(), "--endpoint", "quiet", "--days", "1", "--latency-statistic", "Maximum",
        "--out", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no AWS/SageMaker Invocations datapoints for quiet/AllTraffic in us-west-2");
  }

  /** A day of 1-minute data: a diurnal rate around 1,200/s, flat latency, GPUs ~15 % busy (summed over 4 GPUs). */
  static void putDay(AwsClients aws, Instant end) {
    putDay(aws, end, "fraud-scoring");
  }

  /** The same day for the endpoint named {@code endpoint}. */
  static void putDay(AwsClients aws, Instant end, String endpoint) {
    List<MetricDatum> inv = new ArrayList<>(), lat = new ArrayList<>(), gpu = new ArrayList<>(), mem = new ArrayList<>();
    for (int i = 1; i <= 1440; i++) {
      Instant t = end.minusSeconds(60L * i);
      double hour = (t.getEpochSecond() % 86_400) / 3600.0;
      double rate = 1200 * (1 + 0.6 * Math.sin(2 * Math.PI * (hour - 9) / 24)) + 37 * Math.sin(i * 0.7);
      inv.add(datum(endpoint, "Invocations", t, rate * 60));
      // dynamic batching keeps latency flat at this load: ~20 ms whatever the minute's rate
      lat.add(datum(endpoint, "ModelLatency", t, 20_000 + 300 * Math.sin(i * 1.3)));
      gpu.add(datum(endpoint, "GPUUtilization", t, 4 * (3 + rate / 10 * 0.1)));
      mem.add(datum(endpoint, "GPUMemoryUtilization", t, 4 * 38));
    }
    put(aws, EndpointMetrics.NS_INVOCATIONS, inv);
    put(aws, EndpointMetrics.NS_INVOCATIONS, lat);
    put(aws, EndpointMetrics.NS_INSTANCE, gpu);
    put(aws, EndpointMetrics.NS_INSTANCE, mem);
  }

  static MetricDatum datum(String endpoint, String name, Instant at, double value) {
    return MetricDatum.builder().metricName(name).timestamp(at).value(value)
        .dimensions(Dimension.builder().name("EndpointName").value(endpoint).build(),
            Dimension.builder().name("VariantName").value("AllTraffic").build()).build();
  }

  static void put(AwsClients aws, String ns, List<MetricDatum> data) {
    for (int i = 0; i < data.size(); i += 500) {
      List<MetricDatum> batch = data.subList(i, Math.min(data.size(), i + 500));
      aws.cloudWatch(REGION).putMetricData(r -> r.namespace(ns).metricData(batch));
    }
  }
}
