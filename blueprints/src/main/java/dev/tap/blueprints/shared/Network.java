package dev.tap.blueprints.shared;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.FlowLog;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogResourceType;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * A VPC over explicit availability zones: public subnets, private subnets with NAT egress (one NAT
 * gateway per zone keeps a zone outage from cutting the others' egress; fewer save Elastic IPs, whose
 * default quota is 5 per region), isolated subnets for data stores, and flow logs to a KMS-encrypted
 * log group kept 90 days.
 *
 * <p>With {@code RemovalPolicy.RETAIN} the VPC and its subnets are retained too: retained data stores
 * keep their network interfaces in them, so deleting the subnets would fail the stack deletion. NAT
 * gateways, their Elastic IPs and the route tables still go.
 */
public final class Network extends Construct {

  /**
   * @param cidr             the VPC's IPv4 block
   * @param natGateways      1 to the number of zones (each takes an Elastic IP)
   * @param gatewayEndpoints add S3 and DynamoDB gateway endpoints
   * @param vpnGateway       attach a virtual private gateway that propagates routes into the private subnets
   */
  public record Props(Names names, IKey key, String cidr, List<String> availabilityZones, int natGateways, boolean gatewayEndpoints,
      boolean vpnGateway, RemovalPolicy removalPolicy) {
    public Props {
      if (natGateways < 1 || natGateways > availabilityZones.size()) {
        throw new IllegalArgumentException("NAT gateways must be 1.." + availabilityZones.size() + " (one per zone at most), got " + natGateways);
      }
    }
  }

  public static final int FLOW_LOG_RETENTION_DAYS = 90;

  private final Vpc vpc;
  private final LogGroup flowLogGroup;

  public Network(Construct scope, String id, Props props) {
    super(scope, id);
    SubnetSelection privateSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    Vpc.Builder b = Vpc.Builder.create(this, "Vpc")
        .vpcName(props.names().of("vpc"))
        .ipAddresses(IpAddresses.cidr(props.cidr()))
        .availabilityZones(props.availabilityZones())
        .natGateways(props.natGateways())
        .enableDnsHostnames(true)
        .enableDnsSupport(true)
        .restrictDefaultSecurityGroup(false)
        .subnetConfiguration(List.of(
            SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
            SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(20).build(),
            SubnetConfiguration.builder().name("isolated").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()));
    if (props.vpnGateway()) b.vpnGateway(true).vpnRoutePropagation(List.of(privateSubnets));
    this.vpc = b.build();
    if (props.removalPolicy() == RemovalPolicy.RETAIN) {
      vpc.applyRemovalPolicy(RemovalPolicy.RETAIN);
      for (ISubnet subnet : vpc.getPrivateSubnets()) subnet.applyRemovalPolicy(RemovalPolicy.RETAIN);
      for (ISubnet subnet : vpc.getPublicSubnets()) subnet.applyRemovalPolicy(RemovalPolicy.RETAIN);
      for (ISubnet subnet : vpc.getIsolatedSubnets()) subnet.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    this.flowLogGroup = LogGroup.Builder.create(this, "FlowLogs")
        .logGroupName("/tap/" + props.names().suffix() + "/" + props.names().blueprint() + "/vpc-flow-logs")
        .retention(RetentionDays.THREE_MONTHS)
        .encryptionKey(props.key())
        .removalPolicy(props.removalPolicy())
        .build();
    Role flowLogRole = Role.Builder.create(this, "FlowLogRole").assumedBy(new ServicePrincipal("vpc-flow-logs.amazonaws.com")).build();
    FlowLog.Builder.create(this, "FlowLog")
        .resourceType(FlowLogResourceType.fromVpc(vpc))
        .destination(FlowLogDestination.toCloudWatchLogs(flowLogGroup, flowLogRole))
        .trafficType(FlowLogTrafficType.ALL)
        .build();

    if (props.gatewayEndpoints()) {
      vpc.addGatewayEndpoint("S3Endpoint", software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build());
      vpc.addGatewayEndpoint("DynamoDbEndpoint",
          software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.DYNAMODB).build());
    }
  }

  public Vpc vpc() {
    return vpc;
  }

  public LogGroup flowLogGroup() {
    return flowLogGroup;
  }

  public SubnetSelection privateSubnets() {
    return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
  }

  public SubnetSelection isolatedSubnets() {
    return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
  }

  /** VpcId, PublicSubnetIds, PrivateSubnetIds, IsolatedSubnetIds. */
  public void addOutputs(StackOutputs outputs) {
    outputs.add("VpcId", vpc.getVpcId(), "VPC id");
    outputs.addList("PublicSubnetIds", vpc.getPublicSubnets().stream().map(s -> s.getSubnetId()).toList(), "Public subnet ids (load balancers, NAT)");
    outputs.addList("PrivateSubnetIds", vpc.getPrivateSubnets().stream().map(s -> s.getSubnetId()).toList(), "Private subnet ids (NAT egress)");
    outputs.addList("IsolatedSubnetIds", vpc.getIsolatedSubnets().stream().map(s -> s.getSubnetId()).toList(), "Isolated subnet ids (data stores)");
  }
}
