package dev.tap.optimizer.aws;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.model.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

/**
 * An EC2 Auto Scaling group: capacity, the instance type of the launch template version it
 * launches, and its load-balancer target groups as CloudWatch dimensions (the guard watches their unhealthy targets).
 */
final class AsgReader implements FamilyReader {
  private final AwsClients aws;

  AsgReader(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public Optional<Resource> read(Target t, String region, List<String> problems) {
    Optional<AutoScalingGroup> found = aws.call("autoscaling:DescribeAutoScalingGroups", region,
        () -> aws.autoScaling(region).describeAutoScalingGroups(r -> r.autoScalingGroupNames(t.id())).autoScalingGroups()).stream().findFirst();
    if (found.isEmpty()) return Optional.empty();
    AutoScalingGroup g = found.get();

    Map<String, String> config = new LinkedHashMap<>();
    config.put(MIN, String.valueOf(g.minSize()));
    config.put(DESIRED, String.valueOf(g.desiredCapacity()));
    config.put(MAX, String.valueOf(g.maxSize()));
    LaunchTemplateSpecification lt = g.launchTemplate() != null ? g.launchTemplate()
        : g.mixedInstancesPolicy() != null && g.mixedInstancesPolicy().launchTemplate() != null
            ? g.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification() : null;
    if (lt != null) {
      String version = lt.version() == null ? "$Default" : lt.version();
      var versions = aws.call("ec2:DescribeLaunchTemplateVersions", region, () -> aws.ec2(region).describeLaunchTemplateVersions(r -> {
        if (lt.launchTemplateId() != null) r.launchTemplateId(lt.launchTemplateId());
        else r.launchTemplateName(lt.launchTemplateName());
        r.versions(version);
      }).launchTemplateVersions());
      Optional<LaunchTemplateVersion> v = versions.stream().findFirst();
      v.ifPresent(x -> config.put(LAUNCH_TEMPLATE_ID, x.launchTemplateId()));
      String type = v.map(x -> x.launchTemplateData().instanceTypeAsString()).orElse(null);
      if (type != null) config.put(INSTANCE_TYPE, type);
      else problems.add("launch template " + (lt.launchTemplateId() != null ? lt.launchTemplateId() : lt.launchTemplateName()) + " version " + version
          + " of ASG " + t.id() + " names no instance type: instanceType not inventoried");
      if (g.mixedInstancesPolicy() != null && !g.mixedInstancesPolicy().launchTemplate().overrides().isEmpty()) {
        problems.add("ASG " + t.id() + " overrides its launch template's instance type per mixed-instances policy: instanceType is the template's, the group may run others");
      }
    } else if (g.launchConfigurationName() != null) {
      aws.call("autoscaling:DescribeLaunchConfigurations", region, () -> aws.autoScaling(region)
              .describeLaunchConfigurations(r -> r.launchConfigurationNames(g.launchConfigurationName())).launchConfigurations())
          .stream().findFirst().ifPresent(c -> config.put(INSTANCE_TYPE, c.instanceType()));
    }
    if (!g.targetGroupARNs().isEmpty()) config.put(TARGET_GROUPS, targetGroups(g.targetGroupARNs(), region));
    Map<String, String> tags = FamilyReader.tags(g.tags(), x -> x.key(), x -> x.value());
    return Optional.of(new Resource(g.autoScalingGroupName(), AsgFamily.ASG, region, g.autoScalingGroupARN(), config, tags));
  }

  /**
   * {@code targetgroup/NAME/ID@app/LB/ID,...}: each target group's and each of its load balancers'
   * CloudWatch dimension (the ARN from {@code targetgroup/} and from {@code app/} or {@code net/}).
   */
  private String targetGroups(List<String> arns, String region) {
    var groups = aws.call("elasticloadbalancing:DescribeTargetGroups", region,
        () -> aws.elb(region).describeTargetGroups(r -> r.targetGroupArns(arns)).targetGroups());
    List<String> out = new java.util.ArrayList<>();
    for (var tg : groups) {
      String group = tg.targetGroupArn().substring(tg.targetGroupArn().indexOf("targetgroup/"));
      for (String lb : tg.loadBalancerArns()) out.add(group + "@" + lb.substring(lb.indexOf("loadbalancer/") + "loadbalancer/".length()));
    }
    return String.join(",", out);
  }
}
