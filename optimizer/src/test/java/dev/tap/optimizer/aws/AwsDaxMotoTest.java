package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.model.Resource;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DAX node count and its inverse against moto (Decrease/IncreaseReplicationFactor, then wait until available). */
@ExtendWith(MotoServer.Extension.class)
class AwsDaxMotoTest {
  static final String REGION = "us-east-1";

  @Test
  void nodesDownAndBackUp(MotoServer moto) {
    try (AwsClients aws = moto.clients(REGION)) {
      new MotoFleet(moto, aws).dax(REGION, "tap-dev-dax", "dax.r4.8xlarge", 6, Map.of("Platform", "TAP"));
      // the polling sleeps on a test clock, so waiting for "available" costs no time
      AwsXml.SleepClock clock = new AwsXml.SleepClock(Instant.EPOCH);
      FamilyActions dax = AwsActionAdapters.registry(aws, clock.polling()).forKind(DaxFamily.DAX_NODES);
      FamilyActions quick = dax;
      Resource before = dax.read("tap-dev-dax", REGION);
      assertThat(before.config()).containsEntry("nodes", "6").containsEntry("nodeType", "dax.r4.8xlarge");
      quick.converge(DaxFamily.DAX_NODES, before, Map.of("nodes", "3"), new ActionContext(Instant.EPOCH, true, null, false));
      Resource after = dax.read("tap-dev-dax", REGION);
      assertThat(after.config()).containsEntry("nodes", "3");
      quick.converge(DaxFamily.DAX_NODES, after, Map.of("nodes", "6"), new ActionContext(Instant.EPOCH, true, null, true));
      assertThat(dax.read("tap-dev-dax", REGION).config()).containsEntry("nodes", "6");
      assertThat(clock.sleeps).hasSizeLessThan(5); // moto reports a new cluster "creating" once, then available
    }
  }
}
