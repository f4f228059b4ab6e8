package dev.tap.optimizer.family.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.RollbackScript;
import dev.tap.optimizer.model.Action;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The endpoint's rollback procedure undoes everything the forward action did, autoscaling included. */
class EndpointRollbackTest {
  private static final String TARGET = "--service-namespace sagemaker --resource-id endpoint/fraud/variant/AllTraffic"
      + " --scalable-dimension sagemaker:variant:DesiredInstanceCount";
  private static final Map<String, String> AUTOSCALED = Map.of("autoscaling", "target-tracking", "minInstances", "11", "maxInstances", "50",
      MlActions.TARGET_PER_MINUTE, "9875", "instanceType", "ml.g4dn.xlarge", "variant", "AllTraffic");

  private static List<String> commands(Map<String, String> before, Map<String, String> after, Map<String, String> recorded) {
    Action a = new Action("p1-a01", SageMakerFamily.SAGEMAKER_ENDPOINT, "fraud", "us-west-2", before, after, 100, 50, Action.Risk.MEDIUM, 0.8,
        List.of(), null, "resize");
    // As RollbackProcedure hands it over: the journal's re-read before-state overlaid with the plan's before-values.
    Map<String, String> restored = new java.util.TreeMap<>(recorded);
    restored.putAll(before);
    RollbackScript s = new RollbackScript(a, Map.of(), restored, Map.of());
    new SageMakerFamily().rollback(s);
    return s.commands();
  }

  @Test
  void autoscalingAddedByTheChangeIsRemovedBeforeTheConfigIsRestored() {
    Map<String, String> before = Map.of("autoscaling", "none", "instanceCount", "10", "variant", "AllTraffic");
    List<String> cli = commands(before, AUTOSCALED, Map.of("endpointConfig", "fraud-config-v1"));
    assertThat(cli).containsExactly(
        "aws application-autoscaling deregister-scalable-target " + TARGET + " --region us-west-2",
        "aws sagemaker update-endpoint --endpoint-name fraud --endpoint-config-name fraud-config-v1 --region us-west-2");
  }

  @Test
  void autoscalingTheVariantHadBeforeIsPutBack() {
    Map<String, String> before = Map.of("autoscaling", "target-tracking", "minInstances", "2", "maxInstances", "8", MlActions.TARGET_PER_MINUTE, "600",
        "scaleInCooldownSeconds", "900", "scaleOutCooldownSeconds", "60", "variant", "AllTraffic");
    List<String> cli = commands(before, AUTOSCALED, Map.of("endpointConfig", "fraud-config-v1"));
    assertThat(cli).hasSize(4);
    assertThat(cli.get(2)).isEqualTo("aws application-autoscaling register-scalable-target " + TARGET + " --min-capacity 2 --max-capacity 8 --region us-west-2");
    assertThat(cli.get(3)).contains("put-scaling-policy").contains("--policy-name tap-invocations-per-instance").contains("\"TargetValue\": 600")
        .contains("\"ScaleInCooldown\": 900, \"ScaleOutCooldown\": 60");
  }

  @Test
  void noAutoscalingEitherSideIsOneUpdate() {
    Map<String, String> plain = Map.of("autoscaling", "none", "variant", "AllTraffic");
    assertThat(commands(plain, plain, Map.of("endpointConfig", "c1"))).containsExactly(
        "aws sagemaker update-endpoint --endpoint-name fraud --endpoint-config-name c1 --region us-west-2");
  }
}
