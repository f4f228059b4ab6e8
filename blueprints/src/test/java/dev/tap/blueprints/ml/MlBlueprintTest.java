package dev.tap.blueprints.ml;

import static dev.tap.blueprints.TemplateJson.list;
import static dev.tap.blueprints.TemplateJson.map;
import static dev.tap.blueprints.TemplateJson.props;
import static dev.tap.blueprints.TemplateJson.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.blueprints.BlueprintRegistry;
import dev.tap.blueprints.Synthesized;
import dev.tap.blueprints.TemplateJson;
import dev.tap.blueprints.shared.ContextException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** SPEC T9 and M1-M2 on the synthesized template of the ML platform blueprint with default context. */
class MlBlueprintTest {
  private static Stack stack;
  private static Template t;

  @BeforeAll
  static void synthesize() {
    Synthesized ml = Synthesized.of(MlBlueprint.NAME);
    assertThat(ml.stacks).hasSize(1);
    stack = ml.primaryStack();
    t = ml.primary();
  }

  @Test
  void T9_stackInUsWest2WithAKmsBucketForModelsAndCheckpoints() {
    assertThat(stack.getStackName()).isEqualTo("Tap-ml-dev");
    assertThat(stack.getRegion()).isEqualTo("us-west-2");
    String key = props(t, "AWS::KMS::Key").keySet().iterator().next();
    Map<String, Object> models = props(t, "AWS::S3::Bucket").values().stream()
        .filter(b -> String.valueOf(b.get("BucketEncryption")).contains("aws:kms")).findFirst().orElseThrow();
    assertThat(String.valueOf(models.get("BucketEncryption"))).contains(key);
    assertThat(models).containsEntry("VersioningConfiguration", Map.of("Status", "Enabled")).containsKey("LoggingConfiguration");
    assertThat(String.valueOf(models.get("LifecycleConfiguration"))).contains("Prefix=checkpoints/", "ExpirationInDays=14");
    assertThat(map(models.get("PublicAccessBlockConfiguration"))).containsEntry("BlockPublicAcls", true).containsEntry("RestrictPublicBuckets", true);
    // the bucket policy refuses plain HTTP
    assertThat(String.valueOf(props(t, "AWS::S3::BucketPolicy").values())).contains("aws:SecureTransport");
  }

  @Test
  void M1_gpuEndpointWithTargetTrackingAutoscaling() {
    Map<String, Object> model = single(t, "AWS::SageMaker::Model");
    assertThat(model).containsEntry("EnableNetworkIsolation", true);
    assertThat(String.valueOf(map(model.get("PrimaryContainer")).get("Image"))).startsWith("763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:");
    assertThat(String.valueOf(map(model.get("PrimaryContainer")).get("ModelDataUrl"))).contains("s3://", "/models/fraud-scoring/model.tar.gz");

    Map<String, Object> variant = map(list(single(t, "AWS::SageMaker::EndpointConfig").get("ProductionVariants")).get(0));
    assertThat(variant).containsEntry("VariantName", "AllTraffic").containsEntry("InstanceType", "ml.g4dn.12xlarge")
        .containsEntry("InitialInstanceCount", 10);
    // g4dn has local NVMe storage: SageMaker rejects a KmsKeyId for it (cdk-nag SM2 suppressed with that reason)
    assertThat(single(t, "AWS::SageMaker::EndpointConfig")).doesNotContainKey("KmsKeyId");
    assertThat(single(t, "AWS::SageMaker::Endpoint")).containsEntry("EndpointName", "tap-dev-ml-fraud-scoring");

    Map<String, Object> target = single(t, "AWS::ApplicationAutoScaling::ScalableTarget");
    assertThat(target).containsEntry("ServiceNamespace", "sagemaker").containsEntry("ScalableDimension", "sagemaker:variant:DesiredInstanceCount")
        .containsEntry("ResourceId", "endpoint/tap-dev-ml-fraud-scoring/variant/AllTraffic").containsEntry("MinCapacity", 10).containsEntry("MaxCapacity", 12);
    Map<String, Object> tracking = map(single(t, "AWS::ApplicationAutoScaling::ScalingPolicy").get("TargetTrackingScalingPolicyConfiguration"));
    assertThat(tracking).containsEntry("TargetValue", 45000);
    assertThat(String.valueOf(tracking.get("PredefinedMetricSpecification"))).contains("SageMakerVariantInvocationsPerInstance");
  }

  @Test
  void M1_endpointKeyOnInstancesWithoutLocalStorage() {
    assertThat(MlBlueprint.LOCAL_STORAGE.matcher("ml.g4dn.xlarge").matches()).isTrue();
    assertThat(MlBlueprint.LOCAL_STORAGE.matcher("ml.p3.2xlarge").matches()).isFalse();
    assertThat(MlBlueprint.LOCAL_STORAGE.matcher("ml.inf2.xlarge").matches()).isFalse();
    App other = App.Builder.create().context(Map.of("blueprints", "ml", "ml.endpoint.instanceType", "ml.inf2.xlarge")).build();
    Template inf2 = Template.fromStack(BlueprintRegistry.standard().define(other).get(0));
    assertThat(single(inf2, "AWS::SageMaker::EndpointConfig")).containsKey("KmsKeyId");
  }

