package dev.tap.blueprints.shared;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.CredentialsBaseOptions;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.DatabaseInstanceReadReplica;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PerformanceInsightRetention;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.rds.StorageType;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * RDS PostgreSQL: a Multi-AZ primary on gp3 storage with provisioned IOPS, and a read replica pinned
 * to an availability zone of its own. Encrypted with the given key at rest, TLS enforced in transit,
 * credentials generated into Secrets Manager, enhanced monitoring and Performance Insights on.
 */
public final class PostgresDatabase extends Construct {
  public static final int PORT = 5432;

  /**
   * The instance is {@code tap-{suffix}-{blueprint}-db}, the replica {@code ...-db-replica}.
   *
   * @param replicaAz the replica's availability zone (the Multi-AZ primary's zones are RDS's choice)
   */
  public record Props(Names names, IVpc vpc, InstanceType instanceType, int allocatedStorageGb, int iops, boolean multiAz,
      String replicaAz, IKey key, int backupRetentionDays, Duration monitoringInterval, boolean deletionProtection,
      RemovalPolicy removalPolicy) {
    public Props {
      // RDS gp3 bands (AWS RDS user guide, "gp3 storage"): below 400 GiB a 3,000 IOPS baseline, from
      // 400 GiB a 12,000 baseline; a provisioned value below the band's baseline is rejected.
      int baseline = allocatedStorageGb < 400 ? 3000 : 12000;
      if (allocatedStorageGb < 20 || allocatedStorageGb > 65536) {
        throw new IllegalArgumentException("PostgreSQL gp3 storage must be 20-65536 GiB, got " + allocatedStorageGb);
      }
      if (iops < baseline || iops > 64000) {
        throw new IllegalArgumentException("gp3 IOPS for " + allocatedStorageGb + " GiB must be at least " + baseline
            + " (and at most 64000), got " + iops);
      }
    }
  }

  static final List<String> LOG_EXPORTS = List.of("postgresql", "upgrade");

  static final IInstanceEngine ENGINE = DatabaseInstanceEngine.postgres(
      PostgresInstanceEngineProps.builder().version(PostgresEngineVersion.VER_16_8).build());

  private final String identifier;
  private final DatabaseInstance primary;
  private final DatabaseInstanceReadReplica replica;
  private final SecurityGroup securityGroup;

