package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.sagemaker.Endpoint;
import dev.tap.optimizer.family.sagemaker.ModelVariant;
import dev.tap.optimizer.family.sagemaker.ProductionVariant;
import dev.tap.optimizer.family.sagemaker.SageMakerApi;
import dev.tap.optimizer.family.sagemaker.TrainingJob;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingInstanceType;

/** AwsSageMaker against endpoints, endpoint configs, variant weights and training jobs created in moto. */
@ExtendWith(MotoServer.Extension.class)
class AwsSageMakerMotoTest {
  static final String REGION = "us-west-2";
  static final String ROLE = "arn:aws:iam::" + MotoServer.ACCOUNT + ":role/sagemaker";

  MotoServer moto;
  AwsClients aws;
  SageMakerClient sm;

  @BeforeEach
  void setUp(MotoServer moto) {
    this.moto = moto;
    aws = moto.clients(REGION);
    sm = aws.sageMaker(REGION);
    for (String model : List.of("fraud-scoring-v7", "fraud-scoring-v7-int8")) {
      sm.createModel(b -> b.modelName(model).executionRoleArn(ROLE)
          .primaryContainer(c -> c.image("123456789012.dkr.ecr.us-west-2.amazonaws.com/fraud:7").modelDataUrl("s3://m/" + model + ".tar.gz")));
    }
    sm.createEndpointConfig(b -> b.endpointConfigName("fraud-config-v1").productionVariants(
        v -> v.variantName("AllTraffic").modelName("fraud-scoring-v7").instanceType("ml.g4dn.12xlarge").initialInstanceCount(10).initialVariantWeight(1f),
        v -> v.variantName("Int8").modelName("fraud-scoring-v7-int8").instanceType("ml.g4dn.xlarge").initialInstanceCount(2).initialVariantWeight(0f)));
    sm.createEndpoint(b -> b.endpointName("fraud-scoring").endpointConfigName("fraud-config-v1"));
  }

  @Test
  void endpointVariantsComeFromTheConfigWithLiveWeights() {
    AwsSageMaker api = new AwsSageMaker(aws);
    assertThat(api.listEndpoints(REGION)).containsExactly("fraud-scoring");
    Endpoint ep = api.describeEndpoint(REGION, "fraud-scoring");
    assertThat(ep.configName()).isEqualTo("fraud-config-v1");
    assertThat(ep.variants()).extracting(ProductionVariant::variantName, ProductionVariant::instanceType, ProductionVariant::instanceCount, ProductionVariant::model)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("AllTraffic", "ml.g4dn.12xlarge", 10, ModelVariant.FP32),
            org.assertj.core.groups.Tuple.tuple("Int8", "ml.g4dn.xlarge", 2, ModelVariant.INT8));
    assertThat(ep.primary().variantName()).isEqualTo("AllTraffic");

    api.updateWeight(REGION, "fraud-scoring", "Int8", 0.1, 3);
    Endpoint after = api.describeEndpoint(REGION, "fraud-scoring");
    ProductionVariant int8 = after.variants().stream().filter(v -> v.variantName().equals("Int8")).findFirst().orElseThrow();
    assertThat(int8.weight()).isEqualTo(0.1, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(int8.instanceCount()).isEqualTo(3);
  }

  @Test
  void trainingJobsReportInstanceTypeCountAndSpotUse() {
    sm.createTrainingJob(b -> b.trainingJobName("fraud-train-01").roleArn(ROLE)
        .algorithmSpecification(a -> a.trainingImage("123456789012.dkr.ecr.us-west-2.amazonaws.com/train:1").trainingInputMode(TrainingInputMode.FILE))
        .outputDataConfig(o -> o.s3OutputPath("s3://out/"))
        .resourceConfig(r -> r.instanceType(TrainingInstanceType.ML_P3_2_XLARGE).instanceCount(4).volumeSizeInGB(50))
        .stoppingCondition(s -> s.maxRuntimeInSeconds(8 * 3600)));
    List<TrainingJob> jobs = new AwsSageMaker(aws).trainingJobs(REGION, Instant.parse("2020-01-01T00:00:00Z"));
    // moto reports its jobs as Completed
    assertThat(jobs).singleElement().satisfies(j -> {
      assertThat(j.name()).isEqualTo("fraud-train-01");
      assertThat(j.instanceType()).isEqualTo("ml.p3.2xlarge");
      assertThat(j.instanceCount()).isEqualTo(4);
      assertThat(j.managedSpot()).isFalse();
      assertThat(j.maxRuntimeSeconds()).isEqualTo(8 * 3600);
    });
  }

  @Test
  void theActionsReadsAndConfigCreationWorkAgainstMoto() {
    AwsSageMaker api = new AwsSageMaker(aws);
    SageMakerApi.EndpointState state = api.endpointState(REGION, "fraud-scoring");
    assertThat(state.inService()).isTrue();
    assertThat(state.configName()).isEqualTo("fraud-config-v1");
    assertThat(api.endpointConfigVariants(REGION, "fraud-config-v1")).extracting(SageMakerApi.VariantSpec::variantName, SageMakerApi.VariantSpec::instanceCount)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("AllTraffic", 10), org.assertj.core.groups.Tuple.tuple("Int8", 2));

    api.createEndpointConfig(REGION, "fraud-config-v2", "fraud-config-v1",
        List.of(new SageMakerApi.VariantSpec("AllTraffic", "fraud-scoring-v7", "ml.g4dn.xlarge", 4, 1.0)), List.of());
    assertThat(api.endpointConfigVariants(REGION, "fraud-config-v2")).singleElement().satisfies(v -> {
      assertThat(v.instanceType()).isEqualTo("ml.g4dn.xlarge");
      assertThat(v.instanceCount()).isEqualTo(4);
      assertThat(v.modelName()).isEqualTo("fraud-scoring-v7");
    });
  }

  @Test
  void theLatestCompletedTrainingJobOfAFamily() {
    for (String name : List.of("fraud-train-01", "fraud-train-02", "churn-train-01")) {
      sm.createTrainingJob(b -> b.trainingJobName(name).roleArn(ROLE)
          .algorithmSpecification(a -> a.trainingImage("123456789012.dkr.ecr.us-west-2.amazonaws.com/train:1").trainingInputMode(TrainingInputMode.FILE))
          .outputDataConfig(o -> o.s3OutputPath("s3://out/"))
          .resourceConfig(r -> r.instanceType(TrainingInstanceType.ML_P3_2_XLARGE).instanceCount(name.startsWith("fraud") ? 4 : 1).volumeSizeInGB(50))
          .stoppingCondition(s -> s.maxRuntimeInSeconds(8 * 3600)));
    }
    AwsSageMaker api = new AwsSageMaker(aws);
    assertThat(api.latestTrainingJob(REGION, "fraud-train")).hasValueSatisfying(j -> {
      assertThat(j.name()).startsWith("fraud-train-");
      assertThat(j.instanceCount()).isEqualTo(4);
    });
    assertThat(api.latestTrainingJob(REGION, "nothing-like-this")).isEmpty();
  }
}
