package dev.tap.blueprints.shared;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.autoscaling.AdditionalHealthCheckType;
import software.amazon.awscdk.services.autoscaling.AdditionalHealthChecksOptions;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.Ec2HealthChecksOptions;
import software.amazon.awscdk.services.autoscaling.GroupMetrics;
import software.amazon.awscdk.services.autoscaling.HealthChecks;
import software.amazon.awscdk.services.autoscaling.NotificationConfiguration;
import software.amazon.awscdk.services.autoscaling.ScalingEvents;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.PlacementGroup;
import software.amazon.awscdk.services.ec2.PlacementGroupStrategy;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.IManagedPolicy;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * An Auto Scaling group from a launch template: Amazon Linux 2023 (ENA-enabled, so Nitro types get
 * enhanced networking), IMDSv2 only, detailed monitoring, one encrypted EBS root volume as given,
 * CloudWatch and X-Ray agents installed at boot, an instance role with the given policies, and
 * scaling notifications to an encrypted topic.
 */
public final class AutoScaledFleet extends Construct {

  /** @param iops provisioned IOPS for io1/io2/gp3, null otherwise */
  public record Volume(EbsDeviceVolumeType type, int sizeGiB, Integer iops) {}

  /** A placement group for the fleet; {@code partitions} applies to the PARTITION strategy only. */
  public record Placement(PlacementGroupStrategy strategy, int partitions) {}

  public enum HealthCheck { EC2, ELB }

  /**
   * @param placement           null for no placement group
   * @param managedPolicies     AWS managed policy names added to the agents' own
   * @param statements          least-privilege statements of the workload
   * @param appLogGroupName     the log group the CloudWatch agent ships {@code /var/log/tap/app.log} to
   */
  public record Props(Names names, Vpc vpc, SubnetSelection subnets, IKey key, String instanceType, Capacity capacity, Volume volume,
      Placement placement, HealthCheck healthCheck, List<String> managedPolicies, List<PolicyStatement> statements, String appLogGroupName) {
    public Props {
      managedPolicies = List.copyOf(managedPolicies);
      statements = List.copyOf(statements);
    }
  }

  /** The agents' own managed policies: SSM access instead of SSH, CloudWatch agent, X-Ray daemon. */
  public static final List<String> AGENT_POLICIES = List.of("AmazonSSMManagedInstanceCore", "CloudWatchAgentServerPolicy", "AWSXRayDaemonWriteAccess");

  private final AutoScalingGroup group;
  private final LaunchTemplate launchTemplate;
  private final SecurityGroup securityGroup;
  private final Role role;

