package dev.tap.optimizer.aws;

import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.family.ec2.Ec2Family;
import dev.tap.optimizer.model.Resource;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** Issue 13: an instance type change (stop, modify, start) and its rollback against moto; a stopped instance stays stopped. */
@ExtendWith(MotoServer.Extension.class)
class AwsEc2MotoTest {
  static final String REGION = "us-east-1";

  static String launch(Ec2Client ec2, String type) {
    // a Linux x86_64 image (moto's first is Windows)
    String image = ec2.describeImages(r -> r.owners("amazon")).images().stream()
        .filter(i -> i.platformAsString() == null && "x86_64".equals(i.architectureAsString())).findFirst().orElseThrow().imageId();
    return ec2.runInstances(r -> r.imageId(image).instanceType(type).minCount(1).maxCount(1)
        .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(x -> x.key("Name").value("tap-dev-reporting"),
            x -> x.key(Ec2Family.MAINTENANCE_WINDOW_TAG).value("sun:03:00-sun:05:00")))).instances().get(0).instanceId();
  }

  @Test
  void typeDownAndBackWithTheInstanceRunning(MotoServer moto) {
    try (AwsClients aws = moto.clients(REGION)) {
      String id = launch(aws.ec2(REGION), "m5.2xlarge");
      AwsXml.SleepClock clock = new AwsXml.SleepClock(Instant.EPOCH);
      FamilyActions ec2 = AwsActionAdapters.registry(aws, clock.polling()).forKind(Ec2Family.EC2_INSTANCE_TYPE);
      Resource before = ec2.read(id, REGION);
      assertThat(before.config()).containsEntry(INSTANCE_TYPE, "m5.2xlarge").containsEntry("architecture", "x86_64").containsEntry("platform", "linux");
      assertThat(before.tags()).containsEntry(Ec2Family.MAINTENANCE_WINDOW_TAG, "sun:03:00-sun:05:00");

      // inside the window (2026-12-06 is a Sunday) the change is allowed; outside it, refused without --allow-restart
      ActionContext inWindow = new ActionContext(Instant.parse("2026-12-06T03:30:00Z"), false, null, false);
      ActionContext outside = new ActionContext(Instant.parse("2026-12-07T12:00:00Z"), false, null, false);
      assertThat(ec2.refusal(Ec2Family.EC2_INSTANCE_TYPE, before, Map.of(INSTANCE_TYPE, "r6a.xlarge"), inWindow)).isEmpty();
      assertThat(ec2.refusal(Ec2Family.EC2_INSTANCE_TYPE, before, Map.of(INSTANCE_TYPE, "r6a.xlarge"), outside)).get().asString()
          .contains("--allow-restart");

      ec2.converge(Ec2Family.EC2_INSTANCE_TYPE, before, Map.of(INSTANCE_TYPE, "r6a.xlarge"), inWindow);
      assertThat(ec2.read(id, REGION).config()).containsEntry(INSTANCE_TYPE, "r6a.xlarge");
      assertThat(state(aws, id)).isEqualTo(InstanceStateName.RUNNING);

      // the rollback restores the old type at once, whatever the window
      ec2.converge(Ec2Family.EC2_INSTANCE_TYPE, ec2.read(id, REGION), Map.of(INSTANCE_TYPE, "m5.2xlarge"),
          new ActionContext(Instant.parse("2026-12-07T12:00:00Z"), false, null, true));
      assertThat(ec2.read(id, REGION).config()).isEqualTo(before.config());
      assertThat(state(aws, id)).isEqualTo(InstanceStateName.RUNNING);
    }
  }

  @Test
  void aStoppedInstanceOnlyChangesItsType(MotoServer moto) {
    try (AwsClients aws = moto.clients(REGION)) {
      String id = launch(aws.ec2(REGION), "m5.xlarge");
      aws.ec2(REGION).stopInstances(r -> r.instanceIds(id));
      AwsXml.SleepClock clock = new AwsXml.SleepClock(Instant.EPOCH);
      new AwsEc2Api(aws, clock.polling()).changeInstanceType(id, REGION, "m7a.medium");
      assertThat(state(aws, id)).isEqualTo(InstanceStateName.STOPPED);
      assertThat(new AwsEc2Api(aws, clock.polling()).describeInstance(id, REGION).config()).containsEntry(INSTANCE_TYPE, "m7a.medium");
    }
  }

  static InstanceStateName state(AwsClients aws, String id) {
    return aws.ec2(REGION).describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).state().name();
  }
}
