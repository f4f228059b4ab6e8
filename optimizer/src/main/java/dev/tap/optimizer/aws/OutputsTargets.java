package dev.tap.optimizer.aws;

import static dev.tap.optimizer.model.ConfigKeys.GLOBAL_CLUSTER_ID;
import static dev.tap.optimizer.model.ConfigKeys.LB_FULL_NAME;
import static dev.tap.optimizer.model.ConfigKeys.MEMBER_IDS;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.loadbalancer.LoadBalancerFamily;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.inventory.OutputsFile;
import dev.tap.optimizer.inventory.OutputsFile.StackOutputs;
import dev.tap.optimizer.model.Family;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the resources to describe from a deployment-outputs file, by the contract of
 * docs/outputs.md: each family is found by its identifier key; a key TAP does not know is reported,
 * and so is a missing identifier that the stack's blueprint (or a related key) says should be there.
 */
final class OutputsTargets {
  private OutputsTargets() {}

  /** A family's identifier key, the keys that come with it, and what to cross-check. */
  private record Entry(Family family, String idKey, List<String> related, Map<String, String> expectFrom) {
    Entry(Family family, String idKey, String... related) {
      this(family, idKey, List.of(related), Map.of());
    }
  }

  private static final List<String> TABLES = List.of("Trades", "Orders", "Positions", "Tenants", "Users", "AuditLogs");

  private static final List<Entry> ENTRIES = entries();

  private static List<Entry> entries() {
    List<Entry> e = new ArrayList<>();
    e.add(new Entry(AuroraFamily.AURORA, "AuroraClusterId", List.of("AuroraClusterArn", "AuroraWriterEndpoint", "AuroraReaderEndpoint", "AuroraSecretArn",
        "AuroraInstanceIds", "AuroraGlobalClusterId"), Map.of(GLOBAL_CLUSTER_ID, "AuroraGlobalClusterId")));
    e.add(new Entry(RdsFamily.RDS, "RdsInstanceId", List.of("RdsEndpoint", "RdsReplicaId", "RdsSecretArn"), Map.of(MEMBER_IDS, "RdsReplicaId")));
    e.add(new Entry(AsgFamily.ASG, "AsgName", "AsgArn", "LaunchTemplateId"));
    e.add(new Entry(RedisFamily.REDIS, "RedisReplicationGroupId", "RedisConfigurationEndpoint", "RedisPort", "RedisAuthSecretArn"));
    for (String t : TABLES) e.add(new Entry(DynamoDbFamily.DYNAMODB, t + "TableName", t + "TableArn", t + "StreamArn"));
    e.add(new Entry(DaxFamily.DAX, "DaxClusterName", "DaxClusterArn", "DaxEndpoint"));
    e.add(new Entry(LambdaFamily.LAMBDA, "LambdaFunctionNames"));
    e.add(new Entry(LoadBalancerFamily.ALB, "AlbArn", List.of("AlbFullName", "AlbDnsName"), Map.of(LB_FULL_NAME, "AlbFullName")));
    e.add(new Entry(LoadBalancerFamily.NLB, "NlbArn", List.of("NlbFullName", "NlbDnsName"), Map.of(LB_FULL_NAME, "NlbFullName")));
    return List.copyOf(e);
  }

  /** Keys that identify no resource TAP right-sizes, but that are part of the contract. */
  private static final Set<String> OTHER_KEYS = Set.of("StackRegion", "Blueprint", "EnvironmentSuffix", "VpcId", "PrivateSubnetIds", "IsolatedSubnetIds",
      "KmsKeyArn", "AuroraSecondaryClusterId", "AuroraSecondaryClusterArn", "BackupPlanId", "VpnConnectionId", "DashboardName", "MlRegion");

  /** Which identifier keys each blueprint's primary stack must have (docs/outputs.md). */
  private static final Map<String, List<String>> REQUIRED = Map.of(
      "trading", List.of("AuroraClusterId", "AsgName", "RedisReplicationGroupId", "TradesTableName", "OrdersTableName", "PositionsTableName", "DaxClusterName"),
      "saas", List.of("AuroraClusterId", "AsgName", "RedisReplicationGroupId", "TenantsTableName", "UsersTableName", "AuditLogsTableName", "AlbArn"),
      "staging", List.of("RdsInstanceId", "AsgName", "RedisReplicationGroupId", "LambdaFunctionNames", "NlbArn"));

  static final Set<String> KNOWN_KEYS = knownKeys();

  private static Set<String> knownKeys() {
    Set<String> k = new LinkedHashSet<>(OTHER_KEYS);
    for (Entry e : ENTRIES) {
      k.add(e.idKey);
      k.addAll(e.related);
    }
    return Set.copyOf(k);
  }

  /** The targets of every stack in the file; problems found on the way are added to {@code problems}. */
  static List<Target> of(OutputsFile file, List<String> problems) {
    List<Target> targets = new ArrayList<>();
    for (StackOutputs stack : file.stacks()) {
      String where = stack.stack().isEmpty() ? "outputs file " + file.path().getFileName() : "stack " + stack.stack();
      for (String key : stack.values().keySet()) {
        if (!KNOWN_KEYS.contains(key)) problems.add("outputs key " + key + " in " + where + " is not a TAP output (docs/outputs.md): ignored");
      }
      String region = stack.get("StackRegion").orElseGet(() -> stack.values().values().stream().map(Arns::region).filter(r -> r != null).findFirst().orElse(null));
      String blueprint = stack.get("Blueprint").orElse(null);
      boolean secondary = stack.get("AuroraSecondaryClusterId").isPresent();
      List<String> required = List.of();
      if (blueprint != null && !REQUIRED.containsKey(blueprint)) {
        problems.add("outputs key Blueprint in " + where + " is '" + blueprint + "', not one of " + REQUIRED.keySet().stream().sorted().toList()
            + ": only the families whose keys are present were inventoried");
      } else if (blueprint != null && !secondary) {
        required = REQUIRED.get(blueprint);
      }

      for (Entry e : ENTRIES) {
        String id = stack.values().get(e.idKey);
        if (id == null || id.isBlank()) {
          List<String> present = e.related.stream().filter(stack.values()::containsKey).toList();
          if (required.contains(e.idKey) || !present.isEmpty()) {
            problems.add("outputs key " + e.idKey + " missing in " + where + ": " + label(e) + " not inventoried"
                + (present.isEmpty() ? "" : " (" + String.join(", ", present) + " present)"));
          }
          continue;
        }
        Map<String, String> expect = new LinkedHashMap<>();
        e.expectFrom.forEach((configKey, outputKey) -> stack.get(outputKey).ifPresent(v -> expect.put(configKey, v)));
        String origin = "outputs key " + e.idKey + " of " + where;
        if (e.family == LambdaFamily.LAMBDA) {
          for (String name : id.split(",")) {
            if (!name.isBlank()) targets.add(new Target(e.family, name.trim(), region, origin, expect));
          }
        } else {
          // a load balancer is named by its ARN, which carries its region
          String r = e.family == LoadBalancerFamily.ALB || e.family == LoadBalancerFamily.NLB ? (Arns.region(id) != null ? Arns.region(id) : region) : region;
          targets.add(new Target(e.family, id, r, origin, expect));
        }
      }
    }
    return targets;
  }

  private static String label(Entry e) {
    return e.family == DynamoDbFamily.DYNAMODB ? "DynamoDB table " + e.idKey.substring(0, e.idKey.length() - "TableName".length()) : e.family().label();
  }
}
