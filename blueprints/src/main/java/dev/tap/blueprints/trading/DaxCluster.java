package dev.tap.blueprints.trading;

import dev.tap.blueprints.shared.DynamoTables;
import dev.tap.blueprints.shared.Nag;
import dev.tap.blueprints.shared.Names;
import dev.tap.blueprints.shared.Network;
import dev.tap.blueprints.shared.StackOutputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.dax.CfnCluster;
import software.amazon.awscdk.services.dax.CfnSubnetGroup;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * DAX in front of the trading tables (T6): nodes spread round-robin over the zones, server-side
 * encryption, TLS endpoint, and a service role that reaches only the three tables and their indexes.
 */
final class DaxCluster extends Construct {
  /** The TLS port of an encrypted DAX endpoint. */
  static final int TLS_PORT = 9111;

  /** Data-plane actions DAX performs on the tables on the clients' behalf. */
  static final List<String> TABLE_ACTIONS = List.of("dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem",
      "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem");

  record Props(Names names, Network network, List<String> availabilityZones, String nodeType, int nodes, DynamoTables tables, ISecurityGroup client) {}

  private final CfnCluster cluster;

  DaxCluster(Construct scope, String id, Props p) {
    super(scope, id);
    String name = p.names().unscoped("dax");
    // an inline policy exists with the role, before DAX validates the role at cluster creation
    Role role = Role.Builder.create(this, "ServiceRole")
        .assumedBy(new ServicePrincipal("dax.amazonaws.com"))
        .description("DAX " + name + ": the trading tables and their indexes only")
        .inlinePolicies(Map.of("TradingTables", PolicyDocument.Builder.create()
            .statements(List.of(PolicyStatement.Builder.create().actions(TABLE_ACTIONS).resources(p.tables().tableAndIndexArns()).build()))
            .build()))
        .build();
    Nag.suppressMatching(role, "AwsSolutions-IAM5", "^Resource::<.*\\.Arn>/index/\\*$", "index/* covers the global secondary indexes of the trading tables only");

    CfnSubnetGroup subnets = CfnSubnetGroup.Builder.create(this, "Subnets")
        .subnetGroupName(name + "-subnets")
        .description("Private subnets of " + name)
        .subnetIds(p.network().vpc().selectSubnets(p.network().privateSubnets()).getSubnetIds())
        .build();

    SecurityGroup sg = SecurityGroup.Builder.create(this, "SecurityGroup")
        .vpc(p.network().vpc())
        .description("DAX " + name + ": TLS endpoint from the application tier only")
        .allowAllOutbound(false)
        .build();
    sg.addIngressRule(Peer.securityGroupId(p.client().getSecurityGroupId()), Port.tcp(TLS_PORT), "DAX clients (TLS)");

    List<String> nodeZones = new ArrayList<>();
    for (int i = 0; i < p.nodes(); i++) nodeZones.add(p.availabilityZones().get(i % p.availabilityZones().size()));

    cluster = CfnCluster.Builder.create(this, "Cluster")
        .clusterName(name)
        .description("DAX in front of the TAP trading tables")
        .nodeType(p.nodeType())
        .replicationFactor(p.nodes())
        .availabilityZones(nodeZones)
        .iamRoleArn(role.getRoleArn())
        .subnetGroupName(subnets.getRef())
        .securityGroupIds(List.of(sg.getSecurityGroupId()))
        .sseSpecification(CfnCluster.SSESpecificationProperty.builder().sseEnabled(true).build())
        .clusterEndpointEncryptionType("TLS")
        .build();
    // DAX wants one zone per node, so with more nodes than zones a zone repeats by design
    Validations.of(cluster).acknowledge(Acknowledgment.builder().id("CloudFormation-Validate::W9007")
        .reason("one zone per DAX node: zones repeat when nodes outnumber zones").build());
  }

  /** Lets a client call the DAX data-plane API on this cluster. */
  void grantAccess(IGrantable grantee) {
    grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(TABLE_ACTIONS.stream().filter(a -> !a.equals("dynamodb:DescribeTable")).map(a -> a.replace("dynamodb:", "dax:")).toList())
        .resources(List.of(cluster.getAttrArn()))
        .build());
  }

  void addOutputs(StackOutputs o) {
    o.add("DaxClusterName", cluster.getRef(), "DAX cluster name");
    o.add("DaxClusterArn", cluster.getAttrArn(), "DAX cluster ARN");
    o.add("DaxEndpoint", cluster.getAttrClusterDiscoveryEndpointUrl(), "DAX cluster discovery endpoint (TLS)");
  }
}
