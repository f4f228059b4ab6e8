package dev.tap.blueprints.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * A Redis replication group in cluster mode: shards x replicas with automatic failover and Multi-AZ,
 * TLS in transit with an AUTH token generated into Secrets Manager (the template holds only a
 * dynamic reference), and KMS at rest.
 */
public final class RedisCluster extends Construct {

  public static final int PORT = 6379;

  /** @param dataTiering only r6gd nodes offer it: ElastiCache rejects it on other types */
  public record Props(Names names, Vpc vpc, SubnetSelection subnets, IKey key, String nodeType, int shards, int replicasPerShard,
      boolean dataTiering, String engineVersion, int snapshotRetentionDays, List<ISecurityGroup> clientSecurityGroups,
      RemovalPolicy removalPolicy) {

    public Props {
      if (shards < 1 || shards > 500) throw new IllegalArgumentException("Redis shards must be 1..500, got " + shards);
      if (replicasPerShard < 1 || replicasPerShard > 5) throw new IllegalArgumentException("automatic failover needs 1..5 replicas per shard, got " + replicasPerShard);
      if (dataTiering && !nodeType.matches("cache\\.r6gd\\..*")) throw new IllegalArgumentException("data tiering needs a cache.r6gd node type, got " + nodeType);
      clientSecurityGroups = List.copyOf(clientSecurityGroups);
    }
  }

  private final CfnReplicationGroup group;
  private final Secret authSecret;
  private final SecurityGroup securityGroup;
  private final String groupId;
  private final int shards;
  private final int replicas;

  public RedisCluster(Construct scope, String id, Props p) {
    super(scope, id);
    groupId = p.names().of("redis");
    shards = p.shards();
    replicas = p.replicasPerShard();
    authSecret = Secret.Builder.create(this, "AuthToken")
        .secretName(groupId + "-auth")
        .description("AUTH token of Redis replication group " + groupId)
        .encryptionKey(p.key())
        .removalPolicy(p.removalPolicy() == RemovalPolicy.SNAPSHOT ? RemovalPolicy.RETAIN : p.removalPolicy())
        // AUTH tokens are 16-128 printable characters without @, " or /: alphanumerics are always valid
        .generateSecretString(SecretStringGenerator.builder().secretStringTemplate("{\"username\":\"default\"}").generateStringKey("token")
            .passwordLength(64).excludePunctuation(true).build())
        .build();

    CfnSubnetGroup subnetGroup = CfnSubnetGroup.Builder.create(this, "Subnets")
        .cacheSubnetGroupName(groupId + "-subnets")
        .description("Subnets of " + groupId)
        .subnetIds(p.vpc().selectSubnets(p.subnets()).getSubnetIds())
        .build();
    subnetGroup.applyRemovalPolicy(AuroraCluster.kept(p.removalPolicy()));

    securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
        .vpc(p.vpc())
        .description("Redis " + groupId + ": TLS port from the application tier only")
        .allowAllOutbound(false)
        .build();
    securityGroup.applyRemovalPolicy(AuroraCluster.kept(p.removalPolicy()));
    for (ISecurityGroup client : p.clientSecurityGroups()) {
      // a separate ingress resource (the group object as peer), not an inline rule: a retained cache's group
      // must not keep naming the client group, or the client group could not be deleted with the stack
      securityGroup.addIngressRule(client, Port.tcp(PORT), "Redis clients");
    }

    group = CfnReplicationGroup.Builder.create(this, "ReplicationGroup")
        .replicationGroupId(groupId)
        .replicationGroupDescription("TAP " + p.names().blueprint() + " cache (" + p.names().suffix() + ")")
        .engine("redis")
        .engineVersion(p.engineVersion())
        .cacheNodeType(p.nodeType())
        .clusterMode("enabled")
        .cacheParameterGroupName("default.redis" + p.engineVersion().replaceFirst("\\..*", "") + ".cluster.on")
        .numNodeGroups(p.shards())
        .replicasPerNodeGroup(p.replicasPerShard())
        .automaticFailoverEnabled(true)
        .multiAzEnabled(true)
        .transitEncryptionEnabled(true)
        .authToken(authSecret.secretValueFromJson("token").unsafeUnwrap())
        .atRestEncryptionEnabled(true)
        .kmsKeyId(p.key().getKeyArn())
        .dataTieringEnabled(p.dataTiering())
        .port(PORT)
        .cacheSubnetGroupName(subnetGroup.getRef())
        .securityGroupIds(List.of(securityGroup.getSecurityGroupId()))
        .snapshotRetentionLimit(p.snapshotRetentionDays())
        // the engine version is pinned (7.1): minor upgrades are deliberate, not a maintenance-window surprise
        .autoMinorVersionUpgrade(false)
        .build();
    group.applyRemovalPolicy(p.removalPolicy());
    Nag.suppress(group, "AwsSolutions-AEC5",
        "the standard port: reachable only from the application security group, and every connection needs TLS and the AUTH token");
    Nag.suppress(authSecret, "AwsSolutions-SMG4",
        "no managed rotation exists for ElastiCache AUTH tokens; rotation is a ModifyReplicationGroup ROTATE/SET done by the runbook");
  }

