package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.family.ebs.EbsFamily;
import dev.tap.optimizer.family.ec2.Ec2Family;
import dev.tap.optimizer.inventory.Discovery;
import dev.tap.optimizer.inventory.DiscoveryFilter;
import dev.tap.optimizer.inventory.OutputsFile;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.registry.Families;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;

/** --discover against moto: every resource the test creates, in two regions, is found; filters and exclusions on both sides. */
@ExtendWith(MotoServer.Extension.class)
class AwsDiscoveryMotoTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T09:00:00Z"), ZoneOffset.UTC);
  static final String EAST = "us-east-1";
  static final String WEST = "eu-west-1";
  static final Map<String, String> TAP = Map.of("Platform", "TAP");

  @TempDir Path dir;
  AwsClients aws;
  MotoFleet fleet;
  final List<String> progress = new ArrayList<>();
  /** What the test created: family/region/id. */
  final Set<String> created = new TreeSet<>();
  String instanceEast;
  String volumeEast;
  String volumeWest;

  @BeforeEach
  void account(MotoServer moto) {
    aws = new AwsClients(new AwsOptions(null, null, moto.endpoint().toString()), MotoServer.credentials(), 2,
        software.amazon.awssdk.retries.api.BackoffStrategy.retryImmediately());
    fleet = new MotoFleet(moto, aws);
    fleet.aurora(EAST, "core-aurora", "aurora-postgresql", "15.4", "db.r6g.large", "db.r6g.large", 1, 7, null, tags("Team", "core"));
    created.add("AURORA/" + EAST + "/core-aurora");
    fleet.asg(EAST, "web-asg", "c6i.large", 1, 1, 2, tags("Team", "core"));
    created.add("ASG/" + EAST + "/web-asg");
    fleet.redis(EAST, "sessions", "cache.r6g.large", 1, 1, false, TAP);
    created.add("REDIS/" + EAST + "/sessions");
    fleet.table(EAST, "orders", null, null, List.of(), false, TAP);
    created.add("DYNAMODB/" + EAST + "/orders");
    fleet.table(WEST, "audit", 5L, 5L, List.of(), false, Map.of());
    created.add("DYNAMODB/" + WEST + "/audit");
    fleet.table(EAST, "tenant-data", null, null, List.of(), false, tags("TenantId", "acme"));
    created.add("DYNAMODB/" + EAST + "/tenant-data");
    fleet.dax(EAST, "orders-dax", "dax.r5.large", 3, TAP);
    created.add("DAX/" + EAST + "/orders-dax");
    fleet.function(EAST, "scorer", 512, 30, null, tags("Team", "core"));
    created.add("LAMBDA/" + EAST + "/scorer");
    fleet.function(WEST, "reporter", 256, 30, null, TAP);
    created.add("LAMBDA/" + WEST + "/reporter");
    String alb = fleet.loadBalancer(EAST, "front", LoadBalancerTypeEnum.APPLICATION, TAP);
    created.add("ALB/" + EAST + "/front");
    String nlb = fleet.loadBalancer(WEST, "edge", LoadBalancerTypeEnum.NETWORK, tags("Team", "core"));
    created.add("NLB/" + WEST + "/edge");
    var ec2 = aws.ec2(EAST);
    String image = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
    instanceEast = ec2.runInstances(r -> r.imageId(image).minCount(1).maxCount(1).instanceType("m5.large")
        .tagSpecifications(spec(ResourceType.INSTANCE, tags("Team", "core")))).instances().get(0).instanceId();
    volumeEast = aws.ec2(EAST).createVolume(r -> r.availabilityZone(EAST + "a").size(200).volumeType("gp2")
        .tagSpecifications(spec(ResourceType.VOLUME, tags("Team", "core")))).volumeId();
    volumeWest = aws.ec2(WEST).createVolume(r -> r.availabilityZone(WEST + "a").size(500).volumeType("io1").iops(8000)
        .tagSpecifications(spec(ResourceType.VOLUME, TAP))).volumeId();
    created.add("EBS/" + EAST + "/" + volumeEast);
    created.add("EBS/" + WEST + "/" + volumeWest);
  }

  @AfterEach
  void close() {
    aws.close();
  }

  static Map<String, String> tags(String k, String v) {
    Map<String, String> m = new LinkedHashMap<>(TAP);
    m.put(k, v);
    return m;
  }

  static TagSpecification spec(ResourceType type, Map<String, String> tags) {
    return TagSpecification.builder().resourceType(type)
        .tags(tags.entrySet().stream().map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
        .build();
  }

  Discovery discover(DiscoveryFilter filter) {
    return new AwsDiscovery(aws, CLOCK, progress::add).discover(filter, new LinkedHashSet<>(Families.families()));
  }

  static Set<String> keys(List<Resource> rs) {
    Set<String> s = new TreeSet<>();
    // load balancers are named by ARN in the readers; their key here is the name
    for (Resource r : rs) s.add(r.family().name() + "/" + r.region() + "/" + r.id());
    return s;
  }

  /** The root volumes moto attaches to the instances it launches (standalone and the group's): found too, as AWS would. */
  Set<String> rootVolumes() {
    Set<String> s = new TreeSet<>();
    for (String region : List.of(EAST, WEST)) {
      aws.ec2(region).describeVolumes().volumes().stream().filter(v -> !v.attachments().isEmpty())
          .forEach(v -> s.add("EBS/" + region + "/" + v.volumeId()));
    }
    return s;
  }

  static boolean ec2Registered() {
    return Families.family(Ec2Family.EC2.name()).isPresent();
  }

  @Test
  void findsEveryResourceCreatedInBothRegions() {
    Discovery d = discover(DiscoveryFilter.parse(List.of(EAST, WEST), List.of(), List.of()));

    Set<String> expected = new TreeSet<>(created);
    expected.addAll(rootVolumes());
    if (ec2Registered()) expected.add("EC2/" + EAST + "/" + instanceEast);
    assertThat(keys(d.resources())).isEqualTo(expected);
    assertThat(d.account()).isEqualTo(MotoServer.ACCOUNT);
    // the tenant's table stays in the inventory, flagged: the plan reports it as excluded (SPEC O6)
    assertThat(d.excluded()).extracting(Discovery.Excluded::id).containsExactly("tenant-data");
    assertThat(d.excluded().get(0).reason()).contains("TenantId=acme");
    // the instance the group launched is the group's, never a standalone one
    if (!ec2Registered()) assertThat(d.unsupported()).containsEntry("EC2 instance in " + EAST, 1).hasSize(1);
    Resource io1 = d.resources().stream().filter(r -> r.id().equals(volumeWest)).findFirst().orElseThrow();
    assertThat(io1.config()).containsEntry(EbsFamily.VOLUME_TYPE, "io1").containsEntry(EbsFamily.SIZE_GIB, "500").containsEntry(EbsFamily.IOPS, "8000")
        .doesNotContainKey(EbsFamily.ATTACHED_TO).containsKey(EbsFamily.CREATED);
    assertThat(progress).hasSize(2).allMatch(l -> l.startsWith("discovered "));
    assertThat(d.summary()).contains("  DynamoDB: 1 in eu-west-1, 2 in us-east-1", "  Lambda: 1 in eu-west-1, 1 in us-east-1");
  }

  @Test
  void tagFilterKeepsOnlyTaggedResourcesOnEverySide() {
    Discovery d = discover(DiscoveryFilter.parse(List.of(EAST, WEST), List.of("Team=core"), List.of()));
    Set<String> expected = new TreeSet<>(Set.of("AURORA/" + EAST + "/core-aurora", "ASG/" + EAST + "/web-asg", "LAMBDA/" + EAST + "/scorer",
        "NLB/" + WEST + "/edge", "EBS/" + EAST + "/" + volumeEast));
    if (ec2Registered()) expected.add("EC2/" + EAST + "/" + instanceEast);
    assertThat(keys(d.resources())).isEqualTo(expected);

    Discovery none = discover(DiscoveryFilter.parse(List.of(EAST, WEST), List.of("Team=nobody"), List.of()));
    assertThat(none.resources()).isEmpty();
  }

  /**
   * Redis and DynamoDB are narrowed by the Tagging API too: the group and table tagged Team=core are kept (so the table ARN
   * built from its name is the one the API gives), and the untagged group, tables, DAX cluster and load balancer are never described.
   */
  @Test
  void tagFilterNarrowsRedisDynamoDbAndDaxBeforeDescribing() {
    fleet.redis(EAST, "core-cache", "cache.r6g.large", 1, 1, false, tags("Team", "core"));
    fleet.table(EAST, "core-table", null, null, List.of(), false, tags("Team", "core"));

    Discovery d = discover(DiscoveryFilter.parse(List.of(EAST), List.of("Team=core"), List.of()));

    assertThat(keys(d.resources())).contains("REDIS/" + EAST + "/core-cache", "DYNAMODB/" + EAST + "/core-table")
        .doesNotContain("REDIS/" + EAST + "/sessions", "DYNAMODB/" + EAST + "/orders", "DAX/" + EAST + "/orders-dax");
    // sessions, orders, tenant-data, orders-dax and the load balancer front
    assertThat(progress).singleElement().asString()
        .endsWith("; 5 without the --tag tags left out before describing (Resource Groups Tagging API)");
  }

  @Test
  void excludeTagLeavesTheInventoryAndSaysWhy() {
    Discovery d = discover(DiscoveryFilter.parse(List.of(EAST, WEST), List.of(), List.of("Team=core")));
    Set<String> kept = keys(d.resources());
    assertThat(kept).doesNotContain("AURORA/" + EAST + "/core-aurora", "LAMBDA/" + EAST + "/scorer", "EBS/" + EAST + "/" + volumeEast)
        .contains("LAMBDA/" + WEST + "/reporter", "DYNAMODB/" + EAST + "/tenant-data");
    assertThat(d.excluded()).extracting(Discovery.Excluded::id).contains("core-aurora", "scorer", volumeEast, "tenant-data");
    assertThat(d.excluded().stream().filter(e -> e.id().equals("scorer")).findFirst().orElseThrow().reason()).contains("--exclude-tag Team=core");
  }

  @Test
  void unionWithAnOutputsFileHoldsEachResourceOnce() throws Exception {
    Path file = dir.resolve("flat-outputs.json");
    Files.writeString(file, new ObjectMapper().writeValueAsString(Map.of("StackRegion", EAST, "AsgName", "web-asg", "OrdersTableName", "orders")));
    Discovery d = discover(DiscoveryFilter.parse(List.of(WEST), List.of(), List.of()));
    Snapshot union = d.union(AwsInventory.fromOutputs(aws, OutputsFile.read(file), CLOCK).snapshot());
    Set<String> keys = keys(union.resources());
    assertThat(keys).contains("ASG/" + EAST + "/web-asg", "DYNAMODB/" + EAST + "/orders", "DYNAMODB/" + WEST + "/audit");
    assertThat(keys).hasSize(union.resources().size());
    // the same region discovered and named: still once
    Snapshot both = discover(DiscoveryFilter.parse(List.of(EAST), List.of(), List.of())).union(AwsInventory.fromOutputs(aws, OutputsFile.read(file), CLOCK).snapshot());
    assertThat(both.resources().stream().filter(r -> r.id().equals("web-asg"))).hasSize(1);
  }

  @Test
  void enabledRegionsComeFromDescribeRegions(MotoServer moto) {
    try (AwsClients home = moto.clients(EAST)) {
      List<String> regions = new AwsDiscovery(home, CLOCK, progress::add).enabledRegions();
      assertThat(regions).contains(EAST, WEST).isSorted();
    }
  }
}
