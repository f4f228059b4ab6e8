package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.error.UserError;
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
}