  /**
   * The member clusters ElastiCache creates in cluster mode, {@code <group>-<shard 0001..>-<node 001..>}:
   * host metrics such as EngineCPUUtilization and Evictions are published per {@code CacheClusterId},
   * not per replication group.
   */
  public static List<List<String>> memberClusterIds(String groupId, int shards, int replicasPerShard) {
    List<List<String>> out = new ArrayList<>();
    for (int shard = 1; shard <= shards; shard++) {
      List<String> nodes = new ArrayList<>();
      for (int node = 1; node <= replicasPerShard + 1; node++) nodes.add(String.format("%s-%04d-%03d", groupId, shard, node));
      out.add(List.copyOf(nodes));
    }
    return List.copyOf(out);
  }

  /** Member cluster ids by shard (see {@link #memberClusterIds(String, int, int)}). */
  public List<List<String>> memberClusterIds() {
    return memberClusterIds(groupId, shards, replicas);
  }

  /** Widgets graphed per member cluster; one widget per 100 nodes keeps each graph readable (CloudWatch takes 500). */
  public List<GraphWidget> engineCpuWidgets() {
    List<String> nodes = memberClusterIds().stream().flatMap(List::stream).toList();
    List<GraphWidget> widgets = new ArrayList<>();
    for (int from = 0; from < nodes.size(); from += 100) {
      List<IMetric> metrics = nodes.subList(from, Math.min(from + 100, nodes.size())).stream()
          .map(node -> (IMetric) Metric.Builder.create().namespace("AWS/ElastiCache").metricName("EngineCPUUtilization")
              .dimensionsMap(Map.of("CacheClusterId", node)).statistic("Maximum").period(Duration.minutes(1)).label(node).build())
          .toList();
      String range = nodes.size() <= 100 ? "" : " (nodes " + (from + 1) + "-" + (from + metrics.size()) + ")";
      widgets.add(GraphWidget.Builder.create().title("Redis engine CPU per node (%)" + range).left(metrics).width(8).build());
    }
    return widgets;
  }

  public String groupId() {
    return groupId;
  }

  public CfnReplicationGroup replicationGroup() {
    return group;
  }

  public Secret authSecret() {
    return authSecret;
  }

  public SecurityGroup securityGroup() {
    return securityGroup;
  }

  public void addOutputs(StackOutputs o) {
    o.add("RedisReplicationGroupId", group.getRef(), "Redis replication group id");
    o.add("RedisConfigurationEndpoint", group.getAttrConfigurationEndPointAddress(), "Redis cluster-mode configuration endpoint");
    o.add("RedisPort", group.getAttrConfigurationEndPointPort(), "Redis port (TLS)");
    o.add("RedisAuthSecretArn", authSecret.getSecretArn(), "Secrets Manager ARN of the Redis AUTH token");
  }
}
