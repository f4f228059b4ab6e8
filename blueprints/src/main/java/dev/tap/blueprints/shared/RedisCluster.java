package dev.tap.blueprints.shared;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.Peer;
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

  public RedisCluster(Construct scope, String id, Props p) {
    super(scope, id);
    String groupId = p.names().of("redis");
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

    securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
        .vpc(p.vpc())
        .description("Redis " + groupId + ": TLS port from the application tier only")
        .allowAllOutbound(false)
        .build();
    for (ISecurityGroup client : p.clientSecurityGroups()) {
      securityGroup.addIngressRule(Peer.securityGroupId(client.getSecurityGroupId()), Port.tcp(PORT), "Redis clients");
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
        .autoMinorVersionUpgrade(true)
        .build();
    group.applyRemovalPolicy(p.removalPolicy());
    Nag.suppress(group, "AwsSolutions-AEC5",
        "the standard port: reachable only from the application security group, and every connection needs TLS and the AUTH token");
    Nag.suppress(authSecret, "AwsSolutions-SMG4",
        "no managed rotation exists for ElastiCache AUTH tokens; rotation is a ModifyReplicationGroup ROTATE/SET done by the runbook");
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