  public AutoScaledFleet(Construct scope, String id, Props p) {
    super(scope, id);
    List<IManagedPolicy> policies = new ArrayList<>();
    for (String name : AGENT_POLICIES) policies.add(ManagedPolicy.fromAwsManagedPolicyName(name));
    for (String name : p.managedPolicies()) policies.add(ManagedPolicy.fromAwsManagedPolicyName(name));
    role = Role.Builder.create(this, "InstanceRole")
        .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
        .description("Instances of " + p.names().of("asg"))
        .managedPolicies(policies)
        .build();
    p.statements().forEach(role::addToPolicy);
    for (String name : AGENT_POLICIES) {
      Nag.suppressMatching(role, "AwsSolutions-IAM4", "^Policy::.*/" + name + "$",
          "AWS-maintained policy of the SSM/CloudWatch/X-Ray agent: it follows the agent's API needs as they change");
    }

    securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
        .vpc(p.vpc())
        .description("Instances of " + p.names().of("asg") + ": no inbound by default; egress to AWS APIs and data stores")
        .allowAllOutbound(true)
        .build();

    EbsDeviceOptions.Builder ebs = EbsDeviceOptions.builder()
        .volumeType(p.volume().type())
        .encrypted(true)
        .kmsKey(p.key())
        .deleteOnTermination(true);
    if (p.volume().iops() != null) ebs.iops(p.volume().iops());

    LaunchTemplate.Builder lt = LaunchTemplate.Builder.create(this, "LaunchTemplate")
        .launchTemplateName(p.names().of("lt"))
        .instanceType(new InstanceType(p.instanceType()))
        .machineImage(MachineImage.latestAmazonLinux2023())
        .requireImdsv2(true)
        .detailedMonitoring(true)
        .ebsOptimized(true)
        .role(role)
        .securityGroup(securityGroup)
        .userData(userData(p))
        .blockDevices(List.of(BlockDevice.builder().deviceName("/dev/xvda").volume(BlockDeviceVolume.ebs(p.volume().sizeGiB(), ebs.build())).build()));
    if (p.placement() != null) {
      PlacementGroup.Builder pg = PlacementGroup.Builder.create(this, "PlacementGroup")
          .placementGroupName(p.names().of("placement"))
          .strategy(p.placement().strategy());
      if (p.placement().strategy() == PlacementGroupStrategy.PARTITION) pg.partitions(p.placement().partitions());
      lt.placementGroup(pg.build());
    }
    launchTemplate = lt.build();

    Topic notifications = Topic.Builder.create(this, "ScalingEvents")
        .topicName(p.names().of("asg-events"))
        .masterKey(p.key())
        .enforceSsl(true)
        .build();

    Capacity c = p.capacity();
    group = AutoScalingGroup.Builder.create(this, "Group")
        .autoScalingGroupName(p.names().of("asg"))
        .vpc(p.vpc())
        .vpcSubnets(p.subnets())
        .launchTemplate(launchTemplate)
        .minCapacity(c.min())
        .desiredCapacity(c.desired())
        .maxCapacity(c.max())
        .healthChecks(p.healthCheck() == HealthCheck.ELB
            ? HealthChecks.withAdditionalChecks(AdditionalHealthChecksOptions.builder()
                .additionalTypes(List.of(AdditionalHealthCheckType.ELB)).gracePeriod(Duration.minutes(5)).build())
            : HealthChecks.ec2(Ec2HealthChecksOptions.builder().gracePeriod(Duration.minutes(5)).build()))
        .groupMetrics(List.of(GroupMetrics.all()))
        .notifications(List.of(NotificationConfiguration.builder().topic(notifications).scalingEvents(ScalingEvents.ALL).build()))
        .build();
    Annotations.of(group).acknowledgeWarning("@aws-cdk/aws-autoscaling:desiredCapacitySet",
        "the blueprint's desired capacity is the starting point; later changes are made (and journaled) by the optimizer");
  }

  private static UserData userData(Props p) {
    String region = Stack.of(p.vpc()).getRegion();
    UserData ud = UserData.forLinux();
    ud.addCommands(
        "set -euo pipefail",
        "dnf install -y amazon-cloudwatch-agent",
        "curl -fsSL -o /tmp/xray.rpm https://s3." + region + ".amazonaws.com/aws-xray-assets." + region + "/xray-daemon/aws-xray-daemon-3.x.rpm",
        "dnf install -y /tmp/xray.rpm",
        "mkdir -p /var/log/tap",
        "cat > /opt/aws/amazon-cloudwatch-agent/etc/tap.json <<'JSON'",
        agentConfig(p),
        "JSON",
        "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -c file:/opt/aws/amazon-cloudwatch-agent/etc/tap.json -s",
        "systemctl enable --now xray");
    return ud;
  }

  /** 60-second memory and disk metrics per ASG, and the application log shipped to its log group. */
  private static String agentConfig(Props p) {
    return """
        {"agent": {"metrics_collection_interval": 60},
         "metrics": {"namespace": "CWAgent",
           "append_dimensions": {"AutoScalingGroupName": "${aws:AutoScalingGroupName}", "InstanceId": "${aws:InstanceId}"},
           "aggregation_dimensions": [["AutoScalingGroupName"]],
           "metrics_collected": {"mem": {"measurement": ["mem_used_percent"]}, "disk": {"measurement": ["used_percent"], "resources": ["/"]}}},
         "logs": {"logs_collected": {"files": {"collect_list": [
           {"file_path": "/var/log/tap/app.log", "log_group_name": "%s", "log_stream_name": "{instance_id}"}]}}}}""".formatted(p.appLogGroupName());
  }

  public AutoScalingGroup group() {
    return group;
  }

  public SecurityGroup securityGroup() {
    return securityGroup;
  }

  public Role role() {
    return role;
  }

  public void addOutputs(StackOutputs o) {
    o.add("AsgName", group.getAutoScalingGroupName(), "Auto Scaling group name");
    o.add("AsgArn", group.getAutoScalingGroupArn(), "Auto Scaling group ARN");
    o.add("LaunchTemplateId", launchTemplate.getLaunchTemplateId(), "Launch template id");
  }
}
