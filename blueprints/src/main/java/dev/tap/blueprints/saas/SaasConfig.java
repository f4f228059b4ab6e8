package dev.tap.blueprints.saas;

import dev.tap.blueprints.shared.BlueprintContext;
import dev.tap.blueprints.shared.Capacity;
import dev.tap.blueprints.shared.ContextException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a user may change in the SaaS blueprint, read from the CDK context with SPEC S1-S7's
 * numbers as defaults (docs/blueprints.md lists the keys).
 *
 * @param certificateArn the HTTPS listener's certificate; null = a deploy-time stack parameter
 */
public record SaasConfig(String suffix, Optional<String> account, String region, List<String> availabilityZones, String vpcCidr,
    List<Secondary> secondaries, String auroraClass, int auroraReaders, int auroraBackupDays, int secondaryReaders,
    String asgInstanceType, Capacity asgCapacity, String certificateArn, int drainingSeconds, int idleTimeoutSeconds,
    String redisNodeType, int redisShards, int redisReplicas, int natGateways) {

  /** A secondary region of the Aurora global database, with its own VPC. */
  public record Secondary(String region, List<String> availabilityZones, String vpcCidr, int natGateways) {}

  public static final String PREFIX = "saas.";
  static final String REGION = PREFIX + "region";
  static final String AZS = PREFIX + "azs";
  static final String CIDR = PREFIX + "vpcCidr";
  static final String SECONDARY_REGIONS = PREFIX + "secondaryRegions";
  static final String AURORA_CLASS = PREFIX + "aurora.instanceClass";
  static final String AURORA_READERS = PREFIX + "aurora.readers";
  static final String AURORA_BACKUP_DAYS = PREFIX + "aurora.backupRetentionDays";
  static final String SECONDARY_READERS = PREFIX + "aurora.secondaryReaders";
  static final String ASG_TYPE = PREFIX + "asg.instanceType";
  static final String ASG = PREFIX + "asg";
  static final String CERTIFICATE = PREFIX + "alb.certificateArn";
  static final String DRAINING = PREFIX + "alb.deregistrationDelaySeconds";
  static final String IDLE = PREFIX + "alb.idleTimeoutSeconds";
  static final String REDIS_TYPE = PREFIX + "redis.nodeType";
  static final String REDIS_SHARDS = PREFIX + "redis.shards";
  static final String REDIS_REPLICAS = PREFIX + "redis.replicas";
  static final String NAT_GATEWAYS = PREFIX + "natGateways";

  public static final List<String> DEFAULT_SECONDARY_REGIONS = List.of("us-west-2", "eu-west-1");

  public static SaasConfig from(BlueprintContext ctx) {
    String region = ctx.region(REGION, "us-east-1");
    List<String> secondaryRegions = ctx.regions(SECONDARY_REGIONS, DEFAULT_SECONDARY_REGIONS);
    if (secondaryRegions.contains(region) || secondaryRegions.stream().distinct().count() != secondaryRegions.size()) {
      throw new ContextException(SECONDARY_REGIONS, String.join(",", secondaryRegions), "a region is listed twice or is the primary region " + region,
          "distinct regions other than " + region + ", comma-separated (default " + String.join(",", DEFAULT_SECONDARY_REGIONS) + ")");
    }
    if (secondaryRegions.size() > 5) {
      throw new ContextException(SECONDARY_REGIONS, String.join(",", secondaryRegions), "an Aurora global database has at most 5 secondary regions",
          "up to 5 regions, comma-separated");
    }
    List<Secondary> secondaries = new ArrayList<>();
    for (int i = 0; i < secondaryRegions.size(); i++) {
      String r = secondaryRegions.get(i);
      List<String> zones = ctx.availabilityZones(AZS + "." + r, r, threeZones(r));
      // a secondary region holds only the read-only cluster (isolated subnets): one NAT gateway is enough
      secondaries.add(new Secondary(r, zones, ctx.cidr(CIDR + "." + r, "10." + (21 + i) + ".0.0/16"),
          ctx.integer(NAT_GATEWAYS + "." + r, 1, 1, zones.size())));
    }
    List<String> zones = ctx.availabilityZones(AZS, region, threeZones(region));
    return new SaasConfig(
        ctx.suffix(),
        ctx.account(),
        region,
        zones,
        ctx.cidr(CIDR, "10.20.0.0/16"),
        List.copyOf(secondaries),
        ctx.instanceClass(AURORA_CLASS, "db.", "db.r6g.4xlarge"),
        ctx.integer(AURORA_READERS, 2, 0, 15),
        ctx.integer(AURORA_BACKUP_DAYS, 30, 1, 35),
        ctx.integer(SECONDARY_READERS, 1, 0, 15),
        ctx.instanceClass(ASG_TYPE, "", "m5.4xlarge"),
        ctx.capacity(ASG, new Capacity(12, 15, 25), 1000),
        ctx.certificateArn(CERTIFICATE, null),
        ctx.integer(DRAINING, 300, 0, 3600),
        ctx.integer(IDLE, 300, 1, 4000),
        ctx.instanceClass(REDIS_TYPE, "cache.", "cache.r6g.4xlarge"),
        ctx.integer(REDIS_SHARDS, 4, 1, 500),
        ctx.integer(REDIS_REPLICAS, 2, 1, 5),
        // one NAT gateway by default: trading (3) + saas (1) + staging (1) fill exactly the default quota of
        // 5 Elastic IPs per region; set it to the number of zones for zone-independent egress
        ctx.integer(NAT_GATEWAYS, 1, 1, zones.size()));
  }

  static List<String> threeZones(String region) {
    return List.of(region + "a", region + "b", region + "c");
  }
}
