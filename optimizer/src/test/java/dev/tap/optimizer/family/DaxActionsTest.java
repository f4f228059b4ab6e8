package dev.tap.optimizer.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.dax.DaxActions;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DaxActionsTest {
  static final ActionContext FORWARD = new ActionContext(Instant.EPOCH, false, null, false);
  static final ActionContext BACK = new ActionContext(Instant.EPOCH, false, null, true);

  final SimAccount account = SimAccount.of(SimBlueprint.TRADING);
  final DaxActions dax = new DaxActions(new dev.tap.optimizer.sim.actions.SimApis(account));

  @ParameterizedTest(name = "{0} nodes (rollback {1}): refused = {2}")
  @CsvSource({"3, false, false", "2, false, true", "2, true, false", "11, false, false", "12, false, true", "12, true, true"})
  void nodeCountLimits(int nodes, boolean rollback, boolean refused) {
    Resource r = dax.read("tap-dev-dax", "us-east-1");
    assertThat(dax.refusal(DaxFamily.DAX_NODES, r, Map.of("nodes", String.valueOf(nodes)), rollback ? BACK : FORWARD).isPresent()).isEqualTo(refused);
  }

  @Test
  void convergesAndBackOnTheSimulatedAccount() {
    Resource r = dax.read("tap-dev-dax", "us-east-1");
    assertThat(dax.converge(DaxFamily.DAX_NODES, r, Map.of("nodes", "3"), FORWARD)).isNull();
    assertThat(account.resource("tap-dev-dax").config()).containsEntry("nodes", "3");
    assertThat(dax.converge(DaxFamily.DAX_NODES, dax.read("tap-dev-dax", "us-east-1"), Map.of("nodes", "6"), BACK)).contains("cold item cache");
    assertThat(account.resource("tap-dev-dax").config()).containsEntry("nodes", "6");
  }

  @Test
  void anotherFamilysResourceFailsTheAction() {
    assertThatThrownBy(() -> dax.read("tap-dev-trading-redis", "us-east-1")).isInstanceOf(ActionFailedException.class).hasMessageContaining("not DAX");
  }
}
