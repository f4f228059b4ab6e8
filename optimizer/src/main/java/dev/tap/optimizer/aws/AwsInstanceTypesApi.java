package dev.tap.optimizer.aws;

import dev.tap.optimizer.pricing.InstanceTypesApi;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.EbsInfo;
import software.amazon.awssdk.services.ec2.model.EbsOptimizedInfo;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.ec2.model.NetworkCardInfo;
import software.amazon.awssdk.services.ec2.model.NetworkInfo;

/**
 * {@link InstanceTypesApi} over the AWS SDK: EC2 DescribeInstanceTypes in the region, every page,
 * kept to the types DescribeInstanceTypeOfferings says the region offers (EC2 describes only those;
 * an emulator may describe every type everywhere, and a type not sold in a region needs no price there).
 */
public final class AwsInstanceTypesApi implements InstanceTypesApi {
  private final AwsClients aws;

  public AwsInstanceTypesApi(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public List<Facts> instanceTypes(String region) {
    AwsClients.requireKnownRegion(region, "the regions to refresh");
    Set<String> offered = aws.call("ec2:DescribeInstanceTypeOfferings", region, () -> {
      Set<String> types = new HashSet<>();
      aws.ec2(region).describeInstanceTypeOfferingsPaginator(r -> r.locationType(LocationType.REGION).maxResults(1000)).instanceTypeOfferings()
          .forEach(o -> types.add(o.instanceTypeAsString()));
      return types;
    });
    return aws.call("ec2:DescribeInstanceTypes", region, () -> {
      List<Facts> out = new ArrayList<>();
      aws.ec2(region).describeInstanceTypesPaginator(r -> r.maxResults(100)).instanceTypes().forEach(t -> {
        if (offered.contains(t.instanceTypeAsString())) out.add(facts(t));
      });
      return out;
    });
  }

  static Facts facts(InstanceTypeInfo t) {
    NetworkInfo net = t.networkInfo();
    List<Double> cards = net == null ? List.of()
        : net.networkCards().stream().map(NetworkCardInfo::baselineBandwidthInGbps).filter(g -> g != null && g > 0).toList();
    EbsInfo ebs = t.ebsInfo();
    EbsOptimizedInfo opt = ebs == null ? null : ebs.ebsOptimizedInfo();
    return new Facts(t.instanceTypeAsString(),
        t.vCpuInfo() == null || t.vCpuInfo().defaultVCpus() == null ? 0 : t.vCpuInfo().defaultVCpus(),
        t.memoryInfo() == null || t.memoryInfo().sizeInMiB() == null ? 0 : t.memoryInfo().sizeInMiB(),
        t.processorInfo() == null ? List.of() : t.processorInfo().supportedArchitecturesAsStrings(),
        Boolean.TRUE.equals(t.currentGeneration()),
        cards,
        net == null || net.networkPerformance() == null ? "" : net.networkPerformance(),
        opt == null || opt.baselineBandwidthInMbps() == null ? 0 : opt.baselineBandwidthInMbps(),
        opt == null || opt.baselineIops() == null ? 0 : opt.baselineIops());
  }
}
