package dev.tap.blueprints.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.CfnDBCluster;
import software.amazon.awscdk.services.rds.CfnGlobalCluster;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.CredentialsFromUsernameOptions;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.IClusterEngine;
import software.amazon.awscdk.services.rds.IClusterInstance;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PerformanceInsightRetention;
import software.amazon.awscdk.services.rds.ProvisionedClusterInstanceProps;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * An Aurora cluster (PostgreSQL or MySQL, by {@link Props#engine}): a writer and N readers of one
 * class placed round-robin over the zones, encrypted with the blueprint key, IAM authentication,
 * Performance Insights, enhanced monitoring, and credentials generated into Secrets Manager.
 */
public final class AuroraCluster extends Construct {

  /** How the cluster takes part in an Aurora global database. */
  public enum GlobalRole {
    /** Not part of a global database. */
    NONE,
    /** Creates the global cluster from this (primary) cluster. */
    PRIMARY,
    /** Joins an existing global cluster as a read-only secondary: no credentials of its own. */
    SECONDARY
  }

  /**
   * @param port                database port (the engine default when null)
   * @param globalClusterId     identifier of the global cluster when {@code globalRole != NONE}
   * @param logExports          CloudWatch Logs exports, e.g. {@code postgresql} or {@code error, general, slowquery}
   * @param parameters          cluster parameter group values (none: the engine's default group)
   */
  public record Props(Names names, Vpc vpc, SubnetSelection subnets, IKey key, IClusterEngine engine, String instanceClass, int readers,
      List<String> availabilityZones, int backupRetentionDays, PerformanceInsightRetention performanceInsightRetention,
      Duration monitoringInterval, boolean deletionProtection, List<String> logExports, Map<String, String> parameters,
      GlobalRole globalRole, String globalClusterId, List<ISecurityGroup> clientSecurityGroups, RemovalPolicy removalPolicy) {

    public Props {
      if (readers < 0 || readers > 15) throw new IllegalArgumentException("Aurora readers must be 0..15, got " + readers);
      if (globalRole != GlobalRole.NONE && globalClusterId == null) throw new IllegalArgumentException("globalClusterId is required for " + globalRole);
      logExports = List.copyOf(logExports);
      clientSecurityGroups = List.copyOf(clientSecurityGroups);
    }
  }

  private final DatabaseCluster cluster;
  private final List<String> instanceIds = new ArrayList<>();
  private final CfnGlobalCluster globalCluster;

  public AuroraCluster(Construct scope, String id, Props p) {
    super(scope, id);
    InstanceType type = new InstanceType(p.instanceClass().replaceFirst("^db\\.", ""));
    String clusterId = p.names().of("aurora");
    List<String> azs = p.availabilityZones();

    IClusterInstance writer = ClusterInstance.provisioned("Writer", instance(p, type, clusterId + "-writer", azs.get(0), 0));
    instanceIds.add(clusterId + "-writer");
    List<IClusterInstance> readers = new ArrayList<>();
    for (int i = 1; i <= p.readers(); i++) {
      // round-robin from the second zone, so the writer's zone is not also the first reader's
      String az = azs.get(i % azs.size());
      readers.add(ClusterInstance.provisioned("Reader" + i, instance(p, type, clusterId + "-reader-" + i, az, 1)));
      instanceIds.add(clusterId + "-reader-" + i);
    }

    SecurityGroup sg = SecurityGroup.Builder.create(this, "SecurityGroup")
        .vpc(p.vpc())
        .description("Aurora " + clusterId + ": database port from the application tier only")
        .allowAllOutbound(false)
        .build();
    sg.applyRemovalPolicy(kept(p.removalPolicy()));

    DatabaseCluster.Builder b = DatabaseCluster.Builder.create(this, "Cluster")
        .engine(p.engine())
        .clusterIdentifier(clusterId)
        .writer(writer)
        .readers(readers)
        .vpc(p.vpc())
        .vpcSubnets(p.subnets())
        .securityGroups(List.of(sg))
        .storageEncrypted(true)
        .storageEncryptionKey(p.key())
        .iamAuthentication(true)
        .deletionProtection(p.deletionProtection())
        .backup(BackupProps.builder().retention(Duration.days(p.backupRetentionDays())).preferredWindow("03:00-04:00").build())
        .preferredMaintenanceWindow("sun:05:00-sun:06:00")
        .monitoringInterval(p.monitoringInterval())
        .copyTagsToSnapshot(true)
        .removalPolicy(p.removalPolicy());
    if (p.globalRole() != GlobalRole.SECONDARY) {
      b.credentials(Credentials.fromGeneratedSecret("tapadmin",
          CredentialsFromUsernameOptions.builder().secretName(clusterId + "-credentials").encryptionKey(p.key()).build()));
    }
    if (!p.logExports().isEmpty()) b.cloudwatchLogsExports(p.logExports());
    if (p.parameters() != null && !p.parameters().isEmpty()) {
      b.parameterGroup(ParameterGroup.Builder.create(this, "Parameters")
          .engine(p.engine())
          .description("TAP " + clusterId + " cluster parameters")
          .parameters(p.parameters())
          .removalPolicy(kept(p.removalPolicy()))
          .build());
    }
    this.cluster = b.build();
    // what a retained cluster keeps using stays with it: the enhanced-monitoring role CDK made for it
    if (cluster.getNode().tryFindChild("MonitoringRole") instanceof Role role) role.applyRemovalPolicy(kept(p.removalPolicy()));
    // RDS writes exports into /aws/rds/cluster/<id>/<log>; creating the groups first gives them the
    // key and a retention without the Lambda-backed custom resource of cloudwatchLogsRetention
    for (String log : p.logExports()) {
      LogGroup group = LogGroup.Builder.create(this, "Log-" + log)
          .logGroupName("/aws/rds/cluster/" + clusterId + "/" + log)
          .retention(RetentionDays.THREE_MONTHS)
          .encryptionKey(p.key())
          .removalPolicy(p.removalPolicy() == RemovalPolicy.SNAPSHOT ? RemovalPolicy.RETAIN : p.removalPolicy())
          .build();
      cluster.getNode().addDependency(group);
    }
    Nag.suppressMatching(cluster, "AwsSolutions-IAM4", "^Policy::.*/AmazonRDSEnhancedMonitoringRole$",
        "the AWS service-role policy enhanced monitoring is documented to need");
    if (cluster.getNode().tryFindChild("Secret") != null && p.globalRole() != GlobalRole.SECONDARY) {
      // a retained cluster keeps its credentials: the secret outlives the stack with it (getSecret() is
      // the target attachment; the secret itself is the child "Secret")
      ((Secret) cluster.getNode().findChild("Secret")).applyRemovalPolicy(kept(p.removalPolicy()));
      // the rotation function runs where it can reach both the cluster and Secrets Manager (NAT egress)
      cluster.addRotationSingleUser(RotationSingleUserOptions.builder().automaticallyAfter(Duration.days(30))
          .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()).build());
    }
    for (ISecurityGroup client : p.clientSecurityGroups()) {
      cluster.getConnections().allowDefaultPortFrom(client, "database clients");
    }

    CfnDBCluster cfn = (CfnDBCluster) cluster.getNode().getDefaultChild();
    switch (p.globalRole()) {
      case PRIMARY -> {
        this.globalCluster = CfnGlobalCluster.Builder.create(this, "Global")
            .globalClusterIdentifier(p.globalClusterId())
            .sourceDbClusterIdentifier(cluster.getClusterIdentifier())
            .deletionProtection(p.deletionProtection())
            .build();
        // a global cluster with deletion protection cannot be deleted by CloudFormation: retain it
        // (with its primary cluster) instead of failing the stack deletion
        globalCluster.applyRemovalPolicy(p.deletionProtection() ? RemovalPolicy.RETAIN : kept(p.removalPolicy()));
      }
      case SECONDARY -> {
        this.globalCluster = null;
        cfn.setGlobalClusterIdentifier(p.globalClusterId());
        // a secondary gets its credentials from the primary through the global database: drop the
        // secret the L2 construct generates by default, and the properties that reference it
        cluster.getNode().tryRemoveChild("Secret");
        cfn.addPropertyDeletionOverride("MasterUsername");
        cfn.addPropertyDeletionOverride("MasterUserPassword");
      }
      default -> this.globalCluster = null;
    }
  }

  private static ProvisionedClusterInstanceProps instance(Props p, InstanceType type, String identifier, String az, int promotionTier) {
    return ProvisionedClusterInstanceProps.builder()
        .instanceType(type)
        .instanceIdentifier(identifier)
        .availabilityZone(az)
        .promotionTier(promotionTier)
        .enablePerformanceInsights(true)
        .performanceInsightRetention(p.performanceInsightRetention())
        .performanceInsightEncryptionKey(p.key())
        .publiclyAccessible(false)
        // the engine's minor version is pinned (e.g. the 3.04 long-term-support line): upgrades are deliberate
        .autoMinorVersionUpgrade(false)
        .build();
  }

  /** What a helper of a retained resource gets: RETAIN unless everything is destroyed. */
  static RemovalPolicy kept(RemovalPolicy policy) {
    return policy == RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
  }

  public DatabaseCluster cluster() {
    return cluster;
  }

  public List<String> instanceIds() {
    return List.copyOf(instanceIds);
  }

  /** The cluster ARN, for backup selections and IAM policies. */
  public String clusterArn() {
    return cluster.getClusterArn();
  }

  /** AuroraClusterId/Arn/WriterEndpoint/ReaderEndpoint/SecretArn/InstanceIds (+ AuroraGlobalClusterId for a primary). */
  public void addOutputs(StackOutputs o) {
    o.add("AuroraClusterId", cluster.getClusterIdentifier(), "Aurora cluster identifier");
    o.add("AuroraClusterArn", cluster.getClusterArn(), "Aurora cluster ARN");
    o.add("AuroraWriterEndpoint", cluster.getClusterEndpoint().getHostname(), "Aurora writer endpoint");
    o.add("AuroraReaderEndpoint", cluster.getClusterReadEndpoint().getHostname(), "Aurora reader endpoint");
    if (cluster.getSecret() != null && cluster.getNode().tryFindChild("Secret") != null) o.add("AuroraSecretArn", cluster.getSecret().getSecretArn(), "Secrets Manager ARN of the Aurora credentials");
    o.add("AuroraInstanceIds", String.join(",", instanceIds), "Aurora instance identifiers, writer first");
    if (globalCluster != null) o.add("AuroraGlobalClusterId", globalCluster.getRef(), "Aurora global cluster identifier");
  }

  /** AuroraSecondaryClusterId/Arn, for a secondary region's stack. */
  public void addSecondaryOutputs(StackOutputs o) {
    o.add("AuroraSecondaryClusterId", cluster.getClusterIdentifier(), "Aurora secondary cluster identifier");
    o.add("AuroraSecondaryClusterArn", cluster.getClusterArn(), "Aurora secondary cluster ARN");
  }
}
