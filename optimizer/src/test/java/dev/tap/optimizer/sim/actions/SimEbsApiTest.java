package dev.tap.optimizer.sim.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.ebs.EbsActions;
import dev.tap.optimizer.family.ebs.EbsFamily;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ModifyVolume on the simulated account: gp2 to gp3 and back, with AWS's six-hour cooldown between the two. */
class SimEbsApiTest {
  static final String VOLUME = "vol-0a7e1c0000000tr01";

  @Test
  void gp2ToGp3AndBackAfterSixHours() {
    SimAccount account = SimAccount.of(SimBlueprint.TRADING);
    EbsActions actions = new EbsActions(new SimEbsApi(account));
    Resource before = actions.read(VOLUME, "us-east-1");
    assertThat(before.config()).containsEntry(EbsFamily.VOLUME_TYPE, "gp2").containsEntry(EbsFamily.IOPS, "1500").doesNotContainKey(EbsFamily.THROUGHPUT);

    actions.converge(EbsFamily.EBS_MODIFY_VOLUME, before, Map.of(EbsFamily.VOLUME_TYPE, "gp3", EbsFamily.IOPS, "3000", EbsFamily.THROUGHPUT, "250"),
        new ActionContext(account.clock().instant(), true, null, false));
    Resource after = actions.read(VOLUME, "us-east-1");
    assertThat(after.config()).containsEntry(EbsFamily.VOLUME_TYPE, "gp3").containsEntry(EbsFamily.THROUGHPUT, "250").containsKey(EbsFamily.MODIFIED_AT);

    Map<String, String> restore = before.config(); // the executor's rollback target: the whole recorded before-state
    account.clock().advance(Duration.ofHours(6).minusMinutes(1));
    assertThatThrownBy(() -> actions.converge(EbsFamily.EBS_MODIFY_VOLUME, after, restore, new ActionContext(account.clock().instant(), true, null, true)))
        .isInstanceOf(ActionFailedException.class).hasMessageContaining("six hours");
    // the simulated API itself refuses too, as AWS does
    assertThatThrownBy(() -> new SimEbsApi(account).modifyVolume(VOLUME, "us-east-1", restore)).hasMessageContaining("IncorrectModificationState");

    account.clock().advance(Duration.ofMinutes(2));
    actions.converge(EbsFamily.EBS_MODIFY_VOLUME, after, restore, new ActionContext(account.clock().instant(), true, null, true));
    Resource back = actions.read(VOLUME, "us-east-1");
    assertThat(back.config()).containsEntry(EbsFamily.VOLUME_TYPE, "gp2").containsEntry(EbsFamily.IOPS, "1500").doesNotContainKey(EbsFamily.THROUGHPUT);
  }
}
