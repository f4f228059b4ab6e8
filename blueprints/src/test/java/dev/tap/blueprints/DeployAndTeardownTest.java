package dev.tap.blueprints;

import static dev.tap.blueprints.TemplateJson.list;
import static dev.tap.blueprints.TemplateJson.map;
import static dev.tap.blueprints.TemplateJson.props;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.assertions.Template;

/**
 * What a real account's deploy and teardown need (issue 17), on every stack of every blueprint:
 * Elastic IPs within the default quota, rotation that can reach Secrets Manager, pinned engines that
 * stay pinned, the master secrets read by their rotation only, deletion that succeeds and leaves no
 * retained resource without what it needs, Redis graphs on the dimension ElastiCache publishes.
 */
class DeployAndTeardownTest {

  /** Elastic IPs (one per NAT gateway) by stack with default context: us-east-1 holds 3 + 1 + 1 = 5, the default quota. */
  @Test
  void f1_natGatewaysPerStackFitTheDefaultElasticIpQuota() {
    Map<String, Integer> eips = new LinkedHashMap<>();
    forEachStack((name, region, t) -> {
      assertThat(props(t, "AWS::EC2::NatGateway")).as(name).hasSameSizeAs(props(t, "AWS::EC2::EIP"));
      eips.put(name, props(t, "AWS::EC2::EIP").size());
    });
    assertThat(eips).containsEntry("Tap-trading-dev", 3).containsEntry("Tap-saas-dev", 1).containsEntry("Tap-saas-dev-us-west-2", 1)
        .containsEntry("Tap-saas-dev-eu-west-1", 1).containsEntry("Tap-staging-dev", 1);
  }

  /** Every rotation function runs in subnets CDK made PRIVATE_WITH_EGRESS (a NAT route to Secrets Manager), none in isolated ones. */
  @Test
  void f2_rotationFunctionsRunInSubnetsWithEgress() {
    int[] rotations = {0};
    forEachStack((name, region, t) -> props(t, "AWS::Serverless::Application").forEach((id, app) -> {
      rotations[0]++;
      String subnets = String.valueOf(map(app.get("Parameters")).get("vpcSubnetIds"));
      List<String> refs = new ArrayList<>();
      props(t, "AWS::EC2::Subnet").keySet().forEach(subnet -> {
        if (subnets.contains("Ref=" + subnet + "}")) refs.add(subnet);
      });
      assertThat(refs).as(name + " " + id + " subnets").isNotEmpty().allSatisfy(subnet -> assertThat(subnetType(t, subnet)).isEqualTo("Private"));
    }));
    // trading Aurora, saas primary Aurora, staging RDS
    assertThat(rotations[0]).isEqualTo(3);
  }

  /** Every engine version is pinned, so no instance or cache upgrades itself in a maintenance window. */
  @Test
  void f3_pinnedEnginesDoNotUpgradeThemselves() {
    forEachStack((name, region, t) -> {
      props(t, "AWS::RDS::DBInstance").forEach((id, i) -> assertThat(i).as(name + " " + id).containsEntry("AutoMinorVersionUpgrade", false));
      props(t, "AWS::ElastiCache::ReplicationGroup").forEach((id, g) -> assertThat(g).as(name + " " + id)
          .containsEntry("AutoMinorVersionUpgrade", false).containsKey("EngineVersion"));
    });
  }

  /** A database master secret (the one with a target attachment) appears in no IAM policy of the template: only rotation reads it. */
  @Test
  void f4_noRoleReadsADatabaseMasterSecret() {
    int[] secrets = {0};
    forEachStack((name, region, t) -> {
      Set<String> master = new LinkedHashSet<>();
      props(t, "AWS::SecretsManager::SecretTargetAttachment").values().forEach(a -> master.add(String.valueOf(map(a.get("SecretId")).get("Ref"))));
      secrets[0] += master.size();
      List<Object> policies = new ArrayList<>();
      for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role")) policies.addAll(props(t, type).values());
      for (String secret : master) assertThat(String.valueOf(policies)).as(name + ": IAM policies naming " + secret).doesNotContain(secret);
    });
    assertThat(secrets[0]).isEqualTo(3);
  }

