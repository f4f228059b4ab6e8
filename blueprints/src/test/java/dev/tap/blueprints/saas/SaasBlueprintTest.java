package dev.tap.blueprints.saas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.blueprints.Synthesized;
import dev.tap.blueprints.shared.AppLoadBalancer;
import dev.tap.blueprints.shared.BlueprintContext;
import dev.tap.blueprints.shared.ContextException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** SPEC S1-S7 on the synthesized templates of the SaaS blueprint with default context. */
class SaasBlueprintTest {
  private static List<Stack> stacks;
  private static Template primary;
  private static Template usWest2;

  @BeforeAll
  static void synthesize() {
    Synthesized saas = Synthesized.of(SaasBlueprint.NAME);
    stacks = saas.stacks;
    primary = saas.template("Tap-saas-dev");
    usWest2 = saas.template("Tap-saas-dev-us-west-2");
  }

  @Test
  void S1_vpcThreeAzsFlowLogs90DaysKms() {
    assertThat(stacks.get(0).getStackName()).isEqualTo("Tap-saas-dev");
    assertThat(stacks.get(0).getRegion()).isEqualTo("us-east-1");
    primary.resourceCountIs("AWS::EC2::VPC", 1);
    // public, private and isolated in each of 3 zones; one NAT gateway by default (saas.natGateways)
    primary.resourceCountIs("AWS::EC2::Subnet", 9);
    primary.resourceCountIs("AWS::EC2::NatGateway", 1);
    assertThat(values(primary, "AWS::EC2::Subnet", "AvailabilityZone")).containsOnly("us-east-1a", "us-east-1b", "us-east-1c");
    primary.hasResourceProperties("AWS::EC2::FlowLog", Map.of("ResourceType", "VPC", "TrafficType", "ALL", "LogDestinationType", "cloud-watch-logs"));
    primary.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/tap/dev/saas/vpc-flow-logs", "RetentionInDays", 90,
        "KmsKeyId", Map.of("Fn::GetAtt", List.of(logicalId(primary, "AWS::KMS::Key"), "Arn"))));
    primary.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
  }

  @Test
  void S2_auroraMysqlGlobalDatabase() {
    Map<String, Object> cluster = Map.of("Engine", "aurora-mysql", "EngineVersion", Match.stringLikeRegexp("8\\.0\\.mysql_aurora\\.3\\.04\\..*"),
        "BackupRetentionPeriod", 30, "StorageEncrypted", true, "DBClusterIdentifier", "tap-dev-saas-aurora",
        "EnableCloudwatchLogsExports", List.of("error", "general", "slowquery"), "DBClusterParameterGroupName", Match.anyValue());
    primary.hasResourceProperties("AWS::RDS::DBCluster", cluster);
    primary.hasResourceProperties("AWS::RDS::DBClusterParameterGroup", Map.of("Family", "aurora-mysql8.0",
        "Parameters", Match.objectLike(Map.of("require_secure_transport", "ON", "slow_query_log", "1", "general_log", "1"))));
    // writer + 2 readers, db.r6g.4xlarge, PI long-term (731 days), enhanced monitoring every 30 s
    Map<String, Object> instance = Map.of("DBInstanceClass", "db.r6g.4xlarge", "EnablePerformanceInsights", true,
        "PerformanceInsightsRetentionPeriod", 731, "MonitoringInterval", 30);
    assertThat(primary.findResources("AWS::RDS::DBInstance", Map.of("Properties", instance))).hasSize(3);
    assertThat(values(primary, "AWS::RDS::DBInstance", "DBInstanceIdentifier"))
        .containsExactlyInAnyOrder("tap-dev-saas-aurora-writer", "tap-dev-saas-aurora-reader-1", "tap-dev-saas-aurora-reader-2");
    primary.hasResourceProperties("AWS::RDS::GlobalCluster", Map.of("GlobalClusterIdentifier", "tap-dev-saas-global",
        "SourceDBClusterIdentifier", Map.of("Ref", logicalId(primary, "AWS::RDS::DBCluster"))));

    // region 2 and region 3 join the global cluster, in their own VPC, with a key of their region
    assertThat(stacks).extracting(Stack::getStackName).containsExactly("Tap-saas-dev", "Tap-saas-dev-us-west-2", "Tap-saas-dev-eu-west-1");
    assertThat(stacks).extracting(Stack::getRegion).containsExactly("us-east-1", "us-west-2", "eu-west-1");
    assertThat(stacks.get(1).getDependencies()).contains(stacks.get(0));
    usWest2.hasResourceProperties("AWS::RDS::DBCluster", Map.of("GlobalClusterIdentifier", "tap-dev-saas-global", "Engine", "aurora-mysql",
        "EngineVersion", Match.stringLikeRegexp("8\\.0\\.mysql_aurora\\.3\\.04\\..*"), "StorageEncrypted", true,
        "KmsKeyId", Map.of("Fn::GetAtt", List.of(logicalId(usWest2, "AWS::KMS::Key"), "Arn")),
        "MasterUsername", Match.absent(), "MasterUserPassword", Match.absent()));
    usWest2.resourceCountIs("AWS::RDS::GlobalCluster", 0);
    usWest2.resourceCountIs("AWS::SecretsManager::Secret", 0);
    assertThat(values(usWest2, "AWS::EC2::Subnet", "AvailabilityZone")).containsOnly("us-west-2a", "us-west-2b", "us-west-2c");
    assertThat(usWest2.findResources("AWS::RDS::DBInstance", Map.of("Properties", instance))).hasSize(2);
  }

  @Test
  void S3_asgCapacityHealthChecksAndRole() {
    primary.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of("AutoScalingGroupName", "tap-dev-saas-asg",
        "MinSize", "12", "DesiredCapacity", "15", "MaxSize", "25", "HealthCheckType", "ELB",
        "TargetGroupARNs", Match.arrayWith(List.of(Map.of("Ref", targetGroup("Api")), Map.of("Ref", targetGroup("Admin")),
            Map.of("Ref", targetGroup("Metrics"))))));
    primary.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
        "InstanceType", "m5.4xlarge", "Monitoring", Map.of("Enabled", true),
        "MetadataOptions", Match.objectLike(Map.of("HttpTokens", "required"))))));
    assertThat(primary.findResources("AWS::EC2::LaunchTemplate").toString()).contains("amazon-cloudwatch-agent-ctl -a fetch-config");

    String policies = primary.findResources("AWS::IAM::Policy").toString();
    // the tables and their indexes, both secrets, ElastiCache describe, KMS decrypt
    assertThat(policies).contains("dynamodb:Query", "/index/*", "secretsmanager:GetSecretValue", "elasticache:DescribeReplicationGroups",
        "kms:Decrypt");
    for (String table : List.of("Tenants", "Users", "AuditLogs")) {
      assertThat(policies).contains(logicalIdOf(primary, "AWS::DynamoDB::Table", "tap-dev-" + (table.equals("AuditLogs") ? "audit-logs" : table.toLowerCase())));
    }
  }

  @Test
  void S4_albPathRoutingAndDraining() {
    primary.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of("Type", "application", "Scheme", "internet-facing",
        "Name", "tap-dev-saas-alb", "LoadBalancerAttributes", Match.arrayWith(List.of(
            Map.of("Key", "routing.http2.enabled", "Value", "true"),
            Map.of("Key", "idle_timeout.timeout_seconds", "Value", "300"),
            Map.of("Key", "access_logs.s3.enabled", "Value", "true")))));
    // HTTPS with the user's certificate (a deploy-time parameter when no context value is set)
    primary.hasParameter(AppLoadBalancer.CERTIFICATE_PARAMETER, Map.of("Type", "String"));
    primary.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Protocol", "HTTPS", "Port", 443,
        "Certificates", List.of(Map.of("CertificateArn", Map.of("Ref", AppLoadBalancer.CERTIFICATE_PARAMETER))),
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", Map.of("Ref", targetGroup("Api"))))));
    primary.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Protocol", "HTTP", "Port", 80,
        "DefaultActions", List.of(Map.of("Type", "redirect", "RedirectConfig", Map.of("Protocol", "HTTPS", "Port", "443", "StatusCode", "HTTP_301")))));
    Map<String, List<String>> paths = Map.of("Api", List.of("/api/*"), "Admin", List.of("/admin/*"), "Metrics", List.of("/metrics", "/metrics/*"));
    Map<String, Integer> ports = Map.of("Api", 8080, "Admin", 8081, "Metrics", 8082);
    for (String route : paths.keySet()) {
      primary.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Map.of(
          "Conditions", List.of(Map.of("Field", "path-pattern", "PathPatternConfig", Map.of("Values", paths.get(route)))),
          "Actions", List.of(Map.of("Type", "forward", "TargetGroupArn", Map.of("Ref", targetGroup(route))))));
      assertThat(primary.findResources("AWS::ElasticLoadBalancingV2::TargetGroup").get(targetGroup(route)).toString())
          .contains("Port=" + ports.get(route), "deregistration_delay.timeout_seconds, Value=300");
    }
    primary.resourceCountIs("AWS::ElasticLoadBalancingV2::TargetGroup", 3);
    // the instances accept each service port from the load balancer's security group only
    for (int port : ports.values()) {
      primary.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("IpProtocol", "tcp", "FromPort", port, "ToPort", port,
          "GroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("FleetSecurityGroup.*"), "GroupId")),
          "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LoadBalancerAlbSecurityGroup.*"), "GroupId"))));
    }
  }

  @Test
  void S5_dynamoTablesOnDemandFourGsis() {
    primary.resourceCountIs("AWS::DynamoDB::Table", 3);
    String key = logicalId(primary, "AWS::KMS::Key");
    for (String name : List.of("tap-dev-tenants", "tap-dev-users", "tap-dev-audit-logs")) {
      primary.hasResourceProperties("AWS::DynamoDB::Table", Map.of("TableName", name, "BillingMode", "PAY_PER_REQUEST",
          "GlobalSecondaryIndexes", Match.anyValue(),
          "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
          "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
          "SSESpecification", Map.of("SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", Map.of("Fn::GetAtt", List.of(key, "Arn")))));
      Map<?, ?> props = (Map<?, ?>) primary.findResources("AWS::DynamoDB::Table").get(logicalIdOf(primary, "AWS::DynamoDB::Table", name)).get("Properties");
      assertThat((List<?>) props.get("GlobalSecondaryIndexes")).as(name + " GSIs").hasSize(4);
    }
    for (String table : List.of("Tenants", "Users", "AuditLogs")) {
      for (String suffix : List.of("TableName", "TableArn", "StreamArn")) primary.hasOutput(table + suffix, Match.anyValue());
    }
  }

  @Test
  void S6_redisClusterModeShardsReplicas() {
    primary.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of("ReplicationGroupId", "tap-dev-saas-redis",
        "CacheNodeType", "cache.r6g.4xlarge", "NumNodeGroups", 4, "ReplicasPerNodeGroup", 2, "ClusterMode", "enabled",
        "AutomaticFailoverEnabled", true, "TransitEncryptionEnabled", true, "AtRestEncryptionEnabled", true,
        "KmsKeyId", Map.of("Fn::GetAtt", List.of(logicalId(primary, "AWS::KMS::Key"), "Arn"))));
    // the AUTH token is a Secrets Manager dynamic reference, never a literal
    String group = primary.findResources("AWS::ElastiCache::ReplicationGroup").toString();
    assertThat(group).contains("{{resolve:secretsmanager:");
    primary.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("Name", "tap-dev-saas-redis-auth", "KmsKeyId", Match.anyValue()));
  }

  /** Every key of docs/outputs.md for saas, exported as {@code tap-dev-saas-<kebab key>}. */
  static final List<String> PRIMARY_KEYS = List.of("StackRegion", "Blueprint", "EnvironmentSuffix", "VpcId", "PrivateSubnetIds",
      "IsolatedSubnetIds", "PublicSubnetIds", "KmsKeyArn", "KmsKeyId", "AuroraClusterId", "AuroraClusterArn", "AuroraWriterEndpoint", "AuroraReaderEndpoint",
      "AuroraSecretArn", "AuroraInstanceIds", "AuroraGlobalClusterId", "AsgName", "AsgArn", "LaunchTemplateId", "AlbArn", "AlbFullName",
      "AlbDnsName", "TenantsTableName", "TenantsTableArn", "TenantsStreamArn", "UsersTableName", "UsersTableArn", "UsersStreamArn",
      "AuditLogsTableName", "AuditLogsTableArn", "AuditLogsStreamArn", "RedisReplicationGroupId", "RedisConfigurationEndpoint",
      "RedisPort", "RedisAuthSecretArn", "DashboardName");

  @Test
  void S7_outputsAndExportNames() {
    Map<String, Map<String, Object>> outputs = primary.findOutputs("*");
    assertThat(outputs.keySet()).containsExactlyInAnyOrderElementsOf(PRIMARY_KEYS);
    for (String key : PRIMARY_KEYS) {
      primary.hasOutput(key, Map.of("Export", Map.of("Name", "tap-dev-saas-" + key.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase())));
    }
    primary.hasOutput("StackRegion", Map.of("Value", "us-east-1"));
    primary.hasOutput("Blueprint", Map.of("Value", "saas"));
    primary.hasOutput("AlbFullName", Map.of("Value", Map.of("Fn::GetAtt", List.of(logicalId(primary, "AWS::ElasticLoadBalancingV2::LoadBalancer"), "LoadBalancerFullName"))));
    primary.hasOutput("AlbArn", Map.of("Value", Map.of("Ref", logicalId(primary, "AWS::ElasticLoadBalancingV2::LoadBalancer"))));
    primary.hasOutput("AsgName", Map.of("Value", Map.of("Ref", logicalId(primary, "AWS::AutoScaling::AutoScalingGroup"))));

    assertThat(usWest2.findOutputs("*").keySet()).containsExactlyInAnyOrder("StackRegion", "Blueprint", "EnvironmentSuffix",
        "AuroraSecondaryClusterId", "AuroraSecondaryClusterArn");
    usWest2.hasOutput("StackRegion", Map.of("Value", "us-west-2", "Export", Map.of("Name", "tap-dev-saas-stack-region")));
    usWest2.hasOutput("AuroraSecondaryClusterId", Map.of("Export", Map.of("Name", "tap-dev-saas-aurora-secondary-cluster-id")));
  }

  @Test
  void S2_secondaryRegionSameAsPrimaryIsRejected() {
    App app = App.Builder.create().context(Map.of("saas.secondaryRegions", "us-west-2,us-east-1")).build();
    assertThatThrownBy(() -> new SaasBlueprint().define(app, new BlueprintContext(app)))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("saas.secondaryRegions")
        .hasMessageContaining("distinct regions other than us-east-1");
  }

  private static String targetGroup(String route) {
    return primary.findResources("AWS::ElasticLoadBalancingV2::TargetGroup").keySet().stream()
        .filter(id -> id.startsWith("LoadBalancer" + route + "Targets")).findFirst().orElseThrow();
  }

  static String logicalId(Template t, String type) {
    Map<String, Map<String, Object>> found = t.findResources(type);
    assertThat(found).as(type).hasSize(1);
    return found.keySet().iterator().next();
  }

  static String logicalIdOf(Template t, String type, String tableName) {
    return t.findResources(type, Map.of("Properties", Map.of("TableName", tableName))).keySet().iterator().next();
  }

  static List<Object> values(Template t, String type, String property) {
    return t.findResources(type).values().stream().map(r -> ((Map<?, ?>) r.get("Properties")).get(property)).map(v -> (Object) v).toList();
  }

  /** The SLO alarm agrees with the optimizer's saas policy (latencyP95Ms), not with trading's 15 ms. */
  @Test
  void sloLatencyAlarmUsesTheSaasObjective() {
    primary.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("MetricName", "Latency", "ExtendedStatistic", "p95", "Threshold", 200)));
  }
}
