package dev.tap.blueprints;

import static dev.tap.blueprints.TemplateJson.list;
import static dev.tap.blueprints.TemplateJson.map;
import static dev.tap.blueprints.TemplateJson.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.blueprints.shared.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** SPEC section 1 "Every blueprint": tags, KMS rotation, encryption at rest and in transit, no secrets, export names. */
class CommonRequirementsTest {

  /** Property names that would hold a secret; their values must be dynamic references, never literals. */
  private static final Pattern SECRET_PROPERTY = Pattern.compile("(?i)(.*password|authtoken|secretstring|presharedkey)");

  @Test
  void everyTaggableResourceCarriesTheTapTags() {
    forEachStack((stack, st, t) -> TemplateJson.resources(t).forEach((id, r) -> {
      Object tags = map(r.getOrDefault("Properties", Map.of())).get("Tags");
      if (tags instanceof List<?> l) {
        Map<Object, Object> byKey = new java.util.HashMap<>();
        l.forEach(tag -> byKey.put(map(tag).get("Key"), map(tag).get("Value")));
        assertThat(byKey).as(stack + " " + id).containsEntry("Platform", "TAP").containsEntry("Environment", "dev").containsEntry("ManagedBy", "CDK");
      } else if (tags instanceof Map<?, ?> m) {
        assertThat(map(m)).as(stack + " " + id).containsEntry("Platform", "TAP").containsEntry("Environment", "dev").containsEntry("ManagedBy", "CDK");
      }
    }));
  }

  @Test
  void kmsKeysAreCustomerManagedAndRotated() {
    forEachStack((stack, st, t) -> {
      assertThat(props(t, "AWS::KMS::Key")).as(stack).isNotEmpty();
      assertThat(props(t, "AWS::KMS::Key").values()).as(stack).allSatisfy(k -> {
        assertThat(k).containsEntry("EnableKeyRotation", true);
        // log groups are encrypted with the key, so its policy must let the regional Logs service use it
        assertThat(String.valueOf(k.get("KeyPolicy"))).contains("Sid=AllowCloudWatchLogs").contains("logs." + st.getRegion() + ".amazonaws.com");
      });
    });
  }

  @Test
  void dataIsEncryptedAtRestAndInTransit() {
    forEachStack((stack, st, t) -> {
      props(t, "AWS::RDS::DBCluster").values().forEach(c -> assertThat(c).as(stack).containsEntry("StorageEncrypted", true).containsKey("KmsKeyId"));
      props(t, "AWS::RDS::DBInstance").values().stream().filter(i -> !i.containsKey("DBClusterIdentifier") && !i.containsKey("SourceDBInstanceIdentifier"))
          .forEach(i -> assertThat(i).as(stack).containsEntry("StorageEncrypted", true).containsKey("KmsKeyId"));
      // a read replica inherits encryption from its source (CloudFormation rejects StorageEncrypted there) and names the key
      props(t, "AWS::RDS::DBInstance").values().stream().filter(i -> i.containsKey("SourceDBInstanceIdentifier"))
          .forEach(i -> assertThat(i).as(stack).doesNotContainKey("StorageEncrypted").containsKey("KmsKeyId"));
      props(t, "AWS::ElastiCache::ReplicationGroup").values().forEach(g -> assertThat(g).as(stack)
          .containsEntry("AtRestEncryptionEnabled", true).containsEntry("TransitEncryptionEnabled", true).containsKey("KmsKeyId"));
      props(t, "AWS::DynamoDB::Table").values().forEach(d -> assertThat(map(d.get("SSESpecification"))).as(stack)
          .containsEntry("SSEEnabled", true).containsEntry("SSEType", "KMS").containsKey("KMSMasterKeyId"));
      props(t, "AWS::DAX::Cluster").values().forEach(d -> assertThat(map(d.get("SSESpecification"))).as(stack).containsEntry("SSEEnabled", true));
      props(t, "AWS::Logs::LogGroup").values().forEach(g -> assertThat(g).as(stack + " log group " + g.get("LogGroupName")).containsKey("KmsKeyId"));
      props(t, "AWS::SNS::Topic").values().forEach(s -> assertThat(s).as(stack).containsKey("KmsMasterKeyId"));
      props(t, "AWS::SecretsManager::Secret").values().forEach(s -> assertThat(s).as(stack).containsKey("KmsKeyId"));
      props(t, "AWS::EC2::LaunchTemplate").values().forEach(lt -> list(map(lt.get("LaunchTemplateData")).get("BlockDeviceMappings"))
          .forEach(b -> assertThat(map(map(b).get("Ebs"))).as(stack).containsEntry("Encrypted", true).containsKey("KmsKeyId")));
      props(t, "AWS::Backup::BackupVault").values().forEach(v -> assertThat(v).as(stack).containsKey("EncryptionKeyArn"));
    });
  }