  /**
   * Stack deletion succeeds and leaves nothing retained without what it uses: every resource a retained
   * resource references (Ref / GetAtt: its key, secret, subnets, security groups, roles) is retained too,
   * and deletion protection only on retained resources (CloudFormation cannot delete those).
   */
  @Test
  void f5_retainedResourcesKeepWhatTheyReferenceAndProtectedOnesAreRetained() {
    forEachStack((name, region, t) -> {
      Map<String, Map<String, Object>> resources = TemplateJson.resources(t);
      List<String> broken = new ArrayList<>();
      resources.forEach((id, r) -> {
        if (!retained(r)) return;
        Set<String> refs = new LinkedHashSet<>();
        references(r.get("Properties"), refs);
        for (String ref : refs) {
          Map<String, Object> target = resources.get(ref);
          // a key policy naming a role is a grant, not a dependency: a deleted role leaves an unused principal id
          if (target != null && "AWS::KMS::Key".equals(r.get("Type")) && "AWS::IAM::Role".equals(target.get("Type"))) continue;
          if (target != null && !retained(target)) broken.add(id + " (" + r.get("Type") + ") -> " + ref + " (" + target.get("Type") + ")");
        }
      });
      assertThat(broken).as(name + ": retained resources referencing resources deleted with the stack").isEmpty();
      resources.forEach((id, r) -> {
        String p = String.valueOf(r.get("Properties"));
        boolean protectedResource = p.contains("DeletionProtection=true") || p.contains("DeletionProtectionEnabled=true")
            || p.contains("Key=deletion_protection.enabled, Value=true");
        if (protectedResource) assertThat(retained(r)).as(name + " " + id + " has deletion protection, so it must be retained").isTrue();
      });
    });
  }

  /** Staging keeps nothing (SPEC G6): no retained resource at all, so a redeploy with the same suffix starts clean. */
  @Test
  void f5_stagingRetainsNothing() {
    Template t = Synthesized.of("staging").primary();
    assertThat(TemplateJson.resources(t).entrySet().stream().filter(e -> retained(e.getValue())).map(Map.Entry::getKey)).isEmpty();
  }

  /** Redis host metrics are graphed per member cluster (CacheClusterId), never by ReplicationGroupId. */
  @Test
  void f6_redisWidgetsGraphMemberClusters() {
    Map<String, Integer> nodes = Map.of("trading", 45, "saas", 12, "staging", 18);
    for (Synthesized s : Synthesized.all()) {
      if (!nodes.containsKey(s.blueprint)) continue;
      String body = String.valueOf(props(s.primary(), "AWS::CloudWatch::Dashboard").values());
      assertThat(body).as(s.blueprint).doesNotContain("ReplicationGroupId").contains("tap-dev-" + s.blueprint + "-redis-0001-001");
      int count = body.split("\"CacheClusterId\"", -1).length - 1;
      assertThat(count).as(s.blueprint + " member clusters graphed").isEqualTo(nodes.get(s.blueprint));
    }
  }

  /** Infrastructure alarms per platform, each with its missing-data rule: gauges notify on no data, event counts treat it as none. */
  @Test
  void f7_infrastructureAlarmsPerPlatform() {
    Map<String, List<String>> expected = Map.of(
        "trading", List.of("aurora-cpu", "redis-0001-cpu", "redis-0015-evictions", "trades-throttles", "positions-throttles", "dax-cpu", "asg-unhealthy"),
        "saas", List.of("aurora-cpu", "aurora-connections", "alb-response-time", "api-unhealthy-targets", "redis-0004-cpu", "audit-logs-throttles", "asg-unhealthy"),
        "staging", List.of("db-cpu", "db-replica-cpu", "redis-0006-evictions", "fn-5-errors", "fn-1-throttles", "nlb-unhealthy-targets", "asg-unhealthy"));
    expected.forEach((blueprint, names) -> {
      Map<String, Map<String, Object>> alarms = new HashMap<>();
      props(Synthesized.of(blueprint).primary(), "AWS::CloudWatch::Alarm").values().forEach(a -> alarms.put(String.valueOf(a.get("AlarmName")), a));
      for (String n : names) assertThat(alarms).as(blueprint).containsKey("tap-dev-" + blueprint + "-" + n);
      alarms.forEach((n, a) -> {
        assertThat(a).as(n).containsKey("TreatMissingData").containsKey("AlarmActions").containsKey("OKActions");
        if ("missing".equals(a.get("TreatMissingData"))) assertThat(a).as(n + ": a gauge notifies missing data").containsKey("InsufficientDataActions");
      });
      assertThat(alarms.values().stream().filter(a -> String.valueOf(a).contains("EngineCPUUtilization")))
          .allSatisfy(a -> assertThat(String.valueOf(a)).contains("CacheClusterId").doesNotContain("ReplicationGroupId"));
    });
  }

  /** The saas seed's three alarms with its thresholds. */
  @Test
  void f7_saasSeedAlarms() {
    Template t = Synthesized.of("saas").primary();
    Map<String, Map<String, Object>> alarms = new HashMap<>();
    props(t, "AWS::CloudWatch::Alarm").values().forEach(a -> alarms.put(String.valueOf(a.get("AlarmName")), a));
    assertThat(alarms.get("tap-dev-saas-aurora-cpu")).containsEntry("MetricName", "CPUUtilization").containsEntry("Threshold", 80)
        .containsEntry("ComparisonOperator", "GreaterThanThreshold").containsEntry("TreatMissingData", "missing");
    assertThat(alarms.get("tap-dev-saas-aurora-connections")).containsEntry("MetricName", "DatabaseConnections").containsEntry("Threshold", 8000);
    assertThat(alarms.get("tap-dev-saas-alb-response-time")).containsEntry("MetricName", "TargetResponseTime").containsEntry("Threshold", 2)
        .containsEntry("Statistic", "Average");
    assertThat(alarms.get("tap-dev-saas-tenants-throttles")).containsEntry("TreatMissingData", "notBreaching");
  }

