package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.AwsActionCalls.act;
import static dev.tap.optimizer.aws.AwsActionCalls.run;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.asg.AsgApi;
import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.model.ConfigKeys;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.RefreshPreferences;

/** Auto Scaling capacity and instance type (launch-template version + instance refresh) with the AWS SDK. */
public final class AwsAsgApi implements AsgApi {
  private final AwsClients aws;
  private final AsgReader reader;

  public AwsAsgApi(AwsClients aws) {
    this.aws = aws;
    this.reader = new AsgReader(aws);
  }

  @Override
  public Resource describeGroup(String groupName, String region) {
    return AwsActionCalls.describe(reader, AsgFamily.ASG, groupName, region);
  }

  @Override
  public void setCapacity(String groupName, String region, int min, int desired, int max) {
    run(aws, "autoscaling:UpdateAutoScalingGroup", region, () -> aws.autoScaling(region)
        .updateAutoScalingGroup(r -> r.autoScalingGroupName(groupName).minSize(min).desiredCapacity(desired).maxSize(max)));
  }

  @Override
  public String rollOutInstanceType(String groupName, String region, String instanceType, int minHealthyPercent, List<Integer> checkpoints) {
    Resource g = describeGroup(groupName, region);
    String template = g.config().get(ConfigKeys.LAUNCH_TEMPLATE_ID);
    if (template == null) throw new ActionFailedException("ASG " + groupName + " has no launch template: TAP changes instance types through one");
    // The new version copies the group's current one and changes only the type.
    String source = act(aws, "ec2:DescribeLaunchTemplates", region, () -> String.valueOf(
        aws.ec2(region).describeLaunchTemplates(r -> r.launchTemplateIds(template)).launchTemplates().get(0).latestVersionNumber()));
    long version = act(aws, "ec2:CreateLaunchTemplateVersion", region, () -> aws.ec2(region).createLaunchTemplateVersion(r -> r
        .launchTemplateId(template).sourceVersion(source).versionDescription("TAP: instance type " + instanceType)
        .launchTemplateData(d -> d.instanceType(instanceType))).launchTemplateVersion().versionNumber());
    run(aws, "autoscaling:UpdateAutoScalingGroup", region, () -> aws.autoScaling(region).updateAutoScalingGroup(r -> r.autoScalingGroupName(groupName)
        .launchTemplate(LaunchTemplateSpecification.builder().launchTemplateId(template).version(String.valueOf(version)).build())));
    return act(aws, "autoscaling:StartInstanceRefresh", region, () -> aws.autoScaling(region).startInstanceRefresh(r -> r.autoScalingGroupName(groupName)
        .preferences(RefreshPreferences.builder().minHealthyPercentage(minHealthyPercent).checkpointPercentages(checkpoints).build()))
        .instanceRefreshId());
  }
}
