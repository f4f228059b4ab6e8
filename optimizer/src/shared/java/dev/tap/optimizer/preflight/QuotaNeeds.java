package dev.tap.optimizer.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one synthesized stack asks of the account's service quotas, read from its template: vCPUs per
 * EC2 instance family (at the groups' desired and maximum sizes), Elastic IPs, NAT gateways, reserved
 * Lambda concurrency, ElastiCache, DAX and RDS nodes by type, VPCs, SageMaker endpoint instances.
 *
 * <p>Pure JDK on purpose, in its own source root (src/shared/java): the optimizer compiles it for
 * {@code tap preflight} and the blueprints module compiles the same file into its tests, which
 * recompute docs/blueprints.md from it. Neither module depends on the other (the optimizer has no
 * CDK; {@code -pl blueprints} must build on a fresh clone), so this is the one copy both use.
 *
 * @param vcpus         instance family -> {desired, max} vCPUs of its Auto Scaling groups
 * @param cacheNodes    ElastiCache node type -> nodes (shards x (replicas + 1))
 * @param daxNodes      DAX node type -> nodes
 * @param dbInstances   RDS/Aurora instance class -> instances
 * @param endpointInstances SageMaker instance type -> {initial, autoscaling max} endpoint instances
 * @param natGatewaysByZone NAT gateways per Availability Zone (the quota is per zone); a zone the
 *                      template does not spell out (an env-agnostic stack's Fn::GetAZs) is keyed "?"
 */
public record QuotaNeeds(String stack, String region, Map<String, int[]> vcpus, int elasticIps, int natGateways, int vpcs,
    int reservedConcurrency, int provisionedConcurrency, Map<String, Integer> cacheNodes, Map<String, Integer> daxNodes,
    Map<String, Integer> dbInstances, Map<String, int[]> endpointInstances, Map<String, Integer> natGatewaysByZone) {

  /** Lambda keeps this much of the account's concurrency unreserved: reservations need a limit this much above their sum. */
  public static final int LAMBDA_UNRESERVED_MINIMUM = 100;

  private static final Pattern SIZE = Pattern.compile("(\\d*)xlarge|large|medium|small|micro|nano");

  /** vCPUs of an EC2 size in the families the blueprints use (c5, c6i, m5, r6g...): large 2, xlarge 4, Nxlarge 4N. */
  public static int vcpusOf(String instanceType) {
    String size = instanceType.substring(instanceType.indexOf('.') + 1);
    Matcher m = SIZE.matcher(size);
    if (!m.matches()) throw new IllegalArgumentException("unknown EC2 size in " + instanceType);
    if (size.equals("large")) return 2;
    if (!size.endsWith("xlarge")) return 1;
    return 4 * (m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1)));
  }

  @SuppressWarnings("unchecked")
  public static QuotaNeeds of(String stack, String region, Map<String, Object> template) {
    Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.getOrDefault("Resources", Map.of());
    Map<String, int[]> vcpus = new TreeMap<>();
    Map<String, Integer> cache = new TreeMap<>(), dax = new TreeMap<>(), db = new TreeMap<>();
    Map<String, int[]> endpoints = new TreeMap<>();
    Map<String, Integer> natByZone = new TreeMap<>();
    int eips = 0, nats = 0, vpcs = 0, reserved = 0, provisioned = 0;
    for (Map<String, Object> r : resources.values()) {
      Map<String, Object> p = (Map<String, Object>) r.getOrDefault("Properties", Map.of());
      switch (String.valueOf(r.get("Type"))) {
        case "AWS::EC2::EIP" -> eips++;
        case "AWS::EC2::NatGateway" -> {
          nats++;
          natByZone.merge(zoneOf(p.get("SubnetId"), resources), 1, Integer::sum);
        }
        case "AWS::EC2::VPC" -> vpcs++;
        case "AWS::AutoScaling::AutoScalingGroup" -> {
          String lt = String.valueOf(((Map<String, Object>) ((Map<String, Object>) p.get("LaunchTemplate")).get("LaunchTemplateId")).get("Ref"));
          String type = String.valueOf(((Map<String, Object>) ((Map<String, Object>) resources.get(lt).get("Properties")).get("LaunchTemplateData")).get("InstanceType"));
          int each = vcpusOf(type);
          int[] sum = vcpus.computeIfAbsent(type.substring(0, type.indexOf('.')), k -> new int[2]);
          sum[0] += each * Integer.parseInt(String.valueOf(p.get("DesiredCapacity")));
          sum[1] += each * Integer.parseInt(String.valueOf(p.get("MaxSize")));
        }
        case "AWS::Lambda::Function" -> reserved += ((Number) p.getOrDefault("ReservedConcurrentExecutions", 0)).intValue();
        case "AWS::Lambda::Alias" -> {
          Object pc = p.get("ProvisionedConcurrencyConfig");
          if (pc != null) provisioned += ((Number) ((Map<String, Object>) pc).get("ProvisionedConcurrentExecutions")).intValue();
        }
        case "AWS::ElastiCache::ReplicationGroup" -> cache.merge(String.valueOf(p.get("CacheNodeType")),
            ((Number) p.get("NumNodeGroups")).intValue() * (((Number) p.get("ReplicasPerNodeGroup")).intValue() + 1), Integer::sum);
        case "AWS::DAX::Cluster" -> dax.merge(String.valueOf(p.get("NodeType")), ((Number) p.get("ReplicationFactor")).intValue(), Integer::sum);
        case "AWS::RDS::DBInstance" -> db.merge(String.valueOf(p.get("DBInstanceClass")), 1, Integer::sum);
        case "AWS::SageMaker::EndpointConfig" -> {
          for (Object v : (List<Object>) p.get("ProductionVariants")) {
            Map<String, Object> variant = (Map<String, Object>) v;
            int initial = ((Number) variant.get("InitialInstanceCount")).intValue();
            int[] sum = endpoints.computeIfAbsent(String.valueOf(variant.get("InstanceType")), k -> new int[2]);
            sum[0] += initial;
            sum[1] += Math.max(initial, scalingMax(resources));
          }
        }
        default -> { }
      }
    }
    return new QuotaNeeds(stack, region, vcpus, eips, nats, vpcs, reserved, provisioned, cache, dax, db, endpoints, natByZone);
  }

  /** The literal AvailabilityZone of the subnet a {@code {"Ref": subnet}} names, else "?". */
  @SuppressWarnings("unchecked")
  private static String zoneOf(Object subnetRef, Map<String, Map<String, Object>> resources) {
    if (subnetRef instanceof Map<?, ?> ref && ref.get("Ref") instanceof String id && resources.get(id) != null) {
      Object zone = ((Map<String, Object>) resources.get(id).getOrDefault("Properties", Map.of())).get("AvailabilityZone");
      if (zone instanceof String z) return z;
    }
    return "?";
  }

  /** The largest MaxCapacity of a SageMaker variant's scalable target (0 when it does not scale). */
  @SuppressWarnings("unchecked")
  private static int scalingMax(Map<String, Map<String, Object>> resources) {
    int max = 0;
    for (Map<String, Object> r : resources.values()) {
      Map<String, Object> p = (Map<String, Object>) r.getOrDefault("Properties", Map.of());
      if ("AWS::ApplicationAutoScaling::ScalableTarget".equals(r.get("Type")) && "sagemaker".equals(p.get("ServiceNamespace"))) {
        max = Math.max(max, ((Number) p.get("MaxCapacity")).intValue());
      }
    }
    return max;
  }

  /** The concurrency limit the account needs in this stack's region for its reservations (0 when none). */
  public int lambdaLimitNeeded() {
    return reservedConcurrency == 0 ? 0 : reservedConcurrency + LAMBDA_UNRESERVED_MINIMUM;
  }

  /** One row of the docs/blueprints.md quota table. */
  public String markdownRow() {
    List<String> cells = new ArrayList<>(List.of("`" + stack + "`", region));
    cells.add(join(vcpus, v -> v[0] + " (max " + v[1] + ")"));
    cells.add(String.valueOf(elasticIps));
    cells.add(String.valueOf(natGateways));
    cells.add(String.valueOf(vpcs));
    cells.add(reservedConcurrency == 0 ? "-" : reservedConcurrency + " reserved, " + provisionedConcurrency + " provisioned: limit >= " + lambdaLimitNeeded());
    cells.add(join(cacheNodes, String::valueOf));
    cells.add(join(daxNodes, String::valueOf));
    cells.add(join(dbInstances, String::valueOf));
    cells.add(join(endpointInstances, v -> v[0] + " (max " + v[1] + ")"));
    return "| " + String.join(" | ", cells) + " |";
  }

  public static final String MARKDOWN_HEADER = """
      | stack | region | EC2 vCPUs by family: desired (max) | EIPs | NAT gateways | VPCs | Lambda concurrency | ElastiCache nodes | DAX nodes | RDS/Aurora instances | SageMaker endpoint instances: initial (max) |
      |---|---|---|---|---|---|---|---|---|---|---|""";

  public static final String REGION_HEADER = """
      | region | On-Demand Standard vCPUs: desired (max) | EIPs | VPCs | Lambda concurrency limit needed | ElastiCache nodes | DAX nodes | RDS/Aurora instances |
      |---|---|---|---|---|---|---|---|""";

  /**
   * One row per region, summed over the stacks deployed there (A, C, D, H, I, M, R, T and Z families
   * share the On-Demand Standard vCPU quota; every family the blueprints use is one of them).
   */
  public static List<String> regionRows(List<QuotaNeeds> stacks) {
    Map<String, List<QuotaNeeds>> byRegion = new TreeMap<>();
    stacks.forEach(q -> byRegion.computeIfAbsent(q.region(), k -> new ArrayList<>()).add(q));
    List<String> rows = new ArrayList<>();
    byRegion.forEach((region, qs) -> {
      int desired = 0, max = 0, eips = 0, vpcs = 0, reserved = 0, cache = 0, dax = 0, db = 0;
      for (QuotaNeeds q : qs) {
        for (int[] v : q.vcpus().values()) {
          desired += v[0];
          max += v[1];
        }
        eips += q.elasticIps();
        vpcs += q.vpcs();
        reserved += q.reservedConcurrency();
        cache += q.cacheNodes().values().stream().mapToInt(Integer::intValue).sum();
        dax += q.daxNodes().values().stream().mapToInt(Integer::intValue).sum();
        db += q.dbInstances().values().stream().mapToInt(Integer::intValue).sum();
      }
      rows.add("| " + region + " | " + (max == 0 ? "-" : desired + " (max " + max + ")") + " | " + eips + " | " + vpcs + " | "
          + (reserved == 0 ? "-" : String.valueOf(reserved + LAMBDA_UNRESERVED_MINIMUM)) + " | " + cache + " | " + dax + " | " + db + " |");
    });
    return rows;
  }

  private static <V> String join(Map<String, V> byType, java.util.function.Function<V, String> value) {
    if (byType.isEmpty()) return "-";
    List<String> parts = new ArrayList<>();
    byType.forEach((type, v) -> parts.add(type + ": " + value.apply(v)));
    return String.join(", ", parts);
  }
}
