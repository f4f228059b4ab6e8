package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.ebs.EbsActions;
import dev.tap.optimizer.family.ebs.EbsFamily;
import dev.tap.optimizer.model.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ModifyVolume against moto: apply, the six-hour cooldown, then roll back to the before-state field by field. */
@ExtendWith(MotoServer.Extension.class)
class AwsEbsApiMotoTest {
  static final String REGION = "us-east-1";

  static Map<String, String> withoutModificationTime(Resource r) {
    Map<String, String> c = new LinkedHashMap<>(r.config());
    c.remove(EbsFamily.MODIFIED_AT);
    return c;
  }

  @Test
  void modifyThenRollBackAfterTheCooldown(MotoServer moto) {
    try (AwsClients aws = moto.clients(REGION)) {
      String id = aws.ec2(REGION).createVolume(r -> r.availabilityZone(REGION + "a").size(400).volumeType("io1").iops(12000)
          .tagSpecifications(AwsDiscoveryMotoTest.spec(software.amazon.awssdk.services.ec2.model.ResourceType.VOLUME, Map.of("Team", "core")))).volumeId();
      AwsPolling noWait = new AwsPolling(Clock.systemUTC(), d -> { }, Duration.ZERO);
      EbsActions actions = new EbsActions(new AwsEbsApi(aws, noWait));

      Resource before = actions.read(id, REGION);
      assertThat(before.config()).containsEntry(EbsFamily.VOLUME_TYPE, "io1").containsEntry(EbsFamily.IOPS, "12000").containsEntry(EbsFamily.SIZE_GIB, "400")
          .doesNotContainKey(EbsFamily.MODIFIED_AT);
      assertThat(before.tags()).containsEntry("Team", "core");

      Instant now = Instant.now();
      String note = actions.converge(EbsFamily.EBS_MODIFY_VOLUME, before, Map.of(EbsFamily.VOLUME_TYPE, "gp3", EbsFamily.IOPS, "4000", EbsFamily.THROUGHPUT, "250"),
          new ActionContext(now, true, null, false));
      assertThat(note).contains("cannot be modified again before");
      Resource after = actions.read(id, REGION);
      assertThat(after.config()).containsEntry(EbsFamily.VOLUME_TYPE, "gp3").containsEntry(EbsFamily.IOPS, "4000").containsEntry(EbsFamily.THROUGHPUT, "250")
          .containsKey(EbsFamily.MODIFIED_AT);

      // the inverse inside the six hours: refused before any call, saying from when it can run; the executor's target is the whole before-state
      Map<String, String> restore = before.config();
      assertThatThrownBy(() -> actions.converge(EbsFamily.EBS_MODIFY_VOLUME, after, restore, new ActionContext(Instant.now(), true, null, true)))
          .isInstanceOf(ActionFailedException.class).hasMessageContaining("six hours").hasMessageContaining("tap rollback");
      assertThat(actions.refusal(EbsFamily.EBS_MODIFY_VOLUME, after, restore, new ActionContext(Instant.now(), true, null, false))).isPresent();
      assertThat(actions.read(id, REGION).config()).containsEntry(EbsFamily.VOLUME_TYPE, "gp3");

      // six hours later the rollback runs, and the volume is as it was
      Instant later = Instant.parse(after.config().get(EbsFamily.MODIFIED_AT)).plus(EbsFamily.MODIFICATION_COOLDOWN).plusSeconds(1);
      assertThat(actions.refusal(EbsFamily.EBS_MODIFY_VOLUME, after, restore, new ActionContext(later, true, null, true))).isEmpty();
      actions.converge(EbsFamily.EBS_MODIFY_VOLUME, after, restore, new ActionContext(later, true, null, true));
      Resource back = actions.read(id, REGION);
      // moto keeps the gp3 throughput on a volume moved back to io1 (AWS reports none for io1): every other field must match
      Map<String, String> expected = withoutModificationTime(before);
      assertThat(expected).doesNotContainKey(EbsFamily.THROUGHPUT);
      Map<String, String> actual = withoutModificationTime(back);
      actual.remove(EbsFamily.THROUGHPUT);
      assertThat(actual).isEqualTo(expected);
      assertThat(back.tags()).isEqualTo(before.tags());
    }
  }
}
