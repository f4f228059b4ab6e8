package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.family.sagemaker.SageMakerApi;
import dev.tap.optimizer.family.sagemaker.SageMakerApi.TrafficShift;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UpdateEndpoint with a blue/green deployment config: moto does not serve it, so a served response stands in. */
class AwsSageMakerServedTest {
  final ServedAws served = new ServedAws();

  @AfterEach
  void stop() {
    served.close();
  }

  @Test
  void blueGreenCanaryWithAlarmRollbackIsSentAsSageMakerExpectsIt() throws Exception {
    served.answerJson(200, "{\"EndpointArn\": \"arn:aws:sagemaker:us-west-2:111122223333:endpoint/fraud-scoring\"}");
    try (AwsClients aws = served.clients("us-west-2", 1)) {
      new AwsSageMaker(aws).updateEndpointBlueGreen("us-west-2", "fraud-scoring", "fraud-config-v2",
          new TrafficShift("CANARY", 10, 1800, 600, 14_400), List.of("fraud-scoring-p95", "fraud-scoring-5xx"));
    }
    ServedAws.Request r = served.requests().get(0);
    assertThat(r.headers().get("x-amz-target")).isEqualTo("SageMaker.UpdateEndpoint");
    JsonNode body = new ObjectMapper().readTree(r.body());
    assertThat(body.get("EndpointName").asText()).isEqualTo("fraud-scoring");
    assertThat(body.get("EndpointConfigName").asText()).isEqualTo("fraud-config-v2");
    JsonNode policy = body.at("/DeploymentConfig/BlueGreenUpdatePolicy");
    assertThat(policy.at("/TrafficRoutingConfiguration/Type").asText()).isEqualTo("CANARY");
    assertThat(policy.at("/TrafficRoutingConfiguration/CanarySize/Type").asText()).isEqualTo("CAPACITY_PERCENT");
    assertThat(policy.at("/TrafficRoutingConfiguration/CanarySize/Value").asInt()).isEqualTo(10);
    assertThat(policy.at("/TrafficRoutingConfiguration/WaitIntervalInSeconds").asInt()).isEqualTo(1800);
    assertThat(policy.at("/TerminationWaitInSeconds").asInt()).isEqualTo(600);
    assertThat(body.at("/DeploymentConfig/AutoRollbackConfiguration/Alarms/1/AlarmName").asText()).isEqualTo("fraud-scoring-5xx");
  }

  @Test
  void linearStepsUseLinearStepSize() throws Exception {
    served.answerJson(200, "{\"EndpointArn\": \"arn:aws:sagemaker:us-west-2:111122223333:endpoint/fraud-scoring\"}");
    try (AwsClients aws = served.clients("us-west-2", 1)) {
      new AwsSageMaker(aws).updateEndpointBlueGreen("us-west-2", "fraud-scoring", "fraud-config-v2",
          new TrafficShift("LINEAR", 25, 900, 600, 14_400), List.of("fraud-scoring-p95"));
    }
    JsonNode body = new ObjectMapper().readTree(served.requests().get(0).body());
    assertThat(body.at("/DeploymentConfig/BlueGreenUpdatePolicy/TrafficRoutingConfiguration/LinearStepSize/Value").asInt()).isEqualTo(25);
    assertThat(body.at("/DeploymentConfig/BlueGreenUpdatePolicy/TrafficRoutingConfiguration/CanarySize").isMissingNode()).isTrue();
  }

  @Test
  void aValidationErrorBecomesAUserErrorNamingTheCall() {
    served.answerJson(400, "{\"__type\": \"ValidationException\", \"message\": \"Could not find endpoint config fraud-config-v2.\"}");
    try (AwsClients aws = served.clients("us-west-2", 1)) {
      assertThatThrownBy(() -> new AwsSageMaker(aws).updateEndpointBlueGreen("us-west-2", "fraud-scoring", "fraud-config-v2",
          new TrafficShift("CANARY", 10, 1800, 600, 14_400), List.of()))
          .isInstanceOf(UserError.class).hasMessageContaining("sagemaker:UpdateEndpoint").hasMessageContaining("fraud-config-v2");
    }
  }

  @Test
  void aShadowConfigCopiesEncryptionAndCaptureAndAddsTheShadowVariant() throws Exception {
    served.answerJson(200, """
        {"EndpointConfigName": "fraud-config-v1", "EndpointConfigArn": "arn:aws:sagemaker:us-west-2:111122223333:endpoint-config/fraud-config-v1",
         "CreationTime": 1764547200, "KmsKeyId": "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
         "DataCaptureConfig": {"EnableCapture": true, "InitialSamplingPercentage": 5, "DestinationS3Uri": "s3://capture/fraud",
           "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]},
         "ProductionVariants": [{"VariantName": "AllTraffic", "ModelName": "fraud-scoring-v7", "InstanceType": "ml.g4dn.12xlarge",
           "InitialInstanceCount": 10, "InitialVariantWeight": 1.0}]}""");
    served.answerJson(200, "{\"EndpointConfigArn\": \"arn:aws:sagemaker:us-west-2:111122223333:endpoint-config/fraud-scoring-tap-shadow-1\"}");
    served.answerJson(200, "{\"EndpointArn\": \"arn:aws:sagemaker:us-west-2:111122223333:endpoint/fraud-scoring\"}");
    try (AwsClients aws = served.clients("us-west-2", 1)) {
      AwsSageMaker api = new AwsSageMaker(aws);
      api.createEndpointConfig("us-west-2", "fraud-scoring-tap-shadow-1", "fraud-config-v1",
          List.of(new SageMakerApi.VariantSpec("AllTraffic", "fraud-scoring-v7", "ml.g4dn.12xlarge", 10, 1.0)),
          List.of(new SageMakerApi.VariantSpec("tap-shadow", "fraud-scoring-v7", "ml.g4dn.xlarge", 4, 1.0)));
      api.updateEndpoint("us-west-2", "fraud-scoring", "fraud-scoring-tap-shadow-1");
    }
    ServedAws.Request create = served.requests().get(1);
    assertThat(create.headers().get("x-amz-target")).isEqualTo("SageMaker.CreateEndpointConfig");
    JsonNode body = new ObjectMapper().readTree(create.body());
    assertThat(body.at("/ShadowProductionVariants/0/VariantName").asText()).isEqualTo("tap-shadow");
    assertThat(body.at("/ShadowProductionVariants/0/InstanceType").asText()).isEqualTo("ml.g4dn.xlarge");
    assertThat(body.at("/ShadowProductionVariants/0/ModelName").asText()).isEqualTo("fraud-scoring-v7");
    assertThat(body.at("/ProductionVariants/0/InitialInstanceCount").asInt()).isEqualTo(10);
    assertThat(body.at("/KmsKeyId").asText()).endsWith("key/1234abcd-12ab-34cd-56ef-1234567890ab");
    assertThat(body.at("/DataCaptureConfig/DestinationS3Uri").asText()).isEqualTo("s3://capture/fraud");
    JsonNode update = new ObjectMapper().readTree(served.requests().get(2).body());
    assertThat(update.get("EndpointConfigName").asText()).isEqualTo("fraud-scoring-tap-shadow-1");
    // a plain update: no deployment policy, so SageMaker swaps the fleet as one step (the shadow and rollback path)
    assertThat(update.has("DeploymentConfig")).isFalse();
  }
}