  public PostgresDatabase(Construct scope, String id, Props props) {
    super(scope, id);
    identifier = props.names().of("db");
    securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
        .vpc(props.vpc())
        .description("PostgreSQL " + identifier + ": clients are added by name")
        .allowAllOutbound(false)
        .build();
    SubnetSelection isolated = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    // PostgreSQL 15+ already defaults to rds.force_ssl=1; set it so the template says so
    ParameterGroup parameters = ParameterGroup.Builder.create(this, "Parameters")
        .engine(ENGINE)
        .description("TLS only, slow statements logged: " + identifier)
        .parameters(Map.of("rds.force_ssl", "1", "log_min_duration_statement", "1000"))
        .removalPolicy(props.removalPolicy())
        .build();

    // one enhanced-monitoring role for both instances: the AWS-managed policy is the documented one
    Role monitoringRole = Role.Builder.create(this, "MonitoringRole")
        .assumedBy(new ServicePrincipal("monitoring.rds.amazonaws.com"))
        .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("service-role/AmazonRDSEnhancedMonitoringRole")))
        .build();
    monitoringRole.applyRemovalPolicy(props.removalPolicy());
    Nag.suppressMatching(monitoringRole, "AwsSolutions-IAM4", "AmazonRDSEnhancedMonitoringRole$",
        "AmazonRDSEnhancedMonitoringRole is the policy AWS documents for enhanced monitoring; it only writes RDS OS metrics to CloudWatch Logs.");

    primary = DatabaseInstance.Builder.create(this, "Primary")
        .instanceIdentifier(identifier)
        .engine(ENGINE)
        .instanceType(props.instanceType())
        .vpc(props.vpc())
        .vpcSubnets(isolated)
        .securityGroups(List.of(securityGroup))
        .port(PORT)
        .multiAz(props.multiAz())
        .allocatedStorage(props.allocatedStorageGb())
        .storageType(StorageType.GP3)
        .iops(props.iops())
        .storageEncrypted(true)
        .storageEncryptionKey(props.key())
        .credentials(Credentials.fromGeneratedSecret("tapadmin", CredentialsBaseOptions.builder()
            .secretName(identifier + "-credentials")
            .encryptionKey(props.key())
            .build()))
        .parameterGroup(parameters)
        .iamAuthentication(true)
        .backupRetention(Duration.days(props.backupRetentionDays()))
        .copyTagsToSnapshot(true)
        .monitoringInterval(props.monitoringInterval())
        .monitoringRole(monitoringRole)
        .enablePerformanceInsights(true)
        .performanceInsightRetention(PerformanceInsightRetention.DEFAULT)
        .performanceInsightEncryptionKey(props.key())
        .cloudwatchLogsExports(LOG_EXPORTS)
        .autoMinorVersionUpgrade(false) // PostgreSQL 16.8 is pinned
        .deletionProtection(props.deletionProtection())
        .removalPolicy(props.removalPolicy())
        .build();
    primary.getSecret().applyRemovalPolicy(props.removalPolicy());
    exportLogGroups(primary, props, "Primary", identifier);
    // the rotation function needs the database (isolated subnets) and the Secrets Manager API: it runs in
    // the private subnets, whose NAT route reaches the API (isolated subnets have no route out)
    primary.addRotationSingleUser(RotationSingleUserOptions.builder().automaticallyAfter(Duration.days(30))
        .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()).build());

    replica = DatabaseInstanceReadReplica.Builder.create(this, "Replica")
        .instanceIdentifier(identifier + "-replica")
        .sourceDatabaseInstance(primary)
        .instanceType(props.instanceType())
        .vpc(props.vpc())
        .vpcSubnets(isolated)
        .securityGroups(List.of(securityGroup))
        .availabilityZone(props.replicaAz())
        .storageType(StorageType.GP3)
        .allocatedStorage(props.allocatedStorageGb())
        .iops(props.iops())
        .storageEncryptionKey(props.key())
        .parameterGroup(parameters)
        .iamAuthentication(true)
        .monitoringInterval(props.monitoringInterval())
        .monitoringRole(monitoringRole)
        .enablePerformanceInsights(true)
        .performanceInsightRetention(PerformanceInsightRetention.DEFAULT)
        .performanceInsightEncryptionKey(props.key())
        .cloudwatchLogsExports(LOG_EXPORTS)
        .autoMinorVersionUpgrade(false) // PostgreSQL 16.8 is pinned
        .deletionProtection(props.deletionProtection())
        .removalPolicy(props.removalPolicy())
        .build();
    // a replica inherits encryption from its source: CloudFormation takes its KmsKeyId (the source's
    // key here) but rejects StorageEncrypted beside SourceDBInstanceIdentifier
    ((CfnResource) replica.getNode().getDefaultChild()).addPropertyDeletionOverride("StorageEncrypted");
    exportLogGroups(replica, props, "Replica", identifier + "-replica");

    for (Construct instance : List.of(primary, replica)) {
      Nag.suppress(instance, "AwsSolutions-RDS11",
          "The standard PostgreSQL port: clients and the load test expect it, and only the named security groups may reach it.");
      if (!props.deletionProtection()) {
        Nag.suppress(instance, "AwsSolutions-RDS10", "Deletion protection is off by the blueprint's choice (staging is torn down, SPEC G6).");
      }
    }
    Nag.suppress(replica, "AwsSolutions-RDS2",
        "A read replica is encrypted with its source's key (KmsKeyId is set); CloudFormation rejects StorageEncrypted on a replica.");
    Nag.suppress(replica, "AwsSolutions-RDS3",
        "The read replica is the second copy in its own zone; the primary carries the Multi-AZ standby.");
  }

  /**
   * The log groups RDS exports to, created here so they carry a retention and the KMS key
   * (CDK's own retention setting would add a custom-resource Lambda instead).
   */
  private void exportLogGroups(Construct instance, Props props, String prefix, String instanceId) {
    for (String log : LOG_EXPORTS) {
      LogGroup group = LogGroup.Builder.create(this, prefix + Names.pascal(log) + "Logs")
          .logGroupName("/aws/rds/instance/" + instanceId + "/" + log)
          .retention(RetentionDays.THREE_MONTHS)
          .encryptionKey(props.key())
          .removalPolicy(props.removalPolicy())
          .build();
      // RDS would create the group itself on first export if it did not exist yet
      instance.getNode().addDependency(group);
    }
  }

  /** RdsInstanceId, RdsEndpoint, RdsReplicaId, RdsSecretArn. */
  public void addOutputs(StackOutputs o) {
    o.add("RdsInstanceId", primary.getInstanceIdentifier(), "RDS PostgreSQL instance identifier");
    o.add("RdsEndpoint", primary.getDbInstanceEndpointAddress(), "RDS PostgreSQL endpoint");
    o.add("RdsReplicaId", replica.getInstanceIdentifier(), "RDS PostgreSQL read replica identifier");
    o.add("RdsSecretArn", primary.getSecret().getSecretArn(), "Secrets Manager ARN of the RDS credentials");
  }

  /** Lets {@code client} connect to the primary and the replica on the PostgreSQL port. */
  public void allowFrom(IConnectable client, String who) {
    // both directions: ingress here, egress on the client when its group restricts outbound traffic
    client.getConnections().allowTo(securityGroup, Port.tcp(PORT), who + " to PostgreSQL");
  }

  public DatabaseInstance primary() {
    return primary;
  }

  public DatabaseInstanceReadReplica replica() {
    return replica;
  }

  public ISecret secret() {
    return primary.getSecret();
  }

  public SecurityGroup securityGroup() {
    return securityGroup;
  }
}
