package dev.tap.blueprints.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.blueprints.Synthesized;
import dev.tap.blueprints.shared.BlueprintContext;
import dev.tap.blueprints.shared.ContextException;
import dev.tap.blueprints.shared.LambdaFleet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** SPEC G1-G6 on the synthesized template of the staging blueprint with default context. */
class StagingBlueprintTest {
  private static Stack stack;
  private static Template t;

  @BeforeAll
  static void synthesize() {
    Synthesized staging = Synthesized.of(StagingBlueprint.NAME);
    assertThat(staging.stacks).hasSize(1);
    stack = staging.primaryStack();
    t = staging.primary();
  }

  @Test
  void G1_vpcEndpointsS3AndDynamoDb() {
    assertThat(stack.getStackName()).isEqualTo("Tap-staging-dev");
    assertThat(stack.getRegion()).isEqualTo("us-east-1");
    // one NAT gateway (one Elastic IP) by default: staging.natGateways
    t.resourceCountIs("AWS::EC2::NatGateway", 1);
    t.resourceCountIs("AWS::EC2::Subnet", 9);
    assertThat(t.findResources("AWS::EC2::Subnet").values().stream().<Object>map(r -> ((Map<?, ?>) r.get("Properties")).get("AvailabilityZone")))
        .containsOnly("us-east-1a", "us-east-1b", "us-east-1c");
    for (String service : List.of("s3", "dynamodb")) {
      t.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway",
          "ServiceName", Map.of("Fn::Join", List.of("", List.of("com.amazonaws.", Map.of("Ref", "AWS::Region"), "." + service)))));
    }
    t.resourceCountIs("AWS::EC2::VPCEndpoint", 2);
  }

  @Test
  void G2_rdsMultiAzGp3Iops() {
    // 12,000, not the 10,000 asked: RDS gp3 at 400 GiB or more has a 12,000 IOPS baseline
    t.hasResourceProperties("AWS::RDS::DBInstance", Map.of("DBInstanceIdentifier", "tap-dev-staging-db", "Engine", "postgres",
        "DBInstanceClass", "db.r6g.2xlarge", "MultiAZ", true, "AllocatedStorage", "1000", "StorageType", "gp3", "Iops", 12000,
        "StorageEncrypted", true, "KmsKeyId", Map.of("Fn::GetAtt", List.of(keyId(), "Arn"))));
    t.hasResourceProperties("AWS::RDS::DBInstance", Map.of("DBInstanceIdentifier", "tap-dev-staging-db", "EnableIAMDatabaseAuthentication", true,
        "EnablePerformanceInsights", true, "MonitoringInterval", 60, "EnableCloudwatchLogsExports", List.of("postgresql", "upgrade"),
        "MasterUserPassword", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(Match.stringLikeRegexp("\\{\\{resolve:secretsmanager:.*")))))));
    String primary = t.findResources("AWS::RDS::DBInstance", Map.of("Properties", Map.of("DBInstanceIdentifier", "tap-dev-staging-db")))
        .keySet().iterator().next();
    // the replica sits in a zone of its own, with the same class and storage
    t.hasResourceProperties("AWS::RDS::DBInstance", Map.of("DBInstanceIdentifier", "tap-dev-staging-db-replica",
        "SourceDBInstanceIdentifier", Match.anyValue(), "AvailabilityZone", "us-east-1c", "DBInstanceClass", "db.r6g.2xlarge",
        "StorageType", "gp3", "Iops", 12000, "KmsKeyId", Map.of("Fn::GetAtt", List.of(keyId(), "Arn")), "StorageEncrypted", Match.absent()));
    assertThat(t.findResources("AWS::RDS::DBInstance", Map.of("Properties", Map.of("DBInstanceIdentifier", "tap-dev-staging-db-replica")))
        .toString()).contains(primary);
    t.hasResourceProperties("AWS::RDS::DBParameterGroup", Map.of("Parameters", Match.objectLike(Map.of("rds.force_ssl", "1"))));
    t.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("Name", "tap-dev-staging-db-credentials", "KmsKeyId", Match.anyValue()));
    t.hasResourceProperties("AWS::SecretsManager::RotationSchedule", Map.of("RotationRules", Map.of("ScheduleExpression", "rate(30 days)")));
  }

  @Test
  void G2_iopsBelowGp3BaselineIsRejected() {
    App app = App.Builder.create().context(Map.of("staging.rds.iops", "10000")).build();
    assertThatThrownBy(() -> new StagingBlueprint().define(app, new BlueprintContext(app)))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("staging.rds.iops")
        .hasMessageContaining("from 12000 to 64000");
  }

  @Test
  void G3_asgBehindNlb() {
    String lb = only("AWS::ElasticLoadBalancingV2::LoadBalancer");
    String tg = only("AWS::ElasticLoadBalancingV2::TargetGroup");
    t.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of("Type", "network", "Name", "tap-dev-staging-nlb",
        "Scheme", "internal", "SecurityGroups", List.of(Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LoadBalancerSecurityGroup.*"), "GroupId")))));
    t.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("LoadBalancerArn", Map.of("Ref", lb), "Protocol", "TCP", "Port", 80,
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", Map.of("Ref", tg)))));
    t.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of("Protocol", "TCP", "Port", 8080, "TargetType", "instance"));
    t.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of("AutoScalingGroupName", "tap-dev-staging-asg",
        "TargetGroupARNs", List.of(Map.of("Ref", tg)), "HealthCheckType", "ELB", "MinSize", "8", "DesiredCapacity", "10", "MaxSize", "15"));
    t.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of("InstanceType", "c5.4xlarge"))));
    // the load balancer (traffic and health checks) reaches the instances on the service port, nothing else does
    t.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("IpProtocol", "tcp", "FromPort", 8080, "ToPort", 8080,
        "GroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("FleetSecurityGroup.*"), "GroupId")),
        "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LoadBalancerSecurityGroup.*"), "GroupId"))));
  }

  @Test
  void G4_redisSixShardsTwoReplicas() {
    t.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of("ReplicationGroupId", "tap-dev-staging-redis",
        "CacheNodeType", "cache.r6g.2xlarge", "ClusterMode", "enabled", "NumNodeGroups", 6, "ReplicasPerNodeGroup", 2,
        "AutomaticFailoverEnabled", true, "TransitEncryptionEnabled", true, "AtRestEncryptionEnabled", true));
  }

  @Test
  void G5_lambdaFleetMemoryTimeoutConcurrency() {
    for (int i = 1; i <= 5; i++) {
      String name = "tap-dev-staging-fn-" + i;
      t.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", name, "MemorySize", 3008, "Timeout", 900,
          "ReservedConcurrentExecutions", 100, "LoggingConfig", Map.of("LogGroup", Map.of("Ref", Match.stringLikeRegexp("FunctionsLogs" + i + ".*"))),
          "VpcConfig", Match.objectLike(Map.of("SubnetIds", Match.anyValue()))));
      t.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/aws/lambda/" + name, "RetentionInDays", 30,
          "KmsKeyId", Map.of("Fn::GetAtt", List.of(keyId(), "Arn"))));
    }
    // the database secret's rotation function is a serverless application, not one of these
    t.resourceCountIs("AWS::Lambda::Function", 5);
    assertThat(t.findResources("AWS::Lambda::Alias", Map.of("Properties", Map.of("Name", LambdaFleet.ALIAS,
        "ProvisionedConcurrencyConfig", Map.of("ProvisionedConcurrentExecutions", 50))))).hasSize(5);
    t.hasOutput("LambdaFunctionNames", Map.of("Export", Map.of("Name", "tap-dev-staging-lambda-function-names")));
  }

  @Test
  void G6_everythingDestroyedWithTheStack() {
    Map<?, ?> resources = (Map<?, ?>) t.toJSON().get("Resources");
    assertThat(resources).hasSizeGreaterThan(100);
    resources.forEach((id, value) -> {
      Map<?, ?> r = (Map<?, ?>) value;
      assertThat(r.get("DeletionPolicy")).as(id + " DeletionPolicy").isEqualTo("Delete");
      assertThat(r.get("UpdateReplacePolicy")).as(id + " UpdateReplacePolicy").isIn(null, "Delete");
    });
    t.hasResourceProperties("AWS::RDS::DBInstance", Map.of("DBInstanceIdentifier", "tap-dev-staging-db", "DeletionProtection", false));
    t.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of("LoadBalancerAttributes",
        Match.arrayWith(List.of(Map.of("Key", "deletion_protection.enabled", "Value", "false")))));
    t.hasResourceProperties("AWS::KMS::Key", Map.of("PendingWindowInDays", 7));
  }

  @Test
  void outputsFollowTheContract() {
    List<String> keys = List.of("StackRegion", "Blueprint", "EnvironmentSuffix", "VpcId", "PrivateSubnetIds", "IsolatedSubnetIds", "PublicSubnetIds", "KmsKeyArn", "KmsKeyId",
        "RdsInstanceId", "RdsEndpoint", "RdsReplicaId", "RdsSecretArn", "AsgName", "AsgArn", "LaunchTemplateId", "NlbArn", "NlbFullName",
        "NlbDnsName", "RedisReplicationGroupId", "RedisConfigurationEndpoint", "RedisPort", "RedisAuthSecretArn", "LambdaFunctionNames",
        "DashboardName");
    assertThat(t.findOutputs("*").keySet()).containsExactlyInAnyOrderElementsOf(keys);
    for (String key : keys) {
      t.hasOutput(key, Map.of("Export", Map.of("Name", "tap-dev-staging-" + key.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase())));
    }
    t.hasOutput("NlbFullName", Map.of("Value", Map.of("Fn::GetAtt", List.of(only("AWS::ElasticLoadBalancingV2::LoadBalancer"), "LoadBalancerFullName"))));
  }

  private static String keyId() {
    return only("AWS::KMS::Key");
  }

  private static String only(String type) {
    Map<String, Map<String, Object>> found = t.findResources(type);
    assertThat(found).as(type).hasSize(1);
    return found.keySet().iterator().next();
  }

  /** The SLO alarm agrees with the optimizer's staging policy (latencyP95Ms), not with trading's 15 ms. */
  @Test
  void sloLatencyAlarmUsesTheStagingObjective() {
    t.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("MetricName", "Latency", "ExtendedStatistic", "p95", "Threshold", 500)));
  }
}