  @Test
  void noSecretIsWrittenIntoATemplate() {
    forEachStack((stack, st, t) -> {
      List<String> literals = new ArrayList<>();
      TemplateJson.resources(t).forEach((id, r) -> findSecretLiterals(id, r.get("Properties"), literals));
      assertThat(literals).as(stack + ": secret-looking properties with literal values").isEmpty();
    });
  }

  @Test
  void everyOutputIsExportedUnderTheContractName() {
    forEachStack((stack, st, t) -> {
      String blueprint = st.getStackName().split("-")[1];
      Map<String, Map<String, Object>> outputs = TemplateJson.outputs(t);
      assertThat(outputs).as(stack).containsKeys("StackRegion", "Blueprint", "EnvironmentSuffix");
      outputs.forEach((key, o) -> assertThat(map(o.get("Export"))).as(stack + " output " + key)
          .containsEntry("Name", "tap-dev-" + blueprint + "-" + Names.kebab(key)));
      t.hasOutput("StackRegion", Map.of("Value", st.getRegion()));
    });
  }

  @Test
  void primaryStacksHaveTheSharedOutputs() {
    for (Synthesized s : Synthesized.all()) {
      if (s.blueprint.equals("ml") || s.blueprint.equals("control")) continue; // no fleet or cache: their own tests check their outputs
      assertThat(TemplateJson.outputs(s.primary()).keySet()).as(s.blueprint).contains("VpcId", "PublicSubnetIds", "PrivateSubnetIds", "IsolatedSubnetIds", "KmsKeyArn", "KmsKeyId",
          "AsgName", "AsgArn", "LaunchTemplateId", "RedisReplicationGroupId", "RedisConfigurationEndpoint", "RedisPort", "RedisAuthSecretArn",
          "DashboardName");
    }
  }

  /** Least privilege on the network: nothing is open to the internet except web listener ports. */
  @Test
  void securityGroupsOpenToTheInternetOnlyOnWebPorts() {
    forEachStack((stack, st, t) -> {
      List<Map<String, Object>> rules = new ArrayList<>();
      props(t, "AWS::EC2::SecurityGroup").values().forEach(sg -> {
        Object ingress = sg.get("SecurityGroupIngress");
        if (ingress != null) list(ingress).forEach(r -> rules.add(map(r)));
      });
      rules.addAll(props(t, "AWS::EC2::SecurityGroupIngress").values());
      assertThat(rules.stream().filter(r -> "0.0.0.0/0".equals(r.get("CidrIp")) || "::/0".equals(r.get("CidrIpv6"))))
          .as(stack + ": ingress from anywhere").allSatisfy(r -> assertThat(r.get("FromPort")).isIn(80, 443));
    });
  }

  @Test
  void kebabExportKeys() {
    assertThat(Names.kebab("AuroraClusterId")).isEqualTo("aurora-cluster-id");
    assertThat(Names.kebab("MlRegion")).isEqualTo("ml-region");
    assertThat(Names.kebab("AuditLogsTableName")).isEqualTo("audit-logs-table-name");
    assertThat(Names.kebab("audit_logs")).isEqualTo("audit-logs");
    assertThat(Names.pascal("audit_logs")).isEqualTo("AuditLogs");
  }

  private static void findSecretLiterals(String path, Object node, List<String> out) {
    if (node instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        String p = path + "." + k;
        if (String.valueOf(k).equals("GenerateSecretString")) return; // generation options, not a value
        if (SECRET_PROPERTY.matcher(String.valueOf(k)).matches()) {
          if (v instanceof String s && !s.contains("{{resolve:secretsmanager:")) out.add(p + " = " + s);
          else if (v != null && !(v instanceof String) && !String.valueOf(v).contains("{{resolve:secretsmanager:") && !String.valueOf(v).contains("Ref=")) out.add(p + " = " + v);
        }
        findSecretLiterals(p, v, out);
      });
    } else if (node instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) findSecretLiterals(path + "[" + i + "]", l.get(i), out);
    }
  }

  private interface StackCheck {
    void check(String stackName, Stack stack, Template template);
  }

  private static void forEachStack(StackCheck check) {
    for (Synthesized s : Synthesized.all()) {
      for (Stack stack : s.stacks) check.check(stack.getStackName(), stack, s.template(stack.getStackName()));
    }
  }
}