  /** The seeds' outputs and tags: KmsKeyId beside KmsKeyArn, public subnet ids, DynamoDB TableType and DataClassification. */
  @Test
  void f8_seedOutputsAndTableTags() {
    for (Synthesized s : Synthesized.all()) {
      if (s.blueprint.equals("ml")) continue;
      assertThat(TemplateJson.outputs(s.primary())).as(s.blueprint).containsKeys("KmsKeyArn", "KmsKeyId", "PublicSubnetIds");
      assertThat(String.valueOf(TemplateJson.outputs(s.primary()).get("KmsKeyId").get("Value"))).contains("Ref=");
      props(s.primary(), "AWS::DynamoDB::Table").values().forEach(table -> {
        Map<Object, Object> tags = new HashMap<>();
        list(table.get("Tags")).forEach(tag -> tags.put(map(tag).get("Key"), map(tag).get("Value")));
        assertThat(tags).as(s.blueprint + " " + table.get("TableName")).containsKeys("TableType", "DataClassification");
        assertThat(String.valueOf(table.get("TableName"))).endsWith(String.valueOf(tags.get("TableType")).replace('_', '-'));
      });
    }
  }

  /** Context keys: a permissions boundary on every role of the stack, and the NAT gateway count (one Elastic IP each). */
  @Test
  void f8_permissionsBoundaryOnEveryRole_f1_natGatewaysFromContext() {
    App app = App.Builder.create().context(Map.of("blueprints", "staging", "permissionsBoundary", "TapBoundary", "staging.natGateways", "2")).build();
    Template t = Template.fromStack(BlueprintRegistry.standard().define(app).get(0));
    Map<String, Map<String, Object>> roles = props(t, "AWS::IAM::Role");
    assertThat(roles).isNotEmpty();
    roles.forEach((id, role) -> assertThat(String.valueOf(role.get("PermissionsBoundary"))).as(id).contains(":policy/TapBoundary"));
    assertThat(props(t, "AWS::EC2::NatGateway")).hasSize(2);
    assertThat(props(t, "AWS::EC2::EIP")).hasSize(2);
  }

  /** cdk-nag runs on every synthesis through the registry: a user's own unencrypted, unlogged bucket is an error of the synth. */
  @Test
  void f9_cdkNagChecksAUsersOwnChange() {
    App app = App.Builder.create().build();
    List<Stack> stacks = new BlueprintRegistry().register("mine", (a, ctx) -> {
      Stack stack = new Stack(a, "Mine");
      new Bucket(stack, "Unchecked");
      return List.of(stack);
    }).define(app);
    CloudAssembly assembly = app.synth();
    assertThat(Annotations.fromStack(stacks.get(0)).findError("*", Match.stringLikeRegexp("AwsSolutions-S1.*"))).isNotEmpty();
    assertThat(TapApp.errors(assembly)).anySatisfy(e -> assertThat(e).contains("/Mine/Unchecked").contains("AwsSolutions-S10"));
  }

  private static boolean retained(Map<String, Object> resource) {
    Object policy = resource.get("DeletionPolicy");
    return "Retain".equals(policy) || "Snapshot".equals(policy) || "RetainExceptOnCreate".equals(policy);
  }

  private static String subnetType(Template t, String subnet) {
    for (Object tag : list(props(t, "AWS::EC2::Subnet").get(subnet).get("Tags"))) {
      if ("aws-cdk:subnet-type".equals(map(tag).get("Key"))) return String.valueOf(map(tag).get("Value"));
    }
    return "?";
  }

  /** Logical ids named by Ref and Fn::GetAtt anywhere under {@code node}. */
  static void references(Object node, Set<String> out) {
    if (node instanceof Map<?, ?> m) {
      if (m.get("Ref") instanceof String ref && !ref.startsWith("AWS::")) out.add(ref);
      if (m.get("Fn::GetAtt") instanceof List<?> att && !att.isEmpty()) out.add(String.valueOf(att.get(0)));
      m.values().forEach(v -> references(v, out));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> references(v, out));
    }
  }

  private interface StackCheck {
    void check(String stackName, String region, Template template);
  }

  private static void forEachStack(StackCheck check) {
    for (Synthesized s : Synthesized.all()) {
      for (var stack : s.stacks) check.check(stack.getStackName(), stack.getRegion(), s.template(stack.getStackName()));
    }
  }
}
