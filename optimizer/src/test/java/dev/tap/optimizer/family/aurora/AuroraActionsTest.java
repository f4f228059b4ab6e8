package dev.tap.optimizer.family.aurora;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.model.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuroraActionsTest {
  final List<String> calls = new ArrayList<>();
  final AuroraApi api = new AuroraApi() {
    @Override public Resource describeCluster(String id, String r) { throw new UnsupportedOperationException(); }
    @Override public void modifyWriterClass(String id, String r, String c, boolean now) { calls.add("writer " + c + (now ? " now" : " window")); }
    @Override public void modifyReaderClass(String id, String r, String c, boolean now) { calls.add("readers " + c + (now ? " now" : " window")); }
    @Override public void addReader(String id, String r, String c) { calls.add("add " + c); }
    @Override public void removeReader(String id, String r) { calls.add("remove"); }
    @Override public void setBackupRetention(String id, String r, int d) { calls.add("backup " + d); }
    @Override public void removeSecondaryRegion(String id, String r, String s) { calls.add("detach " + s); }
    @Override public void addSecondaryRegion(String id, String r, String s, Map<String, String> recorded) {
      calls.add("attach " + s + " as " + recorded.get("secondary." + s + ".cluster"));
    }
  };
  final AuroraActions actions = new AuroraActions(api);
  final Resource cluster = new Resource("c", AuroraFamily.AURORA, "us-east-1", null, Map.of("instanceClass", "db.r6g.4xlarge",
      "readerClass", "db.r6g.4xlarge", "readers", "2", "backupRetentionDays", "30", "secondaryRegions", "eu-west-1,ap-southeast-1"), Map.of());

  @Test
  void classChangesWaitForTheMaintenanceWindowByDefault_butRollbackIsImmediate() {
    String note = actions.converge(AuroraFamily.DB_INSTANCE_CLASS, cluster, Map.of("instanceClass", "db.r6g.xlarge"),
        new ActionContext(Instant.EPOCH, false, null, false));
    assertThat(note).contains("maintenance window");
    actions.converge(AuroraFamily.DB_INSTANCE_CLASS, cluster, Map.of("instanceClass", "db.r6g.xlarge", "readerClass", "db.r6g.4xlarge"),
        new ActionContext(Instant.EPOCH, false, null, true));
    actions.converge(AuroraFamily.DB_INSTANCE_CLASS, cluster, Map.of("readerClass", "db.r6g.2xlarge"),
        new ActionContext(Instant.EPOCH, true, null, false));
    assertThat(calls).containsExactly("writer db.r6g.xlarge window", "writer db.r6g.xlarge now", "readers db.r6g.2xlarge now");
  }

  @Test
  void readersAreRemovedAndReAddedWithTheirClass_secondaryRegionsDetachedAndReCreated() {
    ActionContext ctx = new ActionContext(Instant.EPOCH, false, null, false);
    actions.converge(AuroraFamily.DB_REMOVE_READER, cluster, Map.of("readers", "1"), ctx);
    actions.converge(AuroraFamily.DB_REMOVE_READER, cluster.withConfig(Map.of("instanceClass", "db.r6g.4xlarge", "readerClass", "db.r6g.4xlarge", "readers", "1")),
        Map.of("readers", "2"), ctx);
    actions.converge(AuroraFamily.DB_REMOVE_SECONDARY_REGION, cluster, Map.of("secondaryRegions", "eu-west-1"), ctx);
    // The rollback's target is the recorded before-state, which describes the removed secondary cluster.
    String note = actions.converge(AuroraFamily.DB_REMOVE_SECONDARY_REGION, cluster.withConfig(Map.of("secondaryRegions", "eu-west-1")),
        Map.of("secondaryRegions", "eu-west-1,ap-southeast-1", "secondary.ap-southeast-1.cluster", "c-apse1"), ctx);
    actions.converge(AuroraFamily.DB_BACKUP_RETENTION, cluster, Map.of("backupRetentionDays", "14"), ctx);
    assertThat(calls).containsExactly("remove", "add db.r6g.4xlarge", "detach ap-southeast-1", "attach ap-southeast-1 as c-apse1", "backup 14");
    assertThat(note).contains("expect hours");
  }

  @Test
  void theLastReaderIsNeverRemoved() {
    assertThat(actions.refusal(AuroraFamily.DB_REMOVE_READER, cluster, Map.of("readers", "0"), new ActionContext(Instant.EPOCH, false, null, false)))
        .isPresent();
  }
}
