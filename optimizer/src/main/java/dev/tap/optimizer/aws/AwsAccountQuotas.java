package dev.tap.optimizer.aws;

import dev.tap.optimizer.preflight.AccountQuotas;
import dev.tap.optimizer.preflight.Quota;
import dev.tap.optimizer.preflight.QuotaNeeds;
import dev.tap.optimizer.preflight.QuotaValue;
import dev.tap.optimizer.preflight.Quotas;
import dev.tap.optimizer.preflight.Usage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dax.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.lambda.model.AccountLimit;
import software.amazon.awssdk.services.servicequotas.model.ServiceQuota;

/**
 * {@code tap preflight}'s view of an account: quota values from Service Quotas (the applied value,
 * else AWS's default, saying why) and the region's usage from describe calls, each counted the way
 * its quota counts.
 */
public final class AwsAccountQuotas implements AccountQuotas {

  private final AwsClients aws;

  public AwsAccountQuotas(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public Optional<QuotaValue> value(Quota quota, String region) {
    if (!quota.hasCode()) return quota.findByName() ? byName(quota, region) : Optional.empty();
    String why;
    try {
      ServiceQuota q = aws.serviceQuotas(region).getServiceQuota(r -> r.serviceCode(quota.serviceCode()).quotaCode(quota.quotaCode())).quota();
      if (q != null && q.value() != null) return Optional.of(QuotaValue.applied(q.value()));
      why = "GetServiceQuota returned no value";
    } catch (AwsServiceException e) {
      if (!AwsErrors.isNotFound(e) && !AwsErrors.isAccessDenied(e)) {
        throw AwsErrors.toUserError(e, "servicequotas:GetServiceQuota", region, aws.endpointDescription("servicequotas:GetServiceQuota", region),
            AwsClients.DEFAULT_MAX_ATTEMPTS);
      }
      why = AwsErrors.isAccessDenied(e) ? "servicequotas:GetServiceQuota was denied (tap iam-policy --for preflight lists what to allow)"
          : "the account has no applied value (" + e.awsErrorDetails().errorCode() + ")";
    }
    String reason = why;
    return aws.callIfFound("servicequotas:GetAWSDefaultServiceQuota", region,
        () -> aws.serviceQuotas(region).getAWSDefaultServiceQuota(r -> r.serviceCode(quota.serviceCode()).quotaCode(quota.quotaCode())).quota())
        .filter(q -> q.value() != null)
        .map(q -> QuotaValue.awsDefault(q.value(), reason));
  }

  /**
   * A quota known by its name only: the account's list of the service's quotas (ListServiceQuotas), else
   * AWS's default list when the account's cannot be read; the value carries the code found.
   */
  private Optional<QuotaValue> byName(Quota quota, String region) {
    String why;
    try {
      Optional<ServiceQuota> applied = aws.serviceQuotas(region).listServiceQuotasPaginator(r -> r.serviceCode(quota.serviceCode())).quotas().stream()
          .filter(q -> quota.name().equals(q.quotaName()) && q.value() != null).findFirst();
      if (applied.isPresent()) return Optional.of(QuotaValue.applied(applied.get().value()).withCode(applied.get().quotaCode()));
      why = "the account's list of " + quota.serviceCode() + " quotas has no applied value for it";
    } catch (AwsServiceException e) {
      if (!AwsErrors.isNotFound(e) && !AwsErrors.isAccessDenied(e)) {
        throw AwsErrors.toUserError(e, "servicequotas:ListServiceQuotas", region, aws.endpointDescription("servicequotas:ListServiceQuotas", region),
            AwsClients.DEFAULT_MAX_ATTEMPTS);
      }
      why = AwsErrors.isAccessDenied(e) ? "servicequotas:ListServiceQuotas was denied (tap iam-policy --for preflight lists what to allow)"
          : "the account has no applied values for " + quota.serviceCode() + " (" + e.awsErrorDetails().errorCode() + ")";
    }
    String reason = why;
    return aws.call("servicequotas:ListAWSDefaultServiceQuotas", region, () -> aws.serviceQuotas(region)
            .listAWSDefaultServiceQuotasPaginator(r -> r.serviceCode(quota.serviceCode())).quotas().stream()
            .filter(q -> quota.name().equals(q.quotaName()) && q.value() != null).findFirst())
        .map(q -> QuotaValue.awsDefault(q.value(), reason).withCode(q.quotaCode()));
  }

  @Override
  public Usage usage(String region) {
    return new Usage(onDemandVcpus(region), elasticIps(region), natGatewaysByZone(region), vpcs(region), lambdaReserved(region),
        cacheNodes(region), daxNodes(region), dbInstances(region), endpointInstances(region));
  }

  /** Pending and running instances without a lifecycle (spot and capacity blocks have one), in vCPUs per On-Demand class. */
  private Map<Quota, Integer> onDemandVcpus(String region) {
    Map<Quota, Integer> out = new HashMap<>();
    var pages = aws.call("ec2:DescribeInstances", region, () -> aws.ec2(region).describeInstancesPaginator(r -> r.filters(
        Filter.builder().name("instance-state-name").values("pending", "running").build())).stream().toList());
    for (var page : pages) {
      for (var reservation : page.reservations()) {
        for (Instance i : reservation.instances()) {
          if (i.instanceLifecycle() != null) continue;
          Quota q = Quotas.vcpuQuotaOf(i.instanceTypeAsString());
          if (q != null) out.merge(q, vcpus(i), Integer::sum);
        }
      }
    }
    return out;
  }

  private static int vcpus(Instance i) {
    if (i.cpuOptions() != null && i.cpuOptions().coreCount() != null && i.cpuOptions().threadsPerCore() != null) {
      return i.cpuOptions().coreCount() * i.cpuOptions().threadsPerCore();
    }
    return QuotaNeeds.vcpusOf(i.instanceTypeAsString());
  }

  private int elasticIps(String region) {
    return aws.call("ec2:DescribeAddresses", region, () -> aws.ec2(region).describeAddresses().addresses().size());
  }

  /** The quota counts pending, available and deleting gateways, per zone of their subnet. */
  private Map<String, Integer> natGatewaysByZone(String region) {
    List<NatGateway> nats = aws.call("ec2:DescribeNatGateways", region, () -> aws.ec2(region).describeNatGatewaysPaginator(r -> r.filter(
        Filter.builder().name("state").values("pending", "available", "deleting").build())).stream()
        .flatMap(p -> p.natGateways().stream()).toList());
    Map<String, Integer> out = new TreeMap<>();
    if (nats.isEmpty()) return out;
    List<String> subnetIds = nats.stream().map(NatGateway::subnetId).distinct().toList();
    Map<String, String> zoneOfSubnet = new HashMap<>();
    aws.call("ec2:DescribeSubnets", region, () -> aws.ec2(region).describeSubnets(r -> r.subnetIds(subnetIds)).subnets())
        .forEach(s -> zoneOfSubnet.put(s.subnetId(), s.availabilityZone()));
    nats.forEach(n -> out.merge(zoneOfSubnet.getOrDefault(n.subnetId(), "?"), 1, Integer::sum));
    return out;
  }

  private int vpcs(String region) {
    return aws.call("ec2:DescribeVpcs", region, () -> aws.ec2(region).describeVpcsPaginator(r -> { }).stream().mapToInt(p -> p.vpcs().size()).sum());
  }

  /** Concurrency reserved by functions already: the account limit minus what stays unreserved. */
  private int lambdaReserved(String region) {
    AccountLimit limit = aws.call("lambda:GetAccountSettings", region, () -> aws.lambda(region).getAccountSettings().accountLimit());
    if (limit == null || limit.concurrentExecutions() == null || limit.unreservedConcurrentExecutions() == null) return 0;
    return limit.concurrentExecutions() - limit.unreservedConcurrentExecutions();
  }

  private int cacheNodes(String region) {
    return aws.call("elasticache:DescribeCacheClusters", region, () -> aws.elastiCache(region).describeCacheClustersPaginator(r -> { }).stream()
        .flatMap(p -> p.cacheClusters().stream()).map(CacheCluster::numCacheNodes).mapToInt(n -> n == null ? 0 : n).sum());
  }

  private int daxNodes(String region) {
    int nodes = 0;
    String token = null;
    do {
      String next = token;
      DescribeClustersResponse page = aws.call("dax:DescribeClusters", region, () -> aws.dax(region).describeClusters(r -> r.nextToken(next)));
      nodes += page.clusters().stream().mapToInt(c -> c.totalNodes() == null ? 0 : c.totalNodes()).sum();
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return nodes;
  }

  /** Instances of every endpoint now (each variant's current count), per instance type of its endpoint configuration. */
  private Map<String, Integer> endpointInstances(String region) {
    Map<String, Integer> out = new TreeMap<>();
    software.amazon.awssdk.services.sagemaker.SageMakerClient sm = aws.sageMaker(region);
    List<String> names = aws.call("sagemaker:ListEndpoints", region, () -> sm.listEndpointsPaginator(r -> { }).endpoints().stream()
        .map(e -> e.endpointName()).toList());
    for (String name : names) {
      var endpoint = aws.callIfFound("sagemaker:DescribeEndpoint", region, () -> sm.describeEndpoint(r -> r.endpointName(name)));
      if (endpoint.isEmpty() || endpoint.get().productionVariants() == null) continue;
      Map<String, String> typeOfVariant = new HashMap<>();
      aws.callIfFound("sagemaker:DescribeEndpointConfig", region, () -> sm.describeEndpointConfig(r -> r.endpointConfigName(endpoint.get().endpointConfigName())))
          .ifPresent(c -> c.productionVariants().forEach(v -> typeOfVariant.put(v.variantName(), v.instanceTypeAsString())));
      endpoint.get().productionVariants().forEach(v -> {
        String type = typeOfVariant.get(v.variantName());
        if (type != null && v.currentInstanceCount() != null) out.merge(type, v.currentInstanceCount(), Integer::sum);
      });
    }
    return out;
  }

  private int dbInstances(String region) {
    return aws.call("rds:DescribeDBInstances", region, () -> aws.rds(region).describeDBInstancesPaginator(r -> { }).stream()
        .mapToInt(p -> p.dbInstances().size()).sum());
  }
}
