package dev.tap.blueprints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.blueprints.shared.BlueprintContext;
import dev.tap.blueprints.shared.ContextException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

/** An invalid context value fails synthesis with a message naming the key and the accepted values. */
class ContextValidationTest {

  private static void define(Map<String, Object> context) {
    BlueprintRegistry.standard().define(App.Builder.create().context(context).build());
  }

  @Test
  void unknownBlueprint_namesKeyAndKnownBlueprints() {
    assertThatThrownBy(() -> define(Map.of("blueprints", "trading,forex")))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("'blueprints'").hasMessageContaining("unknown blueprint 'forex'")
        .hasMessageContaining("Accepted values: all, or a comma-separated list of " + String.join(", ", BlueprintRegistry.standard().names()));
  }

  @Test
  void nonNumericCapacity_namesKeyAndRange() {
    assertThatThrownBy(() -> define(Map.of("blueprints", "trading", "trading.asg.desired", "twenty")))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("'trading.asg.desired' = 'twenty'").hasMessageContaining("not a whole number")
        .hasMessageContaining("Accepted values: a whole number from 0 to 1000 (default 20)");
  }

  @Test
  void minAboveDesiredAboveMax_namesTheThreeKeys() {
    assertThatThrownBy(() -> define(Map.of("blueprints", "trading", "trading.asg.min", "30", "trading.asg.desired", "20", "trading.asg.max", "15")))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("'trading.asg.min/.desired/.max' = '30/20/15'").hasMessageContaining("min <= desired <= max")
        .hasMessageContaining("defaults 15/20/30");
  }

  @Test
  void fewerThanTwoAzs_namesKeyAndExample() {
    assertThatThrownBy(() -> define(Map.of("blueprints", "trading", "trading.azs", "us-east-1a")))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("'trading.azs'").hasMessageContaining("fewer than 2 availability zones")
        .hasMessageContaining("Accepted values: 2 or more distinct zones of us-east-1");
  }

  @Test
  void zoneOfAnotherRegion_isRejected() {
    assertThatThrownBy(() -> define(Map.of("blueprints", "trading", "trading.azs", "us-east-1a,eu-west-1b")))
        .isInstanceOf(ContextException.class).hasMessageContaining("'eu-west-1b' is not an availability zone of us-east-1");
  }

  @Test
  void badSuffix_andBadInstanceClass_andBadPeerIp() {
    assertThatThrownBy(() -> define(Map.of("environmentSuffix", "Prod_1")))
        .isInstanceOf(ContextException.class).hasMessageContaining("'environmentSuffix' = 'Prod_1'").hasMessageContaining("1-12 characters");
    assertThatThrownBy(() -> define(Map.of("blueprints", "trading", "trading.aurora.instanceClass", "r6g.8xlarge")))
        .isInstanceOf(ContextException.class).hasMessageContaining("'trading.aurora.instanceClass'").hasMessageContaining("db.r6g.8xlarge");
    assertThatThrownBy(() -> define(Map.of("blueprints", "trading", "trading.vpn.peerIp", "300.1.1.1")))
        .isInstanceOf(ContextException.class).hasMessageContaining("'trading.vpn.peerIp'").hasMessageContaining("IPv4 address");
  }

  @Test
  void validValues_areReadTyped() {
    App app = App.Builder.create().context(Map.of("environmentSuffix", "prod", "trading.azs", List.of("us-east-1b", "us-east-1d"),
        "trading.asg.min", 2, "account", "123456789012")).build();
    BlueprintContext ctx = new BlueprintContext(app);
    assertThat(ctx.suffix()).isEqualTo("prod");
    assertThat(ctx.availabilityZones("trading.azs", "us-east-1", List.of())).containsExactly("us-east-1b", "us-east-1d");
    assertThat(ctx.integer("trading.asg.min", 15, 0, 1000)).isEqualTo(2);
    assertThat(ctx.account()).contains("123456789012");
    assertThat(ctx.blueprints(List.of("trading", "saas"))).containsExactly("trading", "saas");
  }

  @Test
  void badPermissionsBoundary_namesKeyAndForm() {
    assertThatThrownBy(() -> define(Map.of("blueprints", "staging", "permissionsBoundary", "arn:aws:iam::123:policy/x y")))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("'permissionsBoundary'").hasMessageContaining("customer-managed policy name");
  }
}
