package dev.tap.optimizer.preflight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a stack's {@link QuotaNeeds} into demands and checks them against an account. */
public final class Preflight {
  private Preflight() {}

  /** What the stack asks of each quota, vCPUs grouped by On-Demand class. */
  public static List<Demand> demands(QuotaNeeds n, String region) {
    List<Demand> out = new ArrayList<>();
    Map<Quota, int[]> byClass = new LinkedHashMap<>();
    Map<Quota, List<String>> families = new LinkedHashMap<>();
    n.vcpus().forEach((family, v) -> {
      Quota q = Quotas.vcpuQuotaOf(family);
      if (q == null) q = new Quota("ec2", null, "Running On-Demand instances of the " + family + " class");
      int[] sum = byClass.computeIfAbsent(q, k -> new int[2]);
      sum[0] += v[0];
      sum[1] += v[1];
      families.computeIfAbsent(q, k -> new ArrayList<>()).add(family);
    });
    byClass.forEach((q, v) -> out.add(new Demand(q, "vCPUs of " + String.join(", ", families.get(q)) + " Auto Scaling groups, at desired (max)",
        region, v[0], v[1], 0)));
    if (n.elasticIps() > 0) out.add(Demand.fixed(Quotas.ELASTIC_IPS, "Elastic IPs (one per NAT gateway)", region, n.elasticIps()));
    n.natGatewaysByZone().forEach((zone, count) ->
        out.add(Demand.fixed(Quotas.NAT_GATEWAYS_PER_AZ, "NAT gateways", zone.equals("?") ? "a zone of " + region : zone, count)));
    if (n.vpcs() > 0) out.add(Demand.fixed(Quotas.VPCS, "VPCs", region, n.vpcs()));
    if (n.reservedConcurrency() > 0) {
      out.add(new Demand(Quotas.LAMBDA_CONCURRENCY, "reserved concurrency (+" + QuotaNeeds.LAMBDA_UNRESERVED_MINIMUM + " Lambda keeps unreserved)",
          region, n.reservedConcurrency(), n.reservedConcurrency(), QuotaNeeds.LAMBDA_UNRESERVED_MINIMUM));
    }
    int cache = sum(n.cacheNodes()), dax = sum(n.daxNodes()), db = sum(n.dbInstances());
    if (cache > 0) out.add(Demand.fixed(Quotas.CACHE_NODES, "ElastiCache nodes " + n.cacheNodes(), region, cache));
    if (dax > 0) out.add(Demand.fixed(Quotas.DAX_NODES, "DAX nodes " + n.daxNodes(), region, dax));
    if (db > 0) out.add(Demand.fixed(Quotas.DB_INSTANCES, "RDS/Aurora instances " + n.dbInstances(), region, db));
    n.endpointInstances().forEach((type, v) ->
        out.add(new Demand(Quotas.sageMakerEndpoint(type), "SageMaker endpoint instances, initial (autoscaling max)", region, v[0], v[1], 0)));
    return out;
  }

  /** Each demand against the account's quota values and current usage in {@code region}. */
  public static List<Check> check(QuotaNeeds n, String region, AccountQuotas account) {
    Usage usage = account.usage(region);
    Map<Quota, Optional<QuotaValue>> values = new LinkedHashMap<>();
    List<Check> out = new ArrayList<>();
    for (Demand d : demands(n, region)) {
      QuotaValue limit = d.quota().hasCode() || d.quota().findByName() ? values.computeIfAbsent(d.quota(), q -> account.value(q, region)).orElse(null) : null;
      out.add(new Check(d, limit, inUse(d, usage)));
    }
    return out;
  }

  static int inUse(Demand d, Usage u) {
    Quota q = d.quota();
    if (q.equals(Quotas.ELASTIC_IPS)) return u.elasticIps();
    if (q.equals(Quotas.VPCS)) return u.vpcs();
    if (q.equals(Quotas.LAMBDA_CONCURRENCY)) return u.lambdaReserved();
    if (q.equals(Quotas.CACHE_NODES)) return u.cacheNodes();
    if (q.equals(Quotas.DAX_NODES)) return u.daxNodes();
    if (q.equals(Quotas.DB_INSTANCES)) return u.dbInstances();
    if (q.equals(Quotas.NAT_GATEWAYS_PER_AZ)) {
      // a zone the template leaves to CloudFormation: assume the fullest zone
      Integer inZone = u.natGatewaysByZone().get(d.scope());
      return inZone != null ? inZone : d.scope().startsWith("a zone of ")
          ? u.natGatewaysByZone().values().stream().mapToInt(Integer::intValue).max().orElse(0) : 0;
    }
    String endpointType = Quotas.endpointInstanceType(q);
    if (endpointType != null) return u.endpointInstances().getOrDefault(endpointType, 0);
    return u.onDemandVcpus().getOrDefault(q, 0);
  }

  private static int sum(Map<String, Integer> byType) {
    return byType.values().stream().mapToInt(Integer::intValue).sum();
  }
}