  @Test
  void M2_managedSpotTrainingWithCheckpoints() throws Exception {
    Map<String, Object> parameter = single(t, "AWS::SSM::Parameter");
    assertThat(parameter).containsEntry("Name", "/tap/dev/ml/training-job").containsEntry("Type", "String");
    // the value is a JSON document with tokens joined in; its literal parts say what matters
    String value = String.valueOf(parameter.get("Value"));
    assertThat(value).contains("\"EnableManagedSpotTraining\":true", "\"MaxRuntimeInSeconds\":18000", "\"MaxWaitTimeInSeconds\":36000",
        "\"LocalPath\":\"/opt/ml/checkpoints\"", "/checkpoints/", "\"InstanceType\":\"ml.p3.2xlarge\"", "\"InstanceCount\":4", "VolumeKmsKeyId",
        "pytorch-training:");
    // every literal fragment of the join is valid JSON once the tokens are filled in
    String filled = String.join("", list(list(map(parameter.get("Value")).get("Fn::Join")).get(1)).stream()
        .map(part -> part instanceof String s ? s : "X").toList());
    Map<String, Object> job = map(new ObjectMapper().readValue(filled, Map.class));
    assertThat(job.keySet()).contains("AlgorithmSpecification", "RoleArn", "InputDataConfig", "OutputDataConfig", "ResourceConfig", "StoppingCondition",
        "CheckpointConfig").doesNotContain("TrainingJobName");
  }

  @Test
  void M2_trainingRoleReachesItsPrefixesOnly() {
    String policies = String.valueOf(props(t, "AWS::IAM::Policy").values());
    assertThat(policies).contains("/checkpoints/*", "/datasets/*", "/models/*", "ecr:BatchGetImage", "repository/pytorch-training",
        "repository/pytorch-inference", "log-group:/aws/sagemaker/TrainingJobs*", "log-group:/aws/sagemaker/Endpoints*");
    assertThat(policies).doesNotContain("s3:*", "\"Action\"=\"*\"");
  }

  @Test
  void alarmsOnLatencyAndErrors() {
    Map<String, Map<String, Object>> alarms = new java.util.HashMap<>();
    props(t, "AWS::CloudWatch::Alarm").values().forEach(a -> alarms.put(String.valueOf(a.get("AlarmName")), a));
    assertThat(alarms.get("tap-dev-ml-endpoint-latency-p95")).containsEntry("MetricName", "ModelLatency").containsEntry("ExtendedStatistic", "p95")
        .containsEntry("Threshold", 50000).containsEntry("TreatMissingData", "missing");
    assertThat(alarms.get("tap-dev-ml-endpoint-5xx")).containsEntry("MetricName", "Invocation5XXErrors").containsEntry("TreatMissingData", "notBreaching");
  }

  /** What {@code tap ml --outputs} reads, exported under the contract names. */
  @Test
  void outputsForTheOptimizer() {
    Map<String, Map<String, Object>> outputs = TemplateJson.outputs(t);
    assertThat(outputs.keySet()).containsExactlyInAnyOrder("StackRegion", "Blueprint", "EnvironmentSuffix", "KmsKeyArn", "KmsKeyId", "MlBucketName",
        "MlBucketArn", "MlExecutionRoleArn", "MlTrainingRoleArn", "MlTrainingConfigParameter", "MlTrainingInstanceType", "MlAlarmTopicArn",
        "MlModelName", "MlEndpointConfigName", "MlEndpointName", "MlEndpointArn", "MlVariantName", "MlEndpointInstanceType");
    t.hasOutput("MlEndpointName", Map.of("Export", Map.of("Name", "tap-dev-ml-ml-endpoint-name")));
    t.hasOutput("StackRegion", Map.of("Value", "us-west-2"));
  }

  @Test
  void withoutTheEndpoint_bucketRolesAndTrainingOnly() {
    App app = App.Builder.create().context(Map.of("blueprints", "ml", "ml.endpoint.deploy", "false")).build();
    Template first = Template.fromStack(BlueprintRegistry.standard().define(app).get(0));
    first.resourceCountIs("AWS::SageMaker::Endpoint", 0);
    first.resourceCountIs("AWS::SageMaker::Model", 0);
    assertThat(TemplateJson.outputs(first)).containsKeys("MlBucketName", "MlTrainingConfigParameter").doesNotContainKey("MlEndpointName");
  }

  @Test
  void badContext_namesKeyAndForm() {
    assertThatThrownBy(() -> BlueprintRegistry.standard().define(App.Builder.create()
        .context(Map.of("blueprints", "ml", "ml.endpoint.image", "pytorch:latest")).build()))
        .isInstanceOf(ContextException.class).hasMessageContaining("'ml.endpoint.image'").hasMessageContaining("<account>.dkr.ecr.");
    assertThatThrownBy(() -> BlueprintRegistry.standard().define(App.Builder.create()
        .context(Map.of("blueprints", "ml", "ml.endpoint.instances", "4", "ml.endpoint.maxInstances", "3")).build()))
        .isInstanceOf(ContextException.class).hasMessageContaining("'ml.endpoint.maxInstances'").hasMessageContaining("from 4 to 100");
    assertThat(MlConfig.repositoryArn("763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:2.3.0-gpu", "aws"))
        .isEqualTo("arn:aws:ecr:us-west-2:763104351884:repository/pytorch-inference");
  }
}
