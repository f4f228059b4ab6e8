package dev.tap.optimizer.aws;

import static dev.tap.optimizer.model.ConfigKeys.TARGET_GROUPS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.metrics.HealthSignal;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.registry.Families;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;

/** An ASG behind an ALB: the reader names its target group and load balancer as CloudWatch does, and the guard watches their unhealthy targets. */
@ExtendWith(MotoServer.Extension.class)
class AsgTargetGroupsMotoTest {

  @Test
  void theGroupsTargetGroupsBecomeItsUnhealthyTargetsSignal(MotoServer moto) {
    String region = "us-east-1";
    try (AwsClients aws = new AwsClients(new AwsOptions(null, null, moto.endpoint().toString()), MotoServer.credentials(), 2,
        software.amazon.awssdk.retries.api.BackoffStrategy.retryImmediately())) {
      MotoFleet fleet = new MotoFleet(moto, aws);
      fleet.asg(region, "tap-dev-web-asg", "c6i.large", 2, 3, 4, Map.of("Environment", "dev"));
      String lb = fleet.loadBalancer(region, "tap-dev-web-alb", LoadBalancerTypeEnum.APPLICATION, Map.of("Environment", "dev"));
      var elb = aws.elb(region);
      String vpc = elb.describeLoadBalancers(r -> r.loadBalancerArns(lb)).loadBalancers().get(0).vpcId();
      String tg = elb.createTargetGroup(r -> r.name("tap-dev-web-tg").protocol("HTTP").port(80).vpcId(vpc)).targetGroups().get(0).targetGroupArn();
      elb.createListener(r -> r.loadBalancerArn(lb).protocol("HTTP").port(80).defaultActions(a -> a.type("forward").targetGroupArn(tg)));
      aws.autoScaling(region).attachLoadBalancerTargetGroups(r -> r.autoScalingGroupName("tap-dev-web-asg").targetGroupARNs(tg));

      List<String> problems = new ArrayList<>();
      Resource asg = new AsgReader(aws).read(new Target(AsgFamily.ASG, "tap-dev-web-asg", region, "test", Map.of(), false), region, problems)
          .orElseThrow();
      String tgDim = tg.substring(tg.indexOf("targetgroup/"));
      String lbDim = lb.substring(lb.indexOf("loadbalancer/") + "loadbalancer/".length());
      assertThat(asg.config()).containsEntry(TARGET_GROUPS, tgDim + "@" + lbDim);
      assertThat(lbDim).startsWith("app/tap-dev-web-alb/");

      List<HealthSignal> signals = Families.of(AsgFamily.ASG).healthSignals(asg);
      assertThat(signals).extracting(HealthSignal::name).containsExactly("Auto Scaling CPU", "Auto Scaling unhealthy targets tap-dev-web-tg");
      assertThat(signals.get(1).namespace()).isEqualTo("AWS/ApplicationELB");
      assertThat(signals.get(1).dimensions()).containsExactlyInAnyOrderEntriesOf(Map.of("TargetGroup", tgDim, "LoadBalancer", lbDim));
    }
  }
}
