package dev.tap.optimizer.aws;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.loadbalancer.LoadBalancerFamily;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;

/** An application or network load balancer, by ARN; its full name is CloudWatch's LoadBalancer dimension. */
final class LoadBalancerReader implements FamilyReader {
  private final AwsClients aws;

  LoadBalancerReader(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public Optional<Resource> read(Target t, String region, List<String> problems) {
    var elb = aws.elb(region);
    Optional<LoadBalancer> found = aws.callIfFound("elasticloadbalancing:DescribeLoadBalancers", region,
        () -> elb.describeLoadBalancers(r -> r.loadBalancerArns(t.id())).loadBalancers()).flatMap(l -> l.stream().findFirst());
    if (found.isEmpty()) return Optional.empty();
    LoadBalancer lb = found.get();
    Family family = lb.type() == LoadBalancerTypeEnum.NETWORK ? LoadBalancerFamily.NLB : lb.type() == LoadBalancerTypeEnum.APPLICATION ? LoadBalancerFamily.ALB : null;
    if (family == null) {
      problems.add(t.origin() + " names load balancer " + lb.loadBalancerName() + " of type " + lb.typeAsString() + ": only application and network load balancers are inventoried");
      return Optional.empty();
    }
    // arn:aws:elasticloadbalancing:region:account:loadbalancer/app/name/id -> app/name/id
    String fullName = Arns.parse(lb.loadBalancerArn()).resource().substring("loadbalancer/".length());
    String expected = t.expect().get(LB_FULL_NAME);
    if (expected != null && !expected.equals(fullName)) {
      problems.add(t.origin() + " gives full name " + expected + " but the load balancer's ARN gives " + fullName + ": metrics use " + fullName);
    }
    Map<String, String> tags = aws.call("elasticloadbalancing:DescribeTags", region, () -> elb.describeTags(r -> r.resourceArns(lb.loadBalancerArn())).tagDescriptions())
        .stream().findFirst().map(d -> FamilyReader.tags(d.tags(), x -> x.key(), x -> x.value())).orElse(Map.of());
    return Optional.of(new Resource(lb.loadBalancerName(), family, region, lb.loadBalancerArn(), Map.of(LB_FULL_NAME, fullName), tags));
  }
}
