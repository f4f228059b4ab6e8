package dev.tap.blueprints.trading;

import static dev.tap.blueprints.TemplateJson.list;
import static dev.tap.blueprints.TemplateJson.map;
import static dev.tap.blueprints.TemplateJson.props;
import static dev.tap.blueprints.TemplateJson.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.blueprints.Synthesized;
import dev.tap.blueprints.TemplateJson;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** SPEC T1-T9 on the synthesized trading stack (defaults: suffix dev, us-east-1a/b/c). */
class TradingBlueprintTest {
  private static final List<String> AZS = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  private static Template t;

  @BeforeAll
  static void synth() {
    t = Synthesized.of("trading").template("Tap-trading-dev");
  }

  @Test
  void T1_vpcThreeAzsFlowLogs() {
    t.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.10.0.0/16", "EnableDnsHostnames", true));
    Map<String, Map<String, Object>> subnets = props(t, "AWS::EC2::Subnet");
    assertThat(subnets).hasSize(9);
    assertThat(subnets.values().stream().map(s -> (String) s.get("AvailabilityZone")).collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(AZS);
    Map<String, Long> byType = subnets.values().stream().collect(Collectors.groupingBy(s -> tag(s, "aws-cdk:subnet-type"), Collectors.counting()));
    assertThat(byType).containsExactlyInAnyOrderEntriesOf(Map.of("Public", 3L, "Private", 3L, "Isolated", 3L));
    // one NAT gateway per zone, each in its own public subnet
    assertThat(props(t, "AWS::EC2::NatGateway")).hasSize(3);
    assertThat(props(t, "AWS::EC2::NatGateway").values().stream().map(n -> String.valueOf(n.get("SubnetId"))).distinct()).hasSize(3);

    Map<String, Object> flowLog = single(t, "AWS::EC2::FlowLog");
    assertThat(flowLog).containsEntry("LogDestinationType", "cloud-watch-logs").containsEntry("TrafficType", "ALL").containsEntry("ResourceType", "VPC");
    t.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/tap/dev/trading/vpc-flow-logs", "RetentionInDays", 90,
        "KmsKeyId", Map.of("Fn::GetAtt", List.of(keyId(), "Arn"))));
  }

  @Test
  void T2_auroraPostgresWriterFourReadersBackups() {
    Map<String, Object> cluster = single(t, "AWS::RDS::DBCluster");
    assertThat(cluster).containsEntry("Engine", "aurora-postgresql").containsEntry("DBClusterIdentifier", "tap-dev-trading-aurora")
        .containsEntry("BackupRetentionPeriod", 35).containsEntry("StorageEncrypted", true).containsEntry("DeletionProtection", true)
        .containsEntry("EnableIAMDatabaseAuthentication", true).containsEntry("KmsKeyId", Map.of("Fn::GetAtt", List.of(keyId(), "Arn")));
    assertThat((String) cluster.get("EngineVersion")).startsWith("16.");
    assertThat(String.valueOf(cluster.get("MasterUserPassword"))).contains("{{resolve:secretsmanager:");
    assertThat(map(single(t, "AWS::RDS::DBClusterParameterGroup").get("Parameters"))).containsEntry("rds.force_ssl", "1");

    Map<String, Map<String, Object>> instances = props(t, "AWS::RDS::DBInstance");
    assertThat(instances).hasSize(5);
    assertThat(instances.values()).allSatisfy(i -> {
      assertThat(i).containsEntry("DBInstanceClass", "db.r6g.8xlarge").containsEntry("EnablePerformanceInsights", true)
          .containsEntry("PubliclyAccessible", false);
      assertThat((Integer) i.get("MonitoringInterval")).isBetween(1, 60);
    });
    assertThat(instances.values().stream().map(i -> (String) i.get("DBInstanceIdentifier")))
        .containsExactlyInAnyOrder("tap-dev-trading-aurora-writer", "tap-dev-trading-aurora-reader-1", "tap-dev-trading-aurora-reader-2",
            "tap-dev-trading-aurora-reader-3", "tap-dev-trading-aurora-reader-4");
    // the four readers are spread over all three zones
    assertThat(instances.values().stream().filter(i -> ((String) i.get("DBInstanceIdentifier")).contains("reader"))
        .map(i -> (String) i.get("AvailabilityZone")).collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(AZS);

    // "4-hour backups": an AWS Backup rule every 4 hours, kept 35 days, selecting the cluster
    Map<String, Object> rule = map(list(map(single(t, "AWS::Backup::BackupPlan").get("BackupPlan")).get("BackupPlanRule")).get(0));
    assertThat(rule).containsEntry("ScheduleExpression", "cron(0 */4 * * ? *)").containsEntry("RuleName", "every-4-hours");
    assertThat(map(rule.get("Lifecycle"))).containsEntry("DeleteAfterDays", 35);
    String selection = String.valueOf(single(t, "AWS::Backup::BackupSelection"));
    String clusterLogicalId = props(t, "AWS::RDS::DBCluster").keySet().iterator().next();
    assertThat(selection).contains(":cluster:, {Ref=" + clusterLogicalId + "}");
    t.hasResourceProperties("AWS::Backup::BackupVault", Map.of("EncryptionKeyArn", Map.of("Fn::GetAtt", List.of(keyId(), "Arn"))));
  }

  @Test
  void T3_asgCapacityAndStorage() {
    Map<String, Object> asg = single(t, "AWS::AutoScaling::AutoScalingGroup");
    assertThat(asg).containsEntry("AutoScalingGroupName", "tap-dev-trading-asg").containsEntry("MinSize", "15")
        .containsEntry("DesiredCapacity", "20").containsEntry("MaxSize", "30");
    assertThat(list(asg.get("VPCZoneIdentifier"))).hasSize(3);

    Map<String, Object> data = map(single(t, "AWS::EC2::LaunchTemplate").get("LaunchTemplateData"));
    assertThat(data).containsEntry("InstanceType", "c6i.8xlarge").containsEntry("EbsOptimized", true);
    assertThat(map(data.get("Monitoring"))).containsEntry("Enabled", true);
    assertThat(map(data.get("MetadataOptions"))).containsEntry("HttpTokens", "required");
    Map<String, Object> ebs = map(map(list(data.get("BlockDeviceMappings")).get(0)).get("Ebs"));
    assertThat(ebs).containsEntry("VolumeType", "io2").containsEntry("Iops", 10000).containsEntry("Encrypted", true);
    // ENA: the AMI is Amazon Linux 2023 (ENA driver built in) on a Nitro type
    assertThat(String.valueOf(data.get("ImageId"))).contains("al2023");

    // partition placement (a cluster group cannot span the three zones)
    Map<String, Object> pg = single(t, "AWS::EC2::PlacementGroup");
    assertThat(pg).containsEntry("Strategy", "partition").containsEntry("PartitionCount", 3);
    assertThat(map(data.get("Placement"))).containsKey("GroupName");

    String userData = String.valueOf(data.get("UserData"));
    assertThat(userData).contains("amazon-cloudwatch-agent").contains("xray").contains("/tap/dev/trading/app");
  }

  @Test
  void T4_redisClusterModeDataTiering() {
    Map<String, Object> rg = single(t, "AWS::ElastiCache::ReplicationGroup");
    assertThat(rg).containsEntry("ReplicationGroupId", "tap-dev-trading-redis").containsEntry("CacheNodeType", "cache.r6gd.8xlarge")
        .containsEntry("DataTieringEnabled", true).containsEntry("ClusterMode", "enabled").containsEntry("NumNodeGroups", 15)
        .containsEntry("ReplicasPerNodeGroup", 2).containsEntry("AutomaticFailoverEnabled", true).containsEntry("MultiAZEnabled", true)
        .containsEntry("TransitEncryptionEnabled", true).containsEntry("AtRestEncryptionEnabled", true)
        .containsEntry("KmsKeyId", Map.of("Fn::GetAtt", List.of(keyId(), "Arn")));
    assertThat((String) rg.get("CacheParameterGroupName")).endsWith(".cluster.on");
    assertThat(String.valueOf(rg.get("AuthToken"))).contains("{{resolve:secretsmanager:");
    t.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("Name", "tap-dev-trading-redis-auth",
        "GenerateSecretString", Match.objectLike(Map.of("GenerateStringKey", "token", "PasswordLength", 64))));
  }

  @Test
  void T5_dynamoTablesProvisionedGsisStreams() {
    Map<String, Map<String, Object>> tables = props(t, "AWS::DynamoDB::Table");
    assertThat(tables.values().stream().map(x -> (String) x.get("TableName"))).containsExactlyInAnyOrder("tap-dev-trades", "tap-dev-orders", "tap-dev-positions");
    assertThat(tables.values()).allSatisfy(table -> {
      assertThat(table.get("BillingMode")).isIn(null, "PROVISIONED");
      assertThat(map(table.get("ProvisionedThroughput"))).containsEntry("ReadCapacityUnits", 1000).containsEntry("WriteCapacityUnits", 1000);
      List<Object> gsis = list(table.get("GlobalSecondaryIndexes"));
      assertThat(gsis).hasSize(3);
      assertThat(gsis).allSatisfy(g -> assertThat(map(g)).containsKey("ProvisionedThroughput"));
      assertThat(map(table.get("StreamSpecification"))).containsEntry("StreamViewType", "NEW_AND_OLD_IMAGES");
      assertThat(map(table.get("PointInTimeRecoverySpecification"))).containsEntry("PointInTimeRecoveryEnabled", true);
      assertThat(map(table.get("SSESpecification"))).containsEntry("SSEEnabled", true).containsEntry("SSEType", "KMS")
          .containsEntry("KMSMasterKeyId", Map.of("Fn::GetAtt", List.of(keyId(), "Arn")));
    });
  }

  @Test
  void T6_daxSixNodesScopedRole() {
    Map<String, Object> dax = single(t, "AWS::DAX::Cluster");
    assertThat(dax).containsEntry("ClusterName", "tap-dev-dax").containsEntry("NodeType", "dax.r4.8xlarge").containsEntry("ReplicationFactor", 6)
        .containsEntry("ClusterEndpointEncryptionType", "TLS");
    assertThat(map(dax.get("SSESpecification"))).containsEntry("SSEEnabled", true);
    assertThat(new HashSet<>(list(dax.get("AvailabilityZones")))).containsExactlyInAnyOrderElementsOf(AZS);
    assertThat(list(single(t, "AWS::DAX::SubnetGroup").get("SubnetIds"))).hasSize(3);

    // the service role reaches the three tables and their indexes, and nothing else
    String roleId = ((List<?>) map(dax.get("IAMRoleARN")).get("Fn::GetAtt")).get(0).toString();
    Map<String, Object> role = map(TemplateJson.resources(t).get(roleId).get("Properties"));
    assertThat(String.valueOf(role.get("AssumeRolePolicyDocument"))).contains("dax.amazonaws.com");
    List<Object> statements = list(map(map(list(role.get("Policies")).get(0)).get("PolicyDocument")).get("Statement"));
    assertThat(statements).hasSize(1);
    Map<String, Object> st = map(statements.get(0));
    assertThat(list(st.get("Action"))).allSatisfy(a -> assertThat((String) a).startsWith("dynamodb:").doesNotContain("*"));
    List<Object> resources = list(st.get("Resource"));
    assertThat(resources).hasSize(6);
    Set<String> tableIds = props(t, "AWS::DynamoDB::Table").keySet();
    assertThat(resources.stream().map(String::valueOf)).allSatisfy(r -> assertThat(tableIds.stream().anyMatch(r::contains)).isTrue());
    assertThat(resources.stream().map(String::valueOf).filter(r -> r.contains("/index/*"))).hasSize(3);
  }

  @Test
  void T7_siteToSiteVpnStaticRoutes() {
    assertThat(single(t, "AWS::EC2::VPNGateway")).containsEntry("Type", "ipsec.1");
    t.hasResourceProperties("AWS::EC2::VPCGatewayAttachment", Match.objectLike(Map.of("VpnGatewayId", Match.anyValue())));
    assertThat(single(t, "AWS::EC2::CustomerGateway")).containsEntry("IpAddress", "203.0.113.10").containsEntry("Type", "ipsec.1")
        .containsEntry("BgpAsn", 65000);
    assertThat(single(t, "AWS::EC2::VPNConnection")).containsEntry("StaticRoutesOnly", true).containsEntry("Type", "ipsec.1");
    assertThat(single(t, "AWS::EC2::VPNConnectionRoute")).containsEntry("DestinationCidrBlock", "172.16.0.0/16");
    // routes learned from the gateway propagate into the three private route tables
    assertThat(list(single(t, "AWS::EC2::VPNGatewayRoutePropagation").get("RouteTableIds"))).hasSize(3);
  }

  @Test
  void T8_observabilityDashboardXrayQueryAlarms() {
    // the SLO alarms (the infrastructure alarms are DeployAndTeardownTest's)
    Map<String, Map<String, Object>> alarms = props(t, "AWS::CloudWatch::Alarm").entrySet().stream()
        .filter(e -> "TAP/SLO".equals(e.getValue().get("Namespace"))).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(alarms).hasSize(3);
    Map<String, Map<String, Object>> byMetric = alarms.values().stream().collect(Collectors.toMap(a -> (String) a.get("MetricName"), a -> a));
    assertThat(byMetric.get("Latency")).containsEntry("ExtendedStatistic", "p95").containsEntry("Threshold", 15)
        .containsEntry("ComparisonOperator", "GreaterThanThreshold");
    assertThat(byMetric.get("ErrorRate")).containsEntry("Statistic", "Average").containsEntry("Threshold", 1);
    assertThat(byMetric.get("QueueDepth")).containsEntry("Statistic", "Maximum").containsEntry("Threshold", 1000);
    assertThat(alarms.values()).allSatisfy(a -> {
      assertThat(a).containsEntry("Namespace", "TAP/SLO").containsEntry("Period", 60);
      assertThat(list(a.get("Dimensions")).stream().map(String::valueOf).collect(Collectors.joining()))
          .contains("Blueprint").contains("trading").contains("Environment").contains("dev");
      assertThat(list(a.get("AlarmActions"))).hasSize(1);
    });

    assertThat(single(t, "AWS::CloudWatch::Dashboard")).containsEntry("DashboardName", "tap-dev-trading");
    assertThat(single(t, "AWS::XRay::Group")).containsEntry("GroupName", "tap-dev-trading");
    Map<String, Object> rule = map(single(t, "AWS::XRay::SamplingRule").get("SamplingRule"));
    assertThat(rule).containsEntry("RuleName", "tap-dev-trading").containsEntry("FixedRate", 0.05);

    Map<String, Object> query = single(t, "AWS::Logs::QueryDefinition");
    assertThat(query).containsEntry("Name", "tap-dev-trading/order-latency");
    assertThat((String) query.get("QueryString")).contains("pct(latencyMs, 50)").contains("pct(latencyMs, 95)").contains("pct(latencyMs, 99)")
        .contains("bin(1m)");

    // 1-minute detailed metrics: instances and the group's own metrics
    assertThat(map(map(single(t, "AWS::EC2::LaunchTemplate").get("LaunchTemplateData")).get("Monitoring"))).containsEntry("Enabled", true);
    assertThat(list(single(t, "AWS::AutoScaling::AutoScalingGroup").get("MetricsCollection"))).containsExactly(Map.of("Granularity", "1Minute"));
  }

  @Test
  void T9_mlRegionOutputAndTag() {
    t.hasOutput("MlRegion", Map.of("Value", "us-west-2", "Export", Map.of("Name", "tap-dev-trading-ml-region")));
    assertThat(String.valueOf(single(t, "AWS::EC2::VPC").get("Tags"))).contains("Key=MlRegion").contains("Value=us-west-2");
  }

  @Test
  void outputs_coverTheOptimizerContract() {
    assertThat(TemplateJson.outputs(t).keySet()).containsExactlyInAnyOrder("StackRegion", "Blueprint", "EnvironmentSuffix", "VpcId", "PrivateSubnetIds",
        "IsolatedSubnetIds", "PublicSubnetIds", "KmsKeyArn", "KmsKeyId", "AuroraClusterId", "AuroraClusterArn", "AuroraWriterEndpoint", "AuroraReaderEndpoint", "AuroraSecretArn",
        "AuroraInstanceIds", "BackupPlanId", "AsgName", "AsgArn", "LaunchTemplateId", "RedisReplicationGroupId", "RedisConfigurationEndpoint",
        "RedisPort", "RedisAuthSecretArn", "TradesTableName", "TradesTableArn", "TradesStreamArn", "OrdersTableName", "OrdersTableArn",
        "OrdersStreamArn", "PositionsTableName", "PositionsTableArn", "PositionsStreamArn", "DaxClusterName", "DaxClusterArn", "DaxEndpoint",
        "VpnConnectionId", "DashboardName", "MlRegion");
    t.hasOutput("StackRegion", Map.of("Value", "us-east-1"));
    t.hasOutput("Blueprint", Map.of("Value", "trading"));
    t.hasOutput("AuroraInstanceIds", Map.of("Value",
        "tap-dev-trading-aurora-writer,tap-dev-trading-aurora-reader-1,tap-dev-trading-aurora-reader-2,tap-dev-trading-aurora-reader-3,tap-dev-trading-aurora-reader-4"));
  }

  private static String keyId() {
    return props(t, "AWS::KMS::Key").keySet().iterator().next();
  }

  private static String tag(Map<String, Object> resource, String key) {
    return list(resource.get("Tags")).stream().map(TemplateJson::map).filter(m -> key.equals(m.get("Key"))).map(m -> (String) m.get("Value"))
        .findFirst().orElse("");
  }
}
