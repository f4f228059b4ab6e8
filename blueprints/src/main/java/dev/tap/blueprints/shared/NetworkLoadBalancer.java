package dev.tap.blueprints.shared;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseNetworkListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.Protocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.constructs.Construct;

/**
 * A Network Load Balancer with its own security group, one TCP listener and one target group, in
 * front of an Auto Scaling group.
 */
public final class NetworkLoadBalancer extends Construct {
  /** @param clientCidr who may reach the listener; null = the VPC's own CIDR */
  public record Props(Names names, IVpc vpc, boolean internetFacing, String clientCidr, int listenerPort, int targetPort,
      Duration deregistrationDelay, RemovalPolicy removalPolicy) {
    public Props {
      checkPort("listener", listenerPort);
      checkPort("target", targetPort);
    }

    private static void checkPort(String what, int port) {
      if (port < 1 || port > 65535) throw new IllegalArgumentException(what + " port must be 1-65535, got " + port);
    }
  }

  private final software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer nlb;
  private final SecurityGroup securityGroup;
  private final NetworkTargetGroup targetGroup;
  private final NetworkListener listener;
  private final int targetPort;

  public NetworkLoadBalancer(Construct scope, String id, Props props) {
    super(scope, id);
    targetPort = props.targetPort();
    securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
        .vpc(props.vpc())
        .description("Clients of " + props.names().of("nlb") + " on port " + props.listenerPort())
        .allowAllOutbound(false)
        .build();
    IPeer clients = props.clientCidr() == null ? Peer.ipv4(props.vpc().getVpcCidrBlock()) : Peer.ipv4(props.clientCidr());
    securityGroup.addIngressRule(clients, Port.tcp(props.listenerPort()), "clients of the listener");

    nlb = software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer.Builder.create(this, "Nlb")
        .loadBalancerName(props.names().of("nlb"))
        .vpc(props.vpc())
        .vpcSubnets(SubnetSelection.builder()
            .subnetType(props.internetFacing() ? SubnetType.PUBLIC : SubnetType.PRIVATE_WITH_EGRESS).build())
        .internetFacing(props.internetFacing())
        .crossZoneEnabled(true)
        .securityGroups(List.of(securityGroup))
        .deletionProtection(props.removalPolicy() != RemovalPolicy.DESTROY)
        .build();
    nlb.applyRemovalPolicy(props.removalPolicy());
    Nag.suppress(nlb, "AwsSolutions-ELB2",
        "A Network Load Balancer writes access logs only for TLS listeners; this one forwards plain TCP, so there is nothing to log.");

    targetGroup = NetworkTargetGroup.Builder.create(this, "Targets")
        .vpc(props.vpc())
        .targetType(TargetType.INSTANCE)
        .protocol(Protocol.TCP)
        .port(props.targetPort())
        .deregistrationDelay(props.deregistrationDelay())
        .healthCheck(HealthCheck.builder().protocol(Protocol.TCP).interval(Duration.seconds(10))
            .healthyThresholdCount(3).unhealthyThresholdCount(3).build())
        .build();
    listener = nlb.addListener("Tcp", BaseNetworkListenerProps.builder()
        .protocol(Protocol.TCP)
        .port(props.listenerPort())
        .defaultTargetGroups(List.of(targetGroup))
        .build());
  }

  /**
   * Registers the group with the target group and lets the load balancer (traffic and health
   * checks) reach its instances on the target port (both directions: ingress on the fleet, egress
   * here); NLB targets get no rule from CDK by themselves.
   */
  public void attach(AutoScalingGroup fleet) {
    targetGroup.addTarget(fleet);
    fleet.getConnections().allowFrom(securityGroup, Port.tcp(targetPort), "from " + nlb.getNode().getPath());
  }

  /** NlbArn, NlbFullName (the CloudWatch LoadBalancer dimension), NlbDnsName. */
  public void addOutputs(StackOutputs o) {
    o.add("NlbArn", nlb.getLoadBalancerArn(), "Network Load Balancer ARN");
    o.add("NlbFullName", nlb.getLoadBalancerFullName(), "Network Load Balancer full name (CloudWatch dimension LoadBalancer)");
    o.add("NlbDnsName", nlb.getLoadBalancerDnsName(), "Network Load Balancer DNS name");
  }

  public software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer loadBalancer() {
    return nlb;
  }

  public SecurityGroup securityGroup() {
    return securityGroup;
  }

  public NetworkTargetGroup targetGroup() {
    return targetGroup;
  }

  public NetworkListener listener() {
    return listener;
  }
}
