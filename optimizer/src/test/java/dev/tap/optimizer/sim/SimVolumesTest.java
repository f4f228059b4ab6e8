package dev.tap.optimizer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.ebs.EbsFamily;
import dev.tap.optimizer.family.ec2.Ec2Family;
import dev.tap.optimizer.family.ebs.EbsMetrics;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.registry.Families;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The simulated accounts' EBS volumes: listed by discovery only, publishing AWS/EBS while attached. */
class SimVolumesTest {

  @Test
  void volumesAreDiscoveredButNotNamedByTheOutputs() {
    SimAccount a = SimAccount.of(SimBlueprint.TRADING);
    assertThat(a.snapshot().of(EbsFamily.EBS)).isEmpty();
    Map<String, Resource> volumes = a.discover().of(EbsFamily.EBS).stream().collect(Collectors.toMap(Resource::id, r -> r));
    assertThat(volumes).hasSize(4);
    assertThat(volumes.values().stream().map(r -> r.config().get(EbsFamily.VOLUME_TYPE)).sorted().toList()).containsExactly("gp2", "gp2", "gp2", "io1");
    assertThat(volumes.values().stream().filter(r -> !r.config().containsKey(EbsFamily.ATTACHED_TO))).hasSize(1);
    // the rest of the fleet, but for the standalone instances (also outside the outputs), is what the outputs name
    assertThat(a.discover().resources().stream().filter(r -> r.family() != EbsFamily.EBS && r.family() != Ec2Family.EC2))
        .hasSize(a.snapshot().resources().size());
    for (SimBlueprint b : SimBlueprint.values()) assertThat(SimAccount.of(b).discover().of(EbsFamily.EBS)).isNotEmpty();
  }

  @Test
  void attachedVolumesPublishOperationsAndTheUnattachedOneNothing() {
    SimAccount a = SimAccount.of(SimBlueprint.TRADING);
    Snapshot s = a.discover();
    Instant end = a.clock().instant();
    List<ResourceMetrics> all = new MetricsEngine(a.cloudWatch(), Families.catalog(), a.clock()).fetch(
        new Snapshot(s.source(), s.account(), s.blueprint(), s.takenAt(), s.of(EbsFamily.EBS), List.of()), end.minus(Duration.ofDays(90)), end, null);
    for (ResourceMetrics m : all) {
      boolean attached = m.resource().config().containsKey(EbsFamily.ATTACHED_TO);
      assertThat(m.window(EbsMetrics.READ_OPS, "Maximum").isPresent()).as(m.resource().id()).isEqualTo(attached);
      if (m.resource().config().get(EbsFamily.VOLUME_TYPE).equals("io1")) {
        double peak = (m.window(EbsMetrics.READ_OPS, "Maximum").get().value() + m.window(EbsMetrics.WRITE_OPS, "Maximum").get().value()) / 60;
        // provisioned 32,000 IOPS for a busiest minute under half of it, which gp3 (at most 16,000) can carry with headroom
        assertThat(peak).isBetween(1_000.0, 12_000.0);
        assertThat(m.window(EbsMetrics.QUEUE_LENGTH, "Average").get().value()).isGreaterThan(0);
      }
    }
  }
}
